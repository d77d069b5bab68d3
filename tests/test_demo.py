"""The demo loader: the sample's texts name the months of its moved dates, and it holds values
only for periods that have ended, whatever today is."""

import calendar
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from tracker import demo
from tracker.periods import Frequency, has_ended, last_complete_period
from tracker.store import Database, queries

MONTHS = tuple(calendar.month_name)[1:]
"""Month names as written in the sample's prose, from the standard library, not from the tracker."""

NAMED = re.compile(rf"\b(?:(\d{{1,2}}) )?({'|'.join(MONTHS)})\b(?: (\d{{4}}))?")
"""A date in words: '16 October', 'March 2027', '31 March 2027' or a bare 'October'."""

FINANCIAL_YEAR = re.compile(r"\b20\d\d/\d\d\b")
"""An NHS financial year in words, '2026/27'."""

APRIL = 4
"""The NHS financial year starts in April."""

DAYS = (date(2026, 12, 4), date(2027, 3, 15), date(2027, 8, 2))
"""Days the demo might be loaded on: the issue's 4 Dec 2026, then later ones across a year end."""

NARRATIVE = ("progress", "risks", "next_steps", "asks")

TEXTS = {
    "check_ins": NARRATIVE,
    "goals": ("statement",),
    "initiatives": ("aim",),
    "milestones": ("title", "change_reason"),
    "annotations": ("label", "reason"),
}
"""The sample's free texts, by the query that reads them back."""


def load(folder: Path, today: date) -> dict[str, pd.DataFrame]:
    """Return the sample's tables with free text, as loaded on `today`."""
    with Database(folder / f"sample-{today}.duckdb") as db:
        demo.load_sample(db, today, "sample.loader")
        return {name: getattr(queries, name)(db) for name in TEXTS}


def month_number(day: date | pd.Timestamp) -> int:
    """Return a date as a count of months, so that two dates' difference is whole months."""
    return day.year * 12 + day.month


def named(text: str) -> list[tuple[int, str]]:
    """Return each month named in `text` as (month 1-12, year or '')."""
    return [(MONTHS.index(month) + 1, year) for _, month, year in NAMED.findall(text)]


@pytest.fixture(scope="module")
def written(sample_read_only: Database) -> dict[str, pd.DataFrame]:
    """The sample's tables with free text as loaded on the tests' usual day: the run's sample,
    which conftest loads on that day, so it is not loaded again for each later day."""
    return {name: getattr(queries, name)(sample_read_only) for name in TEXTS}


@pytest.fixture(scope="module", params=DAYS, ids=str)
def moved(
    request, written, tmp_path_factory
) -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame]]:
    """The sample loaded on the tests' usual day (as written) and on a later day."""
    return written, load(tmp_path_factory.mktemp("demo"), request.param)


def test_sample_texts_keep_no_placeholder(moved):
    _, later = moved
    for name, columns in TEXTS.items():
        for column in columns:
            texts = later[name][column].fillna("")
            assert not texts.str.contains(r"[{}]").any(), (name, column)


def test_goal_statements_name_their_target_month(moved):
    _, later = moved
    dated = 0
    for goal in later["goals"].itertuples():
        target = pd.Timestamp(goal.target_date)
        for month, year in named(goal.statement):
            assert (month, year) == (target.month, str(target.year)), goal.code
            dated += 1
    assert dated > 0  # the sample's goals do name months: the test checks something


def test_initiative_aims_end_on_their_planned_end(moved):
    _, later = moved
    for initiative in later["initiatives"].itertuples():
        *_, (day, month, year) = NAMED.findall(initiative.aim)
        end = pd.Timestamp(initiative.planned_end)
        assert (int(day), month, int(year)) == (end.day, MONTHS[end.month - 1], end.year)


def test_no_check_in_reports_the_month_before_its_period(moved):
    # The symptom: moved to November, a check-in still spoke of "October" figures.
    _, later = moved
    for check_in in later["check_ins"].itertuples():
        before = pd.Timestamp(check_in.period) - pd.DateOffset(months=1)
        assert (before.month, "") not in named(check_in.progress), check_in.progress


