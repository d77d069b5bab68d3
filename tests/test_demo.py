"""The sample programme loads on any day with values only for periods that have ended."""

from datetime import date

import pytest

from tracker import demo
from tracker.periods import Frequency, has_ended, last_complete_period
from tracker.store import Database, queries


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
