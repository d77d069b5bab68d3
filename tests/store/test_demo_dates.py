"""The demo's back-dating: each fact dated when it was due, never later than it was recorded."""

from datetime import date, datetime

import pandas as pd

from tests.conftest import sample_rows
from tests.store.test_writes import points
from tracker.models import CheckIn, Target
from tracker.store import demo_dates, qi, queries, registers, writes


def test_date_as_entered_dates_each_fact_when_due_and_never_later_than_recorded(small_db):
    writes.write_data_points(
        small_db,
        points([("UEC-01-M1", "2026-01-01", 74.0), ("UEC-01-M2", "2026-01-05", 30.0)]),
        "ana",
    )
    writes.save_check_ins(
        small_db,
        [
            CheckIn(
                initiative="UEC-01",
                period=date(2026, 2, 1),
                rag="amber",
                confidence=3,
                author="Lee",
            )
        ],
        "lee",
    )
    target = Target(
        measure="UEC-01-M1",
        value=78.0,
        effective_from=date(2026, 4, 1),
        reason="Plan",
        set_by="Sam",
    )
    writes.save_targets(small_db, [target], "sam")
    loaded = queries.data_points(small_db)["recorded_at"].max()
    demo_dates.date_as_entered(small_db, checkin_lag_days=10)
    dated = queries.data_points(small_db).set_index("measure")["recorded_at"]
    # Monthly: the period ends 1 Feb, plus the default 10-day lag; weekly: ends 12 Jan, plus 10.
    assert dated["UEC-01-M1"] == min(loaded, pd.Timestamp("2026-02-11"))
    assert dated["UEC-01-M2"] == min(loaded, pd.Timestamp("2026-01-22"))
    assert queries.check_ins(small_db)["recorded_at"].iloc[0] == min(
        loaded, pd.Timestamp("2026-03-11")
    )
    assert queries.targets(small_db)["recorded_at"].iloc[0] == min(
        loaded, pd.Timestamp("2026-04-01")
    )


def test_the_sample_registers_read_as_they_stood_in_a_past_month(sample_read_only):
    # The sample is loaded today (the test run), yet each risk is dated from the day it was
    # identified and each benefit month from its first profile month, as the other facts are.
    db = sample_read_only
    rows = {r["code"]: r for r in sample_rows("risks.csv")}
    june = datetime(2026, 6, 15)
    then = registers.risks(db, june).set_index("code")
    # Identified dates are moved with the sample; R19's is in the spring (before June), and its
    # last review in the autumn: in June it stood at its initial score, 5 × 5.
    held = registers.risks(db).set_index("code")
    identified = held["identified"].map(pd.Timestamp)
    assert set(then.index) == set(identified[identified <= june].index)
    assert 0 < len(then) <= len(rows)
    r19 = then.loc["DIS-01-R19"]
    assert (r19["current_likelihood"], r19["current_consequence"]) == (5, 5)
    assert pd.Timestamp(held.loc["DIS-01-R19", "last_reviewed"]) > june
    # Benefit months: every month of FY 2026/27 is planned from April; an actual is there once
    # due (the month's end + 10 days): April's and May's by 15 June, not June's.
    months = registers.benefit_months(db, june)
    actual = months.dropna(subset=["actual"])
    assert set(pd.to_datetime(actual["month"])) == {pd.Timestamp("2026-04-01"),
                                                   pd.Timestamp("2026-05-01")}  # fmt: skip
    assert len(months) == len(registers.benefit_months(db))


def test_the_sample_method_reads_as_it_stood_in_a_past_month(sample_read_only):
    # Loaded today, yet each diagram is there from its initiative's start and each PDSA cycle
    # from its latest step (or its start, if it has reached none), so a past month's pack shows
    # the diagrams and the cycles as far as they had gone.
    db = sample_read_only
    june = datetime(2026, 6, 15)
    starts = queries.initiatives(db).set_index("code")["start_date"].map(pd.Timestamp)
    nodes = qi.diagram_nodes(db)
    assert set(qi.diagram_nodes(db, as_of=june)["code"]) == set(
        nodes.loc[nodes["initiative"].map(starts) <= june, "code"]
    )
    cycles = qi.pdsa_cycles(db)
    steps = cycles[["do_date", "study_date", "act_date"]].apply(pd.to_datetime).max(axis=1)
    latest = steps.fillna(pd.to_datetime(cycles["start_date"]))
    then = set(qi.pdsa_cycles(db, as_of=june)["code"])
    assert then == set(cycles.loc[latest <= june, "code"])
    # The sample has cycles on both sides of June, so the test tells a dated sample from one
    # dated at its load (none then) or at the cycles' starts (more then).
    assert 0 < len(then) < len(cycles)
