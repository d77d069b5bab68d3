"""The demo's back-dating: each fact dated when it was due, never later than it was recorded."""

from datetime import date

import pandas as pd

from tests.store.test_writes import points
from tracker.models import CheckIn, Target
from tracker.store import demo_dates, queries, writes


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
