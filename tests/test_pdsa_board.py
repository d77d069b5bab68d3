"""The PDSA cycles' exceptions read from the store, today and as at a past time."""

from datetime import date

from qi_helpers import cycle, diagram

from tests.conftest import TODAY
from tracker import qi_edits, registers_view
from tracker.attention import ExceptionKind
from tracker.store.db import utc_now

WHO = "lee.lead@nhs.net"


def pdsa_rows(db, as_of=None) -> list[tuple[str, str]]:
    found = registers_view.load(db, TODAY, as_of).exceptions
    chosen = found[found["kind"].str.startswith("pdsa_")]
    return list(zip(chosen["kind"], chosen["code"], strict=True))


def test_pdsa_exceptions_follow_the_cycles_history(small_db):
    qi_edits.save_diagram(small_db, WHO, "UEC-01", diagram())
    # Change ideas and no cycle yet: the initiative has had no PDSA in 90 days.
    assert pdsa_rows(small_db) == [(ExceptionKind.pdsa_none_in_90_days, "UEC-01")]
    # A cycle that ended on 31 Oct, 23 days before today, with no study written.
    qi_edits.save_cycle(small_db, WHO, cycle("K1"))
    before_study = utc_now()
    assert pdsa_rows(small_db) == [(ExceptionKind.pdsa_awaiting_study, "K1")]
    qi_edits.save_cycle(
        small_db,
        WHO,
        cycle(
            "K1", do_notes="Ran it", study_notes="Waits fell", study_date=date(2026, 11, 20)
        ),  # fmt: skip
    )
    assert pdsa_rows(small_db) == []
    # As at before the study was written, the board saw the cycle awaiting it.
    assert pdsa_rows(small_db, before_study) == [(ExceptionKind.pdsa_awaiting_study, "K1")]
