"""The check-in form's grids: which rows count as edited, and where problems are shown."""

from datetime import date

import pandas as pd

from tracker import checkin_grids
from tracker.checkin_grids import VALUE_COLUMNS
from tracker.errors import RowError
from tracker.periods import Frequency

COLUMNS = list(VALUE_COLUMNS.values())


def grid(*values: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Measure": [f"M{n}" for n in range(len(values))],
            "Period": "Oct 2026",
            "Value": list(values),
            "Missing reason": "",
            "Note": "",
            "Problem": "",
        }
    )


def test_only_rows_typed_over_count_as_edited():
    loaded = grid("61.4", "", "7")
    typed = loaded.copy()
    typed.loc[0, "Value"] = " 61.4 "  # spaces around what was there change nothing
    typed.loc[1, "Value"] = None  # an emptied cell the editor gives as None is still empty
    typed.loc[2, "Note"] = "checked"
    assert checkin_grids.edited(typed, loaded, COLUMNS).tolist() == [False, False, True]


def test_a_date_picked_equals_the_same_date_held_as_text():
    loaded = pd.DataFrame({"Forecast": ["2026-10-30"]})
    picked = pd.DataFrame({"Forecast": [date(2026, 10, 30)]})
    assert not checkin_grids.edited(picked, loaded, ["Forecast"]).any()
    assert checkin_grids.iso(None) == ""


def test_problems_sit_beside_their_row_joined_when_several():
    errors = [
        RowError(1, "value", "'N/A' is not a number"),
        RowError(3, "value", "too big"),
        RowError(3, "note", "say why"),
    ]
    shown = checkin_grids.problems(grid("N/A", "5", "9999"), errors, VALUE_COLUMNS)
    assert shown["Problem"].tolist() == [
        "Value: 'N/A' is not a number",
        "",
        "Value: too big; Note: say why",
    ]


def test_messages_name_the_measure_period_and_column():
    lines = checkin_grids.messages(
        grid("5", "N/A"), [RowError(2, "value", "not a number")], pd.DataFrame(), []
    )
    assert lines == ["M1, Oct 2026, Value: not a number"]


def test_weeks_are_asked_for_in_the_month_they_start_in():
    measures = pd.DataFrame(
        {
            "code": ["W"],
            "name": ["Weekly count"],
            "unit": ["count"],
            "decimals": [0],
            "frequency": ["weekly"],
        }
    )
    points = pd.DataFrame(columns=["measure", "period", "value", "missing_reason", "note"])
    rows = checkin_grids.values_grid(
        measures, points, date(2026, 10, 1), Frequency.monthly, date(2026, 11, 23)
    )
    # October 2026 starts on a Thursday: the week of 28 Sep belongs to September.
    assert rows["period"].tolist() == ["2026-10-05", "2026-10-12", "2026-10-19", "2026-10-26"]
    assert set(rows["Recent"]) == {"–"}


def test_only_periods_that_have_ended_are_offered():
    measures = pd.DataFrame(
        {
            "code": ["W", "M"],
            "name": ["Weekly count", "Monthly count"],
            "unit": ["count", "count"],
            "decimals": [0, 0],
            "frequency": ["weekly", "monthly"],
        }
    )
    points = pd.DataFrame(columns=["measure", "period", "value", "missing_reason", "note"])

    def offered(today: date) -> list[tuple[str, str]]:
        rows = checkin_grids.values_grid(
            measures, points, date(2026, 11, 1), Frequency.monthly, today
        )
        return list(zip(rows["measure"], rows["period"], strict=True))

    weeks = [("W", "2026-11-02"), ("W", "2026-11-09"), ("W", "2026-11-16"), ("W", "2026-11-23")]
    # Monday 30 Nov: November is still open that day, and the week it starts ends on 6 Dec.
    assert offered(date(2026, 11, 30)) == weeks
    assert offered(date(2026, 12, 1)) == [*weeks, ("M", "2026-11-01")]
    assert offered(date(2026, 12, 4)) == [*weeks, ("M", "2026-11-01")]
    assert offered(date(2026, 12, 7)) == [*weeks, ("W", "2026-11-30"), ("M", "2026-11-01")]
