"""Milestone importer: codes, initiatives, dates, statuses, and a reason for every slip."""

from datetime import date

import pandas as pd
import pytest

from tracker import importers
from tracker.errors import ImportRejected
from tracker.importers import ImportKind

TODAY = date(2026, 11, 23)
INITIATIVES = pd.DataFrame({"code": ["UEC-01", "ELE-01"]})
CURRENT = pd.DataFrame(
    {
        "code": ["UEC-01-MS1", "ELE-01-MS1"],
        "initiative": ["UEC-01", "ELE-01"],
        "forecast_date": pd.to_datetime(["2026-12-01", "2026-12-01"]),
        "change_reason": ["Estates delay", ""],
    }
)
HEADER = (
    "code,initiative,title,owner,baseline_date,forecast_date,status,completed_date,change_reason\n"
)


def parse(body: str, only: str | None = None) -> pd.DataFrame:
    context = importers.Context(
        measures=pd.DataFrame(),
        initiatives=INITIATIVES,
        milestones=CURRENT,
        today=TODAY,
        only_initiative=only,
    )
    return importers.parse_file((HEADER + body).encode(), "m.csv", ImportKind.milestones, context)


def rejection(body: str, only: str | None = None) -> list[str]:
    with pytest.raises(ImportRejected) as info:
        parse(body, only)
    return [str(e) for e in info.value.errors]


def test_good_rows_parse_new_and_existing():
    rows = parse(
        "uec-01-ms1,UEC-01,Open SDEC,Lee,2026-06-01,2026-11-01,on track,,\n"
        "UEC-01-MS9,UEC-01,New ward,Lee,2026-06-01,2026-06-01,complete,2026-06-03,\n"
    )
    assert rows["code"].tolist() == ["UEC-01-MS1", "UEC-01-MS9"]
    assert rows["completed_date"].tolist() == [None, date(2026, 6, 3)]


def test_a_slip_needs_a_new_reason():
    errors = rejection("UEC-01-MS1,UEC-01,T,Lee,2026-06-01,2027-01-15,at risk,,Estates delay\n")
    assert errors == [
        "row 2, column change_reason: forecast moved from 2026-12-01 to 2027-01-15; say why it "
        "slipped (a new reason, not the previous one)"
    ]
    rows = parse("UEC-01-MS1,UEC-01,T,Lee,2026-06-01,2027-01-15,at risk,,Contractor failed\n")
    assert rows["forecast_date"].tolist() == [date(2027, 1, 15)]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("UEC-01-MS2,NOPE,T,Lee,2026-06-01,2026-06-01,on track,,", "unknown initiative 'NOPE'"),
        (
            "UEC-01-MS2,UEC-01,T,Lee,01/06/2026,2026-06-01,on track,,",
            "column baseline_date: '01/06/2026' is not a date",
        ),
        (
            "UEC-01-MS2,UEC-01,T,Lee,2026-06-01,2026-06-01,done,,",
            "'done' is not a status; use one of",
        ),
        (
            "UEC-01-MS2,UEC-01,T,Lee,2026-06-01,2026-06-01,complete,,",
            "a complete milestone needs its completed_date",
        ),
        (
            "UEC-01-MS2,UEC-01,T,Lee,2026-06-01,2026-06-01,on track,2026-06-02,",
            "set status to complete or clear the date",
        ),
        ("UEC-01-MS2,UEC-01,T,Lee,2026-06-01,2026-06-01,complete,2026-12-25,", "is in the future"),
        (
            "UEC-01-MS2,UEC-01,,Lee,2026-06-01,2026-06-01,on track,,",
            "column title: empty; title is required",
        ),
        ("BAD CODE,UEC-01,T,Lee,2026-06-01,2026-06-01,on track,,", "'BAD CODE' is not a code"),
        (
            "ELE-01-MS1,UEC-01,T,Lee,2026-06-01,2026-06-01,on track,,",
            "belongs to ELE-01; codes are unique",
        ),
    ],
)
def test_each_bad_cell_is_named(row, expected):
    errors = rejection(row + "\n")
    assert any(expected in e for e in errors), errors


def test_duplicate_codes_and_other_initiatives_are_rejected():
    errors = rejection(
        "UEC-01-MS2,UEC-01,T,Lee,2026-06-01,2026-06-01,on track,,\n"
        "UEC-01-MS2,UEC-01,T,Lee,2026-06-01,2026-06-01,on track,,\n"
        "ELE-01-MS2,ELE-01,T,Lee,2026-06-01,2026-06-01,on track,,\n",
        only="UEC-01",
    )
    assert errors == [
        "row 3, column code: duplicate of row 2 (same milestone code)",
        "row 4, column initiative: milestone for ELE-01, not UEC-01; upload one initiative's "
        "milestones at a time",
    ]


def test_formula_like_titles_are_kept_as_text():
    rows = parse("UEC-01-MS2,UEC-01,=1+1,@Lee,2026-06-01,2026-06-01,on track,,-see email\n")
    assert rows[["title", "owner", "change_reason"]].iloc[0].tolist() == [
        "=1+1",
        "@Lee",
        "-see email",
    ]


def test_a_date_before_the_earliest_and_a_control_character_are_refused():
    errors = rejection(
        'UEC-01-MS9,UEC-01,"Go\x07live",Lee,1779-06-01,2026-12-01,not started,,"Line one\nline two"\n'
    )
    assert errors == [
        "row 2, column baseline_date: 1779-06-01 is before 1 Jan 2000, the earliest date the "
        "tracker takes; check the year",
        "row 2, column title: holds a control character (U+0007) at character 3; remove it (it "
        "is often left by a copy from another system)",
    ]


PEOPLE = {"lee lead": "Lee Lead", "lee@trust.nhs.uk": "Lee Lead", "ana analyst": "Ana Analyst"}
"""A people list as the store gives it: lower-case name and email → name."""


def parse_with_people(body: str) -> pd.DataFrame:
    context = importers.Context(
        measures=pd.DataFrame(), initiatives=INITIATIVES, milestones=CURRENT, today=TODAY,
        people=PEOPLE,
    )  # fmt: skip
    return importers.parse_file((HEADER + body).encode(), "m.csv", ImportKind.milestones, context)


def test_an_owner_by_email_or_in_another_case_is_stored_by_their_name():
    rows = parse_with_people(
        "UEC-01-MS2,UEC-01,Open SDEC,LEE@trust.nhs.uk,2026-12-01,2026-12-01,on track,,\n"
        "UEC-01-MS3,UEC-01,Staff it,ana ANALYST,2026-12-01,2026-12-01,on track,,\n"
    )
    assert rows["owner"].tolist() == ["Lee Lead", "Ana Analyst"]


def test_an_owner_not_on_the_people_list_is_refused_with_who_is():
    with pytest.raises(ImportRejected) as info:
        parse_with_people("UEC-01-MS2,UEC-01,Open,Bo Nobody,2026-12-01,2026-12-01,on track,,\n")
    assert [str(e) for e in info.value.errors] == [
        "row 2, column owner: Bo Nobody is not on the people list (known: Ana Analyst, Lee Lead)"
    ]
