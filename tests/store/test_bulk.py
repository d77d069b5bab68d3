"""Bulk writes: the same rows, versions and audit rows as the row-by-row writes, set-based."""

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import other_initiatives_goal, small_programme
from tracker.errors import Conflict, NotFound
from tracker.models import Annotation, CheckIn, Goal, Milestone, Target, TrajectoryPoint
from tracker.store import Database, bulk, queries, writes

M1, M2 = "UEC-01-M1", "UEC-01-M3"


def goal(target: float) -> Goal:
    return Goal(
        code="UEC-01-G1",
        initiative="UEC-01",
        statement="Reach 78% by March 2027",
        measure=M1,
        baseline_value=72,
        baseline_period=date(2025, 4, 1),
        target_value=target,
        target_date=date(2027, 3, 1),
        trajectory=(TrajectoryPoint(period=date(2026, 4, 1), value=75.0),),
    )


def target(value: float, start: date = date(2025, 4, 1)) -> Target:
    return Target(measure=M1, value=value, effective_from=start, reason="plan", set_by="Board")


def milestone(forecast: date, code: str = "UEC-01-MS1") -> Milestone:
    return Milestone(
        code=code,
        initiative="UEC-01",
        title="Open SDEC 7 days a week",
        owner="Lee Lead",
        baseline_date=date(2026, 6, 1),
        forecast_date=forecast,
        change_reason="" if forecast == date(2026, 6, 1) else "staffing",
    )


def check_in(rag: str, period: date = date(2026, 10, 1)) -> CheckIn:
    return CheckIn(
        initiative="UEC-01",
        period=period,
        rag=rag,
        confidence=3,
        progress="Went live",
        author="Lee Lead",
    )


def note(label: str) -> Annotation:
    return Annotation(measure=M2, date=date(2026, 1, 1), kind="intervention", label=label)


FIRST = {
    "save_entities": [*small_programme(), goal(78)],
    "save_targets": [target(76), target(77, date(2026, 4, 1)), target(76.5)],
    "save_milestones": [
        milestone(date(2026, 6, 1)),
        milestone(date(2026, 7, 1)),
        milestone(date(2026, 9, 1), "UEC-01-MS2"),
    ],
    "save_check_ins": [check_in("amber"), check_in("green", date(2026, 9, 1)), check_in("red")],
    "add_annotations": [note("New triage"), note("New triage"), note("Extra staff")],
}
"""Each write's first call: new rows, a row given twice with a change, an identical repeat."""

SECOND = {
    "save_entities": [*small_programme(), goal(80)],
    "save_targets": [target(76.5), target(78, date(2026, 4, 1))],
    "save_milestones": [milestone(date(2026, 7, 1)), milestone(date(2026, 10, 1), "UEC-01-MS2")],
    "save_check_ins": [check_in("red"), check_in("amber", date(2026, 9, 1))],
    "add_annotations": [note("Extra staff"), note("Weekend clinic")],
}
"""Each write's second call: some rows unchanged, some changed (a new version)."""


def write_all(db: Database, module: object) -> list[tuple[int, int, int]]:
    summaries = []
    for calls in (FIRST, SECOND):
        for name, items in calls.items():
            result = getattr(module, name)(db, items, "ana")
            summaries.append((result.added, result.changed, result.unchanged))
    return summaries


def contents(db: Database) -> dict[str, list]:
    """Return every table as the queries show it (codes, not ids), without write times."""
    tables = {
        "initiatives": queries.initiatives(db),
        "measures": queries.measures(db),
        "goals": queries.goals(db),
        "annotations": queries.annotations(db),
        "targets": queries.targets(db),
        "milestones": queries.milestones(db),
        "check_ins": queries.check_ins(db),
        "ms1_history": queries.milestone_history(db, "UEC-01-MS1"),
    }
    out = {
        name: frame.drop(columns=["recorded_at", "superseded_at"], errors="ignore")
        .astype(str)
        .to_numpy()
        .tolist()
        for name, frame in tables.items()
    }
    audit = queries.audit_log(db)[["action", "entity", "code", "before", "after", "who"]]
    out["audit"] = sorted(audit.astype(str).to_numpy().tolist())
    return out


@pytest.fixture
def pair(tmp_path: Path):
    one, two = Database(tmp_path / "rows.duckdb"), Database(tmp_path / "bulk.duckdb")
    yield one, two
    one.close()
    two.close()


