"""The demo's back-dating: a just-loaded sample dated as if each fact was entered when it was due."""

from tracker.store.db import Cursor, Database

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

    The registers are loaded as two versions (tracker.demo): a risk as identified, dated its
    identified day and replaced on its last review, then as last reviewed, dated that day; a
    benefit's month as planned, dated the benefit's first profile month and replaced when its
    actual fell due (the month's end + `checkin_lag_days`), then with its actual, dated then.
    A driver diagram's nodes are dated their initiative's start, and a PDSA cycle (one version
    holding every step it has reached) the day of its latest step, so a past month's pack and
    pages show the diagram and the cycles as far as they had gone.
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
        _date_registers(cur, checkin_lag_days)
        _date_method(cur)


def _date_method(cur: Cursor) -> None:
    """Date the driver diagrams and PDSA cycles as date_as_entered says."""
    cur.execute(
        "UPDATE diagram_node_version AS v SET recorded_at = least(v.recorded_at, "
        "CAST(i.start_date AS TIMESTAMP)) FROM diagram_node AS n, initiative AS i "
        "WHERE n.id = v.diagram_node_id AND i.id = n.initiative_id AND v.is_current"
    )
    # greatest() passes over the steps not reached (NULL); a cycle with none is dated its start.
    cur.execute(
        "UPDATE pdsa_cycle_version SET recorded_at = least(recorded_at, CAST(coalesce("
        "greatest(do_date, study_date, act_date), start_date) AS TIMESTAMP)) WHERE is_current"
    )


def _date_registers(cur: Cursor, checkin_lag_days: int) -> None:
    """Date the registers' two versions as date_as_entered says (current ones first, so each
    earlier version's replacement follows its successor's date)."""
    cur.execute(
        "UPDATE risk SET recorded_at = least(recorded_at, CAST(last_reviewed AS TIMESTAMP)) "
        "WHERE is_current"
    )
    cur.execute(
        "UPDATE risk AS r SET recorded_at = least(r.recorded_at, CAST(r.identified AS TIMESTAMP)), "
        "superseded_at = c.recorded_at FROM risk AS c "
        "WHERE c.code = r.code AND c.is_current AND r.is_current IS NULL"
    )
    entered = "CAST(m.month AS TIMESTAMP) + INTERVAL 1 MONTH + to_days(?)"
    cur.execute(
        f"UPDATE benefit_month AS m SET recorded_at = least(m.recorded_at, CASE WHEN m.actual "
        f"IS NULL THEN CAST(b.profile_from AS TIMESTAMP) ELSE {entered} END) FROM benefit AS b "
        "WHERE b.id = m.benefit_id AND m.is_current",
        [checkin_lag_days],
    )
    cur.execute(
        "UPDATE benefit_month AS m SET recorded_at = least(m.recorded_at, "
        "CAST(b.profile_from AS TIMESTAMP)), superseded_at = c.recorded_at "
        "FROM benefit AS b, benefit_month AS c WHERE b.id = m.benefit_id "
        "AND c.benefit_id = m.benefit_id AND c.month = m.month AND c.is_current "
        "AND m.is_current IS NULL"
    )
