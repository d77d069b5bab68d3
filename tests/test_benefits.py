"""Benefit arithmetic for the financial year: plan, actual and forecast to date across the April
boundary, cumulative by month, behind plan by more than 10 %, and claimed while in concern."""

from datetime import date

import pandas as pd
import pytest

from tests.register_fixtures import benefit, month
from tracker import benefits
from tracker.store.engine import frame


def _months(*made):
    table = frame(list(made))
    table["month"] = pd.to_datetime(table["month"])
    return table


def _benefits(*made):
    return frame(list(made) or [benefit()])


@pytest.mark.parametrize(
    ("day", "start"),
    [(date(2027, 3, 31), date(2026, 4, 1)), (date(2027, 4, 1), date(2027, 4, 1)),
     (date(2026, 1, 15), date(2025, 4, 1))],
)  # fmt: skip
def test_the_financial_year_starts_on_1_april(day, start):
    assert benefits.fy_start(day) == start


def test_year_to_date_counts_april_to_the_last_complete_month():
    # Today 23 Nov 2026: the year is 2026/27 and October the last complete month. March 2026
    # belongs to the year before; November is planned but not yet to date.
    held = _months(month(date(2026, 3, 1), planned=999, actual=999),
                   month(date(2026, 4, 1), planned=100, actual=80),
                   month(date(2026, 10, 1), planned=100, actual=100, forecast=1000),
                   month(date(2026, 11, 1), planned=100))  # fmt: skip
    table = benefits.year_table(_benefits(), held, date(2026, 11, 23))
    row = table.iloc[0]
    assert (row["plan_ytd"], row["actual_ytd"], row["plan_year"]) == (200, 180, 300)
    assert (row["forecast"], bool(row["forecast_given"])) == (1000, True)
    # 180 is exactly 10 % below 200: not more than 10 % behind.
    assert not row["behind"]


def test_in_april_the_year_just_ended_is_reported():
    # Today 10 Apr 2027: March 2027 is the last complete month, so 2026/27 is still reported.
    held = _months(month(date(2026, 4, 1), planned=100, actual=50),
                   month(date(2027, 3, 1), planned=100, actual=40))  # fmt: skip
    table = benefits.year_table(_benefits(), held, date(2027, 4, 10))
    assert table.attrs["year"] == date(2026, 4, 1)
    row = table.iloc[0]
    assert (row["plan_ytd"], row["actual_ytd"], bool(row["behind"])) == (200, 90, True)
    # No forecast given: the plan for the year stands in, and says so.
    assert (row["forecast"], bool(row["forecast_given"])) == (200, False)


def test_in_may_the_new_year_holds_april_only():
    held = _months(month(date(2027, 3, 1), planned=100, actual=100),
                   month(date(2027, 4, 1), planned=30, actual=10))  # fmt: skip
    table = benefits.year_table(
        _benefits(benefit(profile_to=date(2028, 3, 1))), held, date(2027, 5, 10)
    )
    row = table.iloc[0]
    assert (row["plan_ytd"], row["actual_ytd"], bool(row["behind"])) == (30, 10, True)


def test_a_dis_benefit_is_never_behind_and_counts_against_the_total():
    made = _benefits(benefit(), benefit(code="DIS", dis_benefit=True))
    held = _months(month(date(2026, 4, 1), planned=100, actual=100),
                   month(date(2026, 4, 1), benefit="DIS", planned=40, actual=0))  # fmt: skip
    table = benefits.year_table(made, held, date(2026, 11, 23))
    assert table["behind"].tolist() == [False, False]
    summed = benefits.by_initiative(table)
    assert summed["initiative"].tolist() == ["UEC-01", "Total"]
    assert summed["plan_ytd"].tolist() == [60, 60]


def test_cumulative_by_month_stops_actuals_at_the_reporting_month():
    held = _months(month(date(2026, 4, 1), planned=100, actual=90),
                   month(date(2026, 5, 1), planned=100, actual=120),
                   month(date(2026, 12, 1), planned=50, actual=None))  # fmt: skip
    table = benefits.year_table(_benefits(), held, date(2026, 11, 23))
    path = benefits.cumulative(table, held)
    assert len(path) == 12
    assert path["planned"].tolist()[:2] == [100, 200]
    assert path["planned"].iloc[-1] == 250
    assert path["actual"].tolist()[:2] == [90, 210]
    assert path["actual"].iloc[6] == 210  # October: nothing since May
    assert path["actual"].iloc[7:].isna().all()
    # No forecast given: the outturn is the year's plan, £250, reached in March from
    # October's £210 in five equal steps of £8; before October, no forecast.
    assert path["forecast"].iloc[:6].isna().all()
    assert path["forecast"].iloc[6:].tolist() == [210, 218, 226, 234, 242, 250]


def test_cumulative_forecast_heads_for_the_latest_forecast_outturn():
    held = _months(month(date(2026, 4, 1), planned=100, actual=90, forecast=600),
                   month(date(2027, 3, 1), planned=500))  # fmt: skip
    # Reported in March 2027 (23 Apr 2027): the forecast is the outturn itself, £600.
    table = benefits.year_table(_benefits(), held, date(2027, 4, 23))
    path = benefits.cumulative(table, held)
    assert path["actual"].iloc[-1] == 90
    assert path["forecast"].iloc[:-1].isna().all() and path["forecast"].iloc[-1] == 600


def test_each_exception_rule():
    made = _benefits(benefit(), benefit(code="B2", measure=None))
    held = _months(month(date(2026, 4, 1), planned=1000, actual=500),
                   month(date(2026, 4, 1), benefit="B2", planned=100, actual=100))  # fmt: skip
    table = benefits.year_table(made, held, date(2026, 11, 23))
    found = benefits.exceptions(table, concern={"UEC-01-M1"})
    assert found["kind"].tolist() == ["benefit_behind_plan", "benefit_claimed_with_concern"]
    assert found["reason"].tolist() == [
        "Delivered £500 against a plan of £1,000 to Oct 2026: 50% behind.",
        "£500 is claimed this year while its measure UEC-01-M1 shows special cause concern.",
    ]
    assert benefits.exceptions(table, concern=set())["kind"].tolist() == ["benefit_behind_plan"]
