"""Leads, sponsors, SROs and owners in a workbook are people on the people list, matched by name
or email; anyone else is refused with the list of known people."""

import pytest

from tests.conftest import TODAY
from tests.workbook_helpers import edited, small_book
from tracker.errors import ImportRejected
from tracker.models import User
from tracker.store import grants, queries
from tracker.workbook import programme

PEOPLE = [
    User(name="Sam Owner", email="sam.owner@trust.nhs.uk"),
    User(name="Lee Lead", email="lee.lead@trust.nhs.uk"),
    User(name="Dana Director", email="dana@trust.nhs.uk"),
    User(name="Ana Analyst", email="ana@trust.nhs.uk"),
]
"""Everyone the small programme names (tests/conftest.small_programme)."""


def test_with_no_people_listed_any_name_is_taken(db):
    programme.load(db, edited(small_book(), "Initiatives", {"E2": "Someone New"}), "pmo", TODAY)
    assert queries.initiatives(db).loc[0, "lead"] == "Someone New"


def test_a_person_written_by_email_or_in_another_case_is_stored_by_their_name(db):
    grants.save_people(db, PEOPLE, "pmo")
    book = edited(
        small_book(), "Initiatives", {"E2": "LEE.LEAD@trust.nhs.uk", "F2": "dana director"}
    )
    programme.load(db, book, "pmo", TODAY)
    found = queries.initiatives(db).loc[0]
    assert (found["lead"], found["sponsor"]) == ("Lee Lead", "Dana Director")


def test_someone_not_on_the_people_list_is_refused_with_who_is(db):
    grants.save_people(db, PEOPLE, "pmo")
    with pytest.raises(ImportRejected) as refused:
        programme.load(
            db, edited(small_book(), "Initiatives", {"E2": "Nobody Known"}), "pmo", TODAY
        )
    assert [str(e) for e in refused.value.errors] == [
        "Initiatives, row 2, column lead: Nobody Known is not on the people list (known: Ana "
        "Analyst, Dana Director, Lee Lead, Sam Owner); write their name or email as listed, or "
        "add them first"
    ]
    assert queries.initiatives(db).empty
