"""Periods: weeks start Monday, months on the 1st, quarters on 1 Jan/Apr/Jul/Oct; UK financial year."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.periods import (
    Frequency,
    add_periods,
    financial_year,
    has_ended,
    is_period_start,
    last_complete_period,
    period_end,
    period_start,
    period_start_error,
)


@pytest.mark.parametrize(
    ("day", "frequency", "start"),
    [
        (date(2026, 11, 23), Frequency.weekly, date(2026, 11, 23)),
        (date(2026, 11, 29), Frequency.weekly, date(2026, 11, 23)),
        (date(2026, 11, 23), Frequency.monthly, date(2026, 11, 1)),
        (date(2026, 11, 23), Frequency.quarterly, date(2026, 10, 1)),
        (date(2026, 3, 31), Frequency.quarterly, date(2026, 1, 1)),
    ],
)
def test_period_start(day, frequency, start):
    assert period_start(day, frequency) == start
    assert is_period_start(start, frequency)


def test_add_periods_and_end():
    assert add_periods(date(2026, 11, 1), Frequency.monthly, 3) == date(2027, 2, 1)
    assert add_periods(date(2026, 1, 1), Frequency.quarterly, -1) == date(2025, 10, 1)
    assert period_end(date(2024, 2, 1), Frequency.monthly) == date(2024, 2, 29)


def test_last_complete_period_is_before_today():
    assert last_complete_period(date(2026, 11, 23), Frequency.monthly) == date(2026, 10, 1)
    assert last_complete_period(date(2026, 11, 23), Frequency.weekly) == date(2026, 11, 16)


@pytest.mark.parametrize(
    ("start", "frequency", "last_day"),
    [
        (date(2026, 11, 23), Frequency.weekly, date(2026, 11, 29)),
        (date(2026, 11, 1), Frequency.monthly, date(2026, 11, 30)),
        (date(2026, 7, 1), Frequency.quarterly, date(2026, 9, 30)),
        # Year ends: a week that starts in one year and ends in the next, December, and Q3.
        (date(2026, 12, 28), Frequency.weekly, date(2027, 1, 3)),
        (date(2026, 12, 1), Frequency.monthly, date(2026, 12, 31)),
        (date(2026, 10, 1), Frequency.quarterly, date(2026, 12, 31)),
    ],
)
def test_a_period_is_open_through_its_last_day_and_ended_the_day_after(start, frequency, last_day):
    assert not has_ended(start, frequency, start)
    assert not has_ended(start, frequency, last_day)
    assert has_ended(start, frequency, last_day + timedelta(days=1))


def utc(*fields: int) -> datetime:
    return datetime(*fields, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "frequency", "moment", "ended"),
    [
        # Clocks go forward on Sunday 29 Mar 2026: 23:30 UTC that night is 00:30 BST on Monday.
        (date(2026, 3, 23), Frequency.weekly, utc(2026, 3, 29, 22, 59), False),
        (date(2026, 3, 23), Frequency.weekly, utc(2026, 3, 29, 23, 30), True),
        (date(2026, 3, 1), Frequency.monthly, utc(2026, 3, 31, 22, 59), False),
        (date(2026, 3, 1), Frequency.monthly, utc(2026, 3, 31, 23, 0), True),
        (date(2026, 1, 1), Frequency.quarterly, utc(2026, 3, 31, 23, 0), True),
        # Clocks go back on Sunday 25 Oct 2026: from then London is on UTC again.
        (date(2026, 10, 19), Frequency.weekly, utc(2026, 10, 25, 23, 30), False),
        (date(2026, 10, 19), Frequency.weekly, utc(2026, 10, 26, 0, 0), True),
        (date(2026, 10, 1), Frequency.monthly, utc(2026, 10, 31, 23, 30), False),
        (date(2026, 10, 1), Frequency.monthly, utc(2026, 11, 1, 0, 0), True),
        # A moment with no zone is UTC, as the store keeps it: 23:30 on 31 Mar is April in BST.
        (date(2026, 3, 1), Frequency.monthly, datetime(2026, 3, 31, 23, 30), True),
        # A moment in another zone counts by the UK's clock: 19:30 in New York is 00:30 BST.
        (
            date(2026, 3, 1),
            Frequency.monthly,
            datetime(2026, 3, 31, 19, 30, tzinfo=timezone(timedelta(hours=-4))),
            True,
        ),
    ],
)
def test_a_period_ends_at_midnight_uk_time_in_summer_and_winter(start, frequency, moment, ended):
    assert has_ended(start, frequency, moment) is ended


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    st.sampled_from(list(Frequency)),
)
def test_the_latest_complete_period_has_ended_and_the_next_has_not(today, frequency):
    latest = last_complete_period(today, frequency)
    assert is_period_start(latest, frequency)
    assert has_ended(latest, frequency, today)
    assert not has_ended(add_periods(latest, frequency, 1), frequency, today)


def test_error_names_the_right_date():
    message = period_start_error(date(2026, 11, 25), Frequency.weekly)
    assert message is not None and message.endswith("use 2026-11-23")
    assert period_start_error(date(2026, 11, 23), Frequency.weekly) is None


def test_financial_year_runs_april_to_march():
    assert financial_year(date(2026, 11, 23)) == "FY 2026/27"
    assert financial_year(date(2027, 3, 31)) == "FY 2026/27"
    assert financial_year(date(2027, 4, 1)) == "FY 2027/28"
