"""The PDSA cycles' exceptions: awaiting study past 14 days, and no PDSA in 90 days."""

from datetime import date, timedelta

import pandas as pd
import pytest

from tracker import attention, pdsa
from tracker.attention import ExceptionKind

TODAY = date(2026, 11, 23)


def cycles(*rows: dict[str, object]) -> pd.DataFrame:
    defaults: dict[str, object] = {
        "code": "UEC-01-C1-1",
        "initiative": "UEC-01",
        "objective": "Will a discharge checklist cut delays?",
        "owner": "Pat Pdsa",
        "start_date": date(2026, 9, 1),
        "end_date": date(2026, 10, 1),
        "study_date": None,
        "study_notes": "",
    }
    return pd.DataFrame([{**defaults, **r} for r in rows], columns=list(defaults))


def ended_days_ago(days: int, **more: object) -> pd.DataFrame:
    return cycles({"end_date": TODAY - timedelta(days=days), **more})


@pytest.mark.parametrize(("days", "listed"), [(13, False), (14, False), (15, True)])
def test_a_cycle_awaits_study_when_it_ended_more_than_14_days_ago(days: int, listed: bool) -> None:
    found = pdsa.awaiting_study(ended_days_ago(days), TODAY)
    assert len(found) == int(listed)
    if listed:
        row = found.iloc[0]
        assert row["kind"] == ExceptionKind.pdsa_awaiting_study
        assert row["reason"] == (
            "Ended on 8 Nov 2026, 15 days ago, and no study has been written; owed by Pat Pdsa."
        )


def test_a_study_written_or_dated_clears_it() -> None:
    assert pdsa.awaiting_study(ended_days_ago(40, study_notes="Delays fell"), TODAY).empty
    assert pdsa.awaiting_study(ended_days_ago(40, study_date=date(2026, 10, 5)), TODAY).empty


INITIATIVES = pd.DataFrame(
    {
        "code": ["UEC-01", "UEC-02", "UEC-03"],
        "name": ["Same day emergency care", "Discharge to assess", "Virtual wards"],
        "status": ["active", "active", "paused"],
    }
)
NODES = pd.DataFrame(
    {
        "initiative": ["UEC-01", "UEC-01", "UEC-01", "UEC-03"],
        "kind": ["primary", "change idea", "change idea", "change idea"],
    }
)


@pytest.mark.parametrize(("days", "listed"), [(89, False), (90, False), (91, True)])
def test_no_pdsa_in_90_days_counts_from_the_last_cycle_end(days: int, listed: bool) -> None:
    found = pdsa.quiet_initiatives(INITIATIVES, NODES, ended_days_ago(days), TODAY)
    # UEC-02 has no change ideas, UEC-03 is paused: only UEC-01 can be listed.
    assert list(found["code"]) == (["UEC-01"] if listed else [])
    if listed:
        assert found["reason"].iloc[0] == (
            "Its last PDSA cycle ended on 24 Aug 2026, 91 days ago: none of its 2 change ideas "
            "has been tested since."
        )


def test_a_cycle_running_today_counts_though_it_started_long_ago() -> None:
    running = cycles({"start_date": date(2026, 1, 5), "end_date": date(2027, 1, 5)})
    assert pdsa.quiet_initiatives(INITIATIVES, NODES, running, TODAY).empty


def test_a_cycle_not_yet_started_does_not_count() -> None:
    planned = cycles({"start_date": date(2026, 12, 1), "end_date": date(2026, 12, 20)})
    found = pdsa.quiet_initiatives(INITIATIVES, NODES, planned, TODAY)
    assert list(found["reason"]) == ["No PDSA cycle has tested any of its 2 change ideas."]


def test_pdsa_exceptions_come_last_and_link_to_the_initiative() -> None:
    rows = pd.concat(
        [
            pdsa.awaiting_study(ended_days_ago(30), TODAY),
            pdsa.quiet_initiatives(INITIATIVES, NODES, cycles().iloc[:0], TODAY),
        ]
    )
    found = attention.with_registers(
        pd.DataFrame(columns=attention.EXCEPTION_COLUMNS), rows.reset_index(drop=True)
    )
    assert list(found["severity"]) == [15, 16]
    assert list(found["link_page"]) == ["initiative", "initiative"]