def test_check_ins_name_their_own_financial_year(moved):
    # Each year the sample's check-ins name ("the 2026/27 CIP plan") is their period's own.
    _, later = moved
    named_years = 0
    for check_in in later["check_ins"].to_dict("records"):
        period = pd.Timestamp(check_in["period"])
        first = period.year if period.month >= APRIL else period.year - 1
        for field in NARRATIVE:
            for year in FINANCIAL_YEAR.findall(check_in[field] or ""):
                assert year == f"{first}/{(first + 1) % 100:02d}", check_in[field]
                named_years += 1
    assert named_years > 0


def test_check_in_months_move_with_their_period(moved):
    # A check-in's prose names months relative to its own period ("in October", "by 13
    # November"); when the period moves k months, each month named moves k months too.
    written, later = moved
    # Both loads hold the same check-ins in the same order (by initiative, then period).
    pairs = written["check_ins"].merge(
        later["check_ins"], left_index=True, right_index=True, suffixes=("_was", "_now")
    )
    checked = 0
    for row in pairs.to_dict("records"):
        assert row["initiative_was"] == row["initiative_now"]
        k = month_number(row["period_now"]) - month_number(row["period_was"])
        assert k > 0  # every day in DAYS is later than the sample's own
        for field in NARRATIVE:
            was, now = named(row[f"{field}_was"] or ""), named(row[f"{field}_now"] or "")
            assert len(was) == len(now), (row["initiative_was"], field)
            for (month_was, year_was), (month_now, year_now) in zip(was, now, strict=True):
                assert (month_was - 1 + k) % 12 + 1 == month_now, row[f"{field}_now"]
                if year_was:
                    moved_to = int(year_was) * 12 + month_was - 1 + k
                    assert (moved_to // 12, moved_to % 12 + 1) == (int(year_now), month_now)
                checked += 1
    assert checked > 0


def test_milestone_texts_move_with_their_forecast(moved):
    written, later = moved
    pairs = written["milestones"].merge(later["milestones"], on="code", suffixes=("_was", "_now"))
    for row in pairs.to_dict("records"):
        k = month_number(row["forecast_date_now"]) - month_number(row["forecast_date_was"])
        text_was = f"{row['title_was']} {row['change_reason_was'] or ''}"
        text_now = f"{row['title_now']} {row['change_reason_now'] or ''}"
        was, now = named(text_was), named(text_now)
        assert [(m - 1 + k) % 12 + 1 for m, _ in was] == [m for m, _ in now], text_now


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # 31 March moved a month has no 31st: it ends on April's last day, as the row's dates do.
        ("by {day_month_year:2027-03-31}", "by 30 April 2027"),
        ("in {month:2026-12-01}", "in January"),
        ("{day_month:2026-10-16} and {month_year:2026-12-01}", "16 November and January 2027"),
        # March 2026 is in 2025/26; a month later, April 2026 starts 2026/27.
        ("the {fy:2026-03-01} plan", "the 2026/27 plan"),
        ("no dates {here}", "no dates {here}"),
    ],
)
def test_fill_dates_writes_moved_dates_in_words(text, words):
    assert demo.fill_dates(text, lambda day: demo.shift_months(day, 1)) == words


@pytest.mark.parametrize(
    "today",
    [
        date(2026, 12, 4),  # a Friday: the week of 30 Nov and December are open
        date(2026, 3, 29),  # the Sunday clocks go forward: its week is open all day
        date(2027, 1, 3),  # a Sunday: the week of 28 Dec 2026 spans the year end, still open
    ],
)
def test_the_sample_holds_no_value_or_check_in_for_an_open_period(db: Database, today: date):
    demo.load_sample(db, today, "sample.loader")
    frequency = queries.measures(db).set_index("code")["frequency"]
    points = queries.data_points(db)
    periods = [p.date() for p in points["period"]]
    kinds = [Frequency(frequency[m]) for m in points["measure"]]
    assert all(has_ended(p, f, today) for p, f in zip(periods, kinds, strict=True))
    # Its latest values are the latest ended periods: the demo never looks stale.
    for kind in (Frequency.weekly, Frequency.monthly):
        latest = max(p for p, f in zip(periods, kinds, strict=True) if f is kind)
        assert latest == last_complete_period(today, kind)
    cycle = queries.initiatives(db).set_index("code")["checkin_frequency"]
    check_ins = queries.check_ins(db)
    assert all(
        has_ended(p.date(), Frequency(cycle[i]), today)
        for p, i in zip(check_ins["period"], check_ins["initiative"], strict=True)
    )
