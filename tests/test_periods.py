"""Periods: weeks start Monday, months on the 1st, quarters on 1 Jan/Apr/Jul/Oct; UK financial year."""

from datetime import date

import pytest

from tracker.periods import (
    Frequency,
    add_periods,
    financial_year,
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


def test_error_names_the_right_date():
    message = period_start_error(date(2026, 11, 25), Frequency.weekly)
    assert message is not None and message.endswith("use 2026-11-23")
    assert period_start_error(date(2026, 11, 23), Frequency.weekly) is None


def test_financial_year_runs_april_to_march():
    assert financial_year(date(2026, 11, 23)) == "FY 2026/27"
    assert financial_year(date(2027, 3, 31)) == "FY 2026/27"
    assert financial_year(date(2027, 4, 1)) == "FY 2027/28"
