"""The demo's back-dating: a just-loaded sample dated as if each fact was entered when it was due."""

from tracker.store.db import Database

_PERIOD_LENGTH = (
    "CASE {frequency} WHEN 'weekly' THEN INTERVAL 7 DAY WHEN 'monthly' THEN INTERVAL 1 MONTH "
    "ELSE INTERVAL 3 MONTH END"
)


def date_as_entered(db: Database, checkin_lag_days: int) -> None:
    """Date current data points, check-ins and targets as if each was entered when it was due.

    For the demo only, on a database just loaded: a board page "as at" a past day then shows
    what the sample would have held that day. A data point is dated its measure's update lag
    after its period ends, a check-in `checkin_lag_days` after its period ends, and a target
    the day it takes effect; none later than when it was really recorded. Milestones keep the
    load time: the sample holds one version of each, and an earlier date would show a
    completion before it happened. The audit log keeps the real time of the load.
    """
    with db.transaction() as cur:
        cur.execute(
            "UPDATE data_point AS d SET recorded_at = least(d.recorded_at, "
            "CAST(d.period AS TIMESTAMP) + "
            + _PERIOD_LENGTH.format(frequency="m.frequency")
            + " + to_days(m.update_lag_days)) "
            "FROM measure AS m WHERE m.id = d.measure_id AND d.is_current"
        )
        cur.execute(
            "UPDATE check_in AS c SET recorded_at = least(c.recorded_at, "
            "CAST(c.period AS TIMESTAMP) + "
            + _PERIOD_LENGTH.format(frequency="i.checkin_frequency")
            + " + to_days(?)) FROM initiative AS i WHERE i.id = c.initiative_id AND c.is_current",
            [checkin_lag_days],
        )
        cur.execute(
            "UPDATE target SET recorded_at = least(recorded_at, CAST(effective_from AS TIMESTAMP)) "
            "WHERE is_current"
        )
