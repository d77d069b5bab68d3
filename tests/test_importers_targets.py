"""Target importer: measure, value (0–100 for %), date range, reason and who set it."""

from datetime import date

import pandas as pd
import pytest

from tracker import importers
from tracker.errors import ImportRejected
from tracker.importers import ImportKind

MEASURES = pd.DataFrame(
    {"code": ["UEC-01-M1", "ELE-01-M1"], "initiative": ["UEC-01", "ELE-01"], "unit": ["%", "count"]}
)
HEADER = "measure,value,effective_from,effective_to,reason,set_by\n"


def parse(body: str, only: str | None = None) -> pd.DataFrame:
    context = importers.Context(
        measures=MEASURES,
        initiatives=pd.DataFrame(),
        today=date(2026, 11, 23),
        only_initiative=only,
    )
    return importers.parse_file((HEADER + body).encode(), "t.csv", ImportKind.targets, context)


def rejection(body: str, only: str | None = None) -> list[str]:
    with pytest.raises(ImportRejected) as info:
        parse(body, only)
    return [str(e) for e in info.value.errors]


def test_good_rows_parse_including_future_targets():
    rows = parse(
        'uec-01-m1,78,2027-04-01,,Plan 2027/28,Board\nELE-01-M1,"1,200",2026-04-01,2027-03-31,Plan,Board\n'
    )
    assert rows["value"].tolist() == [78.0, 1200.0]
    assert rows["effective_to"].tolist() == [None, date(2027, 3, 31)]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("NOPE,1,2026-04-01,,r,b", "unknown measure code 'NOPE'"),
        ("UEC-01-M1,101,2026-04-01,,r,b", "101 is outside 0–100 for a % measure"),
        ("UEC-01-M1,N/A,2026-04-01,,r,b", "'N/A' is not a number"),
        ('UEC-01-M1,"78,5",2026-04-01,,r,b', "uses a decimal comma; use a full stop (78.5)"),
        ("UEC-01-M1,,2026-04-01,,r,b", "empty; a target needs a value"),
        (
            "UEC-01-M1,78,2026-04-01,2026-03-01,r,b",
            "2026-03-01 is before effective_from 2026-04-01",
        ),
        ("UEC-01-M1,78,2026-04-01,,,b", "column reason: empty; reason is required"),
        ("UEC-01-M1,78,April 2026,,r,b", "'April 2026' is not a date"),
    ],
)
def test_each_bad_cell_is_named(row, expected):
    errors = rejection(row + "\n")
    assert any(expected in e for e in errors), errors


def test_duplicates_and_other_initiatives_are_rejected():
    errors = rejection(
        "UEC-01-M1,78,2026-04-01,,r,b\nUEC-01-M1,79,2026-04-01,,r,b\nELE-01-M1,5,2026-04-01,,r,b\n",
        only="UEC-01",
    )
    assert errors == [
        "row 3, column effective_from: duplicate of row 2 (same measure and effective_from)",
        "row 4, column measure: measure ELE-01-M1 belongs to ELE-01, not UEC-01; upload one "
        "initiative's targets at a time",
    ]


def test_a_target_outside_its_units_plausible_range_is_refused():
    days = pd.DataFrame({"code": ["LOS-M1"], "initiative": ["UEC-01"], "unit": ["days"]})
    context = importers.Context(measures=days, initiatives=pd.DataFrame(), today=date(2026, 11, 23))
    with pytest.raises(ImportRejected) as info:
        importers.parse_file(
            (HEADER + "LOS-M1,1e308,2026-04-01,,Plan,Board\n").encode(),
            "t.csv",
            ImportKind.targets,
            context,
        )
    assert [str(e) for e in info.value.errors] == [
        "row 2, column value: 1e+308 is outside 0–3,653 for a days measure (its plausible "
        "range); check the value, or set the measure's min_value and max_value"
    ]


def test_a_target_with_a_control_character_in_its_reason_is_refused():
    errors = rejection("UEC-01-M1,78,2026-04-01,,Plan\x00,Board\n")
    assert errors == [
        "row 2, column reason: holds a control character (U+0000) at character 5; remove it "
        "(it is often left by a copy from another system)"
    ]


def test_a_target_long_before_its_initiative_started_is_refused():
    starts = pd.DataFrame({"code": ["UEC-01"], "start_date": pd.to_datetime(["2024-11-01"])})
    context = importers.Context(measures=MEASURES, initiatives=starts, today=date(2026, 11, 23))
    with pytest.raises(ImportRejected) as info:
        importers.parse_file(
            (
                HEADER + "UEC-01-M1,78,2010-04-01,,Plan,Board\nUEC-01-M1,78,1779-04-01,,P,B\n"
            ).encode(),
            "t.csv",
            ImportKind.targets,
            context,
        )
    assert [str(e) for e in info.value.errors] == [
        "row 2, column effective_from: 2010-04-01 is before 1 Nov 2019, the earliest date for "
        "initiative UEC-01 (5 years before it started); check the year",
        "row 3, column effective_from: 1779-04-01 is before 1 Jan 2000, the earliest date the "
        "tracker takes; check the year",
    ]