def test_bulk_gives_the_same_rows_versions_and_audit_as_row_by_row(pair):
    by_row, by_set = pair
    assert write_all(by_row, writes) == write_all(by_set, bulk)
    assert contents(by_row) == contents(by_set)


def test_bulk_counts_added_changed_and_unchanged(pair):
    _, db = pair
    summaries = write_all(db, bulk)
    assert summaries[1] == (2, 1, 0)  # targets: two new, the first revised within the call
    assert summaries[4] == (1, 1, 1)  # annotations, one key: the repeat skipped, relabel a change
    assert summaries[5] == (0, 1, 5)  # entities again: only the goal changed
    assert summaries[7] == (0, 1, 1)  # milestones again: MS2's forecast moved
    history = queries.milestone_history(db, "UEC-01-MS1")
    assert history["forecast_date"].astype(str).tolist() == ["2026-06-01", "2026-07-01"]
    assert history["superseded_at"].notna().tolist() == [True, False]


def test_child_may_come_before_its_parent(db):
    summary = bulk.save_entities(db, list(reversed(small_programme())), "ana")
    assert summary.added == 5
    assert set(queries.measures(db)["initiative"]) == {"UEC-01"}


def test_unknown_parent_is_named_and_nothing_is_written(small_db):
    before = queries.write_counter(small_db)
    bad = Target(measure="NOPE-1", value=1, effective_from=date(2025, 4, 1), reason="r", set_by="x")
    with pytest.raises(NotFound, match="No measure with code NOPE-1"):
        bulk.save_targets(small_db, [target(76), bad], "ana")
    assert queries.targets(small_db).empty
    assert queries.write_counter(small_db) == before


def test_milestone_code_cannot_move_to_another_initiative(small_db):
    bulk.save_milestones(small_db, [milestone(date(2026, 6, 1))], "ana")
    writes.save_entities(
        small_db,
        [small_programme()[1].model_copy(update={"code": "UEC-02"})],
        "ana",
    )
    moved = milestone(date(2026, 6, 1)).model_copy(update={"initiative": "UEC-02"})
    with pytest.raises(Conflict, match="UEC-01-MS1 belongs to another initiative"):
        bulk.save_milestones(small_db, [moved], "ana")
    assert len(queries.milestones(small_db)) == 1


def test_empty_calls_write_nothing(small_db):
    before = queries.write_counter(small_db)
    for name in ("save_targets", "save_milestones", "save_check_ins", "add_annotations"):
        assert getattr(bulk, name)(small_db, [], "ana").added == 0
    assert bulk.save_entities(small_db, [], "ana").added == 0
    assert queries.write_counter(small_db) == before
    assert isinstance(queries.audit_log(small_db), pd.DataFrame)


def test_renaming_a_measure_with_data_keeps_it_and_moving_it_is_refused(small_db):
    writes.write_data_points(
        small_db,
        pd.DataFrame(
            {
                "measure": [M1],
                "period": [date(2026, 9, 1)],
                "value": [74.0],
                "missing_reason": [""],
                "note": [""],
            }
        ),
        "ana",
    )
    measure = small_programme()[2]
    renamed = measure.model_copy(update={"name": "Four-hour performance"})
    assert bulk.save_entities(small_db, [renamed], "ana").changed == 1
    assert queries.measures(small_db).set_index("code").loc[M1, "name"] == "Four-hour performance"
    writes.save_entities(
        small_db, [small_programme()[1].model_copy(update={"code": "UEC-02"})], "ana"
    )
    moved = renamed.model_copy(update={"initiative": "UEC-02"})
    with pytest.raises(Conflict, match="cannot change its initiative"):
        bulk.save_entities(small_db, [moved], "ana")
    assert queries.measures(small_db).set_index("code").loc[M1, "initiative"] == "UEC-01"


def test_a_goal_on_another_initiatives_measure_is_refused(small_db):
    counter = queries.write_counter(small_db)
    with pytest.raises(Conflict, match="measure UEC-02-M1 belongs to initiative UEC-02"):
        bulk.save_entities(small_db, other_initiatives_goal(), "ana")
    assert queries.write_counter(small_db) == counter


def test_an_implausible_target_or_goal_is_refused(small_db):
    counter = queries.write_counter(small_db)
    with pytest.raises(Conflict, match="Target for UEC-01-M1: 101 is outside 0–100"):
        bulk.save_targets(small_db, [target(101)], "ana")
    with pytest.raises(Conflict, match="Goal UEC-01-G1: 120 is outside 0–100"):
        bulk.save_entities(small_db, [goal(120)], "ana")
    assert queries.write_counter(small_db) == counter
