"""Writes: one transaction each, history kept on change, audit rows for every change, threads safe."""

import json
import threading
import time
from datetime import date

import pandas as pd
import pytest

from tests.conftest import other_initiatives_goal, small_programme
from tests.store.test_batches import milestones
from tests.store.test_batches import points as batch_points
from tracker.errors import Change, Conflict, EditConflict, NotFound
from tracker.models import Annotation, CheckIn, Initiative, Measure, Milestone, Target
from tracker.store import batches, queries, setup, writes


def points(rows: list[tuple[str, str, float | None]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "measure": [r[0] for r in rows],
            "period": [date.fromisoformat(r[1]) for r in rows],
            "value": [float("nan") if r[2] is None else r[2] for r in rows],
            "missing_reason": ["" if r[2] is not None else "system outage" for r in rows],
            "note": ["" for _ in rows],
        }
    )


def test_same_value_twice_changes_nothing(small_db):
    first = writes.write_data_points(small_db, points([("UEC-01-M1", "2026-09-01", 74.0)]), "a")
    again = writes.write_data_points(small_db, points([("UEC-01-M1", "2026-09-01", 74.0)]), "b")
    assert (first.added, first.changed) == (1, 0)
    assert (again.added, again.changed, again.unchanged, again.batch_id) == (0, 0, 1, None)
    assert len(queries.value_history(small_db, "UEC-01-M1", date(2026, 9, 1))) == 1


def test_changed_value_keeps_the_old_version_with_author(small_db):
    writes.write_data_points(small_db, points([("UEC-01-M1", "2026-09-01", 74.0)]), "ana")
    result = writes.write_data_points(small_db, points([("UEC-01-M1", "2026-09-01", 75.5)]), "bo")
    assert result.changed == 1
    history = queries.value_history(small_db, "UEC-01-M1", date(2026, 9, 1))
    assert history["value"].tolist() == [74.0, 75.5]
    assert history["recorded_by"].tolist() == ["ana", "bo"]
    assert history["superseded_by"].iloc[0] == "bo"
    assert queries.data_points(small_db)["value"].tolist() == [75.5]


def test_empty_value_is_stored_with_its_reason(small_db):
    writes.write_data_points(small_db, points([("UEC-01-M1", "2026-09-01", None)]), "ana")
    row = queries.data_points(small_db).iloc[0]
    assert pd.isna(row["value"]) and row["missing_reason"] == "system outage"


def test_unknown_measure_writes_nothing(small_db):
    before = queries.write_counter(small_db)
    batch = points([("UEC-01-M1", "2026-09-01", 74.0), ("NOPE", "2026-09-01", 1.0)])
    with pytest.raises(NotFound, match="measure code"):
        writes.write_data_points(small_db, batch, "ana")
    assert queries.data_points(small_db).empty
    assert queries.write_counter(small_db) == before


def test_failed_batch_rolls_back_every_earlier_write(small_db):
    good = Target(
        measure="UEC-01-M1", value=76, effective_from=date(2025, 4, 1), reason="r", set_by="x"
    )
    bad = Target(
        measure="MISSING", value=1, effective_from=date(2025, 4, 1), reason="r", set_by="x"
    )
    with pytest.raises(NotFound):
        writes.save_targets(small_db, [good, bad], "ana")
    assert queries.targets(small_db).empty


def milestone(forecast: date) -> Milestone:
    return Milestone(
        code="UEC-01-MS1",
        initiative="UEC-01",
        title="Open SDEC 7 days a week",
        owner="Lee Lead",
        baseline_date=date(2026, 6, 1),
        forecast_date=forecast,
        status="on track",
        change_reason="" if forecast == date(2026, 6, 1) else "Recruitment delayed",
    )


def test_as_of_reads_return_what_was_current_then(small_db):
    writes.write_data_points(small_db, points([("UEC-01-M1", "2026-09-01", 74.0)]), "ana")
    target = dict(measure="UEC-01-M1", effective_from=date(2025, 4, 1), reason="r", set_by="x")
    writes.save_targets(small_db, [Target(value=76, **target)], "ana")
    writes.save_milestones(small_db, [milestone(date(2026, 6, 1))], "ana")
    time.sleep(0.01)
    checkpoint = queries.audit_log(small_db)["at"].max()
    time.sleep(0.01)
    writes.write_data_points(small_db, points([("UEC-01-M1", "2026-09-01", 80.0)]), "bo")
    writes.save_targets(small_db, [Target(value=78, **target)], "bo")
    writes.save_milestones(small_db, [milestone(date(2026, 9, 1))], "bo")

    assert queries.data_points(small_db, as_of=checkpoint)["value"].tolist() == [74.0]
    assert queries.targets(small_db, as_of=checkpoint)["value"].tolist() == [76.0]
    old = queries.milestones(small_db, as_of=checkpoint)
    assert old["forecast_date"].dt.date.tolist() == [date(2026, 6, 1)]
    assert queries.data_points(small_db)["value"].tolist() == [80.0]
    assert queries.targets(small_db)["value"].tolist() == [78.0]
    assert queries.milestones(small_db)["forecast_date"].dt.date.tolist() == [date(2026, 9, 1)]
    log = queries.audit_log(small_db)
    updates = log[(log["action"] == "update")]
    assert set(updates["entity"]) == {"data_point", "target", "milestone_version"}
    assert set(updates["who"]) == {"bo"}
    assert all(
        '"value":74.0' in b.replace(" ", "") for b in updates[updates.entity == "data_point"].before
    )


def test_check_in_resubmitted_keeps_earlier_version(small_db):
    base = dict(initiative="UEC-01", period=date(2026, 10, 1), author="Lee Lead")
    writes.save_check_ins(small_db, [CheckIn(rag="amber", confidence=3, **base)], "lee")
    result = writes.save_check_ins(small_db, [CheckIn(rag="green", confidence=4, **base)], "lee")
    assert result.changed == 1
    assert queries.check_ins(small_db)["rag"].tolist() == ["green"]
    total = small_db.cursor().execute("SELECT count(*) FROM check_in").fetchall()[0][0]
    assert total == 2


def test_eight_threads_writing_at_once_lose_nothing(small_db):
    errors: list[BaseException] = []
    months = pd.date_range("2020-01-01", periods=40, freq="MS").date

    def work(thread: int) -> None:
        try:
            for month in months[thread * 5 : (thread + 1) * 5]:
                rows = points([("UEC-01-M1", month.isoformat(), 50.0 + thread)])
                writes.write_data_points(small_db, rows, f"t{thread}")
                queries.data_points(small_db)
        except BaseException as err:
            errors.append(err)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    stored = queries.data_points(small_db)
    assert len(stored) == 40
    assert sorted(stored["recorded_by"].unique()) == [f"t{i}" for i in range(8)]


OCT = date(2026, 10, 1)


def check_in(**fields: object) -> CheckIn:
    base = dict(initiative="UEC-01", period=OCT, author="Lee Lead", rag="amber", confidence=3)
    return CheckIn(**{**base, **fields})


def test_second_save_based_on_the_same_read_is_refused_until_mine_is_chosen(small_db):
    writes.save_check_ins(small_db, [check_in()], "lee")
    read_at = queries.write_counter(small_db)  # two people open the same check-in
    writes.save_check_ins(small_db, [check_in(rag="green")], "ana", read_at=read_at)
    theirs = queries.check_ins(small_db).iloc[0]
    counter = queries.write_counter(small_db)

    mine = check_in(progress="Ten more beds opened")
    with pytest.raises(EditConflict) as refused:
        writes.save_check_ins(small_db, [mine], "bo", read_at=read_at)
    assert refused.value.changes == [
        Change("check_in", "UEC-01", OCT, "rag", "green", "ana", theirs["recorded_at"])
    ]
    assert "Nothing was saved: ana saved check-in UEC-01 after you opened it" in str(refused.value)
    assert queries.write_counter(small_db) == counter
    assert queries.check_ins(small_db)["rag"].tolist() == ["green"]

    # "Save mine over it": based on what the conflict showed, mine becomes a new version.
    result = writes.save_check_ins(small_db, [mine], "bo", read_at=refused.value.latest)
    assert result.changed == 1
    history = (
        small_db.cursor()
        .execute("SELECT recorded_by, rag, progress FROM check_in ORDER BY recorded_at")
        .fetchall()
    )
    assert history == [
        ("lee", "amber", ""),
        ("ana", "green", ""),
        ("bo", "amber", "Ten more beds opened"),
    ]


def test_saves_to_other_records_do_not_block(small_db):
    read_at = queries.write_counter(small_db)
    writes.write_data_points(small_db, points([("UEC-01-M1", "2026-09-01", 74.0)]), "ana")
    writes.save_check_ins(small_db, [check_in(period=date(2026, 9, 1))], "ana")
    mine = points([("UEC-01-M1", "2026-10-01", 75.0), ("UEC-01-M3", "2026-09-01", 4.2)])
    assert writes.write_data_points(small_db, mine, "bo", read_at=read_at).added == 2
    assert writes.save_check_ins(small_db, [check_in()], "bo", read_at=read_at).added == 1


def test_a_conflict_names_each_field_they_changed_in_a_readable_form(small_db):
    writes.write_data_points(small_db, points([("UEC-01-M1", "2026-09-01", 74.0)]), "lee")
    writes.save_milestones(small_db, [milestone(date(2026, 6, 1))], "lee")
    read_at = queries.write_counter(small_db)
    corrected = points([("UEC-01-M1", "2026-09-01", 75.5)]).assign(note="Late returns")
    writes.write_data_points(small_db, corrected, "ana")
    writes.save_milestones(small_db, [milestone(date(2026, 9, 1))], "ana")
    moved = Measure(**{**small_programme()[4].model_dump(), "initiative": "UEC-02"})
    second = Initiative(**{**small_programme()[1].model_dump(), "code": "UEC-02"})
    writes.save_entities(small_db, [second, moved], "ana")

    mine = points([("UEC-01-M1", "2026-09-01", 80.0)]).assign(note="Typo")
    with pytest.raises(EditConflict) as refused:
        writes.write_data_points(small_db, mine, "bo", read_at=read_at)
    assert [(c.code, c.day, c.field, c.value, c.who) for c in refused.value.changes] == [
        ("UEC-01-M1", date(2026, 9, 1), "value", 75.5, "ana"),
        ("UEC-01-M1", date(2026, 9, 1), "note", "Late returns", "ana"),
    ]
    with pytest.raises(EditConflict) as refused:
        writes.save_milestones(small_db, [milestone(date(2026, 7, 1))], "bo", read_at=read_at)
    found = {c.field: c.value for c in refused.value.changes}
    assert found == {"forecast_date": date(2026, 9, 1), "change_reason": "Recruitment delayed"}
    with pytest.raises(EditConflict) as refused:
        writes.save_entities(small_db, [small_programme()[4]], "bo", read_at=read_at)
    assert [(c.field, c.value) for c in refused.value.changes] == [("initiative", "UEC-02")]
    assert queries.data_points(small_db)["value"].tolist() == [75.5]


def test_a_record_they_created_or_deleted_after_the_read_is_a_conflict(small_db):
    read_at = queries.write_counter(small_db)  # the form showed no target from April
    target = dict(measure="UEC-01-M1", effective_from=date(2026, 4, 1), set_by="Sam")
    writes.save_targets(small_db, [Target(value=78, reason="Plan", **target)], "ana")
    with pytest.raises(EditConflict) as refused:
        writes.save_targets(small_db, [Target(value=80, reason="Stretch", **target)], "bo", read_at)
    assert {c.field: c.value for c in refused.value.changes} == {
        "value": 78.0,
        "effective_to": None,
        "reason": "Plan",
        "set_by": "Sam",
    }
    assert queries.targets(small_db)["value"].tolist() == [78.0]

    writes.save_milestones(small_db, [milestone(date(2026, 6, 1))], "lee")
    read_at = queries.write_counter(small_db)
    setup.delete_unused(small_db, setup.Deletable.milestone, "UEC-01-MS1", "ana")
    with pytest.raises(EditConflict) as refused:
        writes.save_milestones(small_db, [milestone(date(2026, 7, 1))], "bo", read_at=read_at)
    assert [(c.field, c.who) for c in refused.value.changes] == [("", "ana")]
    assert queries.milestones(small_db).empty


def test_a_goal_on_another_initiatives_measure_is_refused_and_nothing_is_written(small_db):
    counter = queries.write_counter(small_db)
    with pytest.raises(
        Conflict, match="measure UEC-02-M1 belongs to initiative UEC-02, not UEC-01"
    ):
        writes.save_entities(small_db, other_initiatives_goal(), "ana")
    assert queries.write_counter(small_db) == counter and queries.goals(small_db).empty


def test_an_annotations_new_label_changes_it_and_the_audit_keeps_the_old(small_db):
    first = Annotation(measure="UEC-01-M1", date=date(2026, 1, 1), kind="intervention", label="A")
    assert writes.add_annotations(small_db, [first], "ana").added == 1
    relabelled = first.model_copy(update={"label": "SDEC opens"})
    summary = writes.add_annotations(small_db, [relabelled], "ana")
    assert (summary.added, summary.changed, summary.unchanged) == (0, 1, 0)
    assert queries.annotations(small_db)["label"].tolist() == ["SDEC opens"]
    audit = queries.audit_log(small_db)
    update = audit[(audit["entity"] == "annotation") & (audit["action"] == "update")]
    assert len(update) == 1 and json.loads(update["before"].iloc[0])["label"] == "A"
    other_kind = relabelled.model_copy(update={"kind": "note"})
    assert writes.add_annotations(small_db, [other_kind], "ana").added == 1


def test_an_annotation_relabelled_meanwhile_is_not_relabelled_again_unseen(small_db):
    first = Annotation(measure="UEC-01-M1", date=date(2026, 1, 1), kind="intervention", label="A")
    writes.add_annotations(small_db, [first], "lee")
    read_at = queries.write_counter(small_db)  # two people open the same annotation
    writes.add_annotations(small_db, [first.model_copy(update={"label": "B"})], "ana", read_at)
    counter = queries.write_counter(small_db)
    mine = first.model_copy(update={"label": "C"})
    with pytest.raises(EditConflict) as refused:
        writes.add_annotations(small_db, [mine], "bo", read_at)
    assert [(c.code, c.field, c.value, c.who) for c in refused.value.changes] == [
        ("UEC-01-M1", "label", "B", "ana")
    ]
    assert queries.write_counter(small_db) == counter
    assert writes.add_annotations(small_db, [mine], "bo", refused.value.latest).changed == 1
    assert queries.annotations(small_db)["label"].tolist() == ["C"]


def test_an_implausible_target_or_goal_value_is_refused_where_it_is_written(small_db):
    counter = queries.write_counter(small_db)
    days = Target(
        measure="UEC-01-M3",
        value=5000,
        effective_from=date(2026, 4, 1),
        reason="Plan",
        set_by="Dana",
    )
    with pytest.raises(Conflict) as caught:
        writes.save_targets(small_db, [days], "ana")
    assert str(caught.value) == (
        "Target for UEC-01-M3: 5000 is outside 0–3,653 for a days measure (its plausible range); "
        "check the value, or set the measure's min_value and max_value."
    )
    goal = other_initiatives_goal()[2].model_copy(
        update={"measure": "UEC-01-M1", "target_value": 120}
    )
    with pytest.raises(Conflict, match=r"Goal UEC-01-G1: 120 is outside 0–100 for a % measure"):
        writes.save_entities(small_db, [goal], "ana")
    assert queries.write_counter(small_db) == counter


def test_save_update_writes_values_milestones_and_check_in_together(small_db):
    check_in = CheckIn(initiative="UEC-01", period=OCT, rag="amber", confidence=3, author="Lee")
    slip = Milestone(**milestones(OCT).iloc[0].to_dict() | {"completed_date": None})
    summary = writes.save_update(
        small_db, batch_points([("UEC-01-M1", OCT, 74.0)]), [slip], check_in, "lee"
    )
    assert (summary.values.added, summary.milestones.added, summary.check_in.added) == (1, 1, 1)
    assert batches.import_batches(small_db).empty  # a check-in is not an import batch


def test_save_update_is_one_transaction(small_db):
    bad = CheckIn(initiative="NOPE-1", period=OCT, rag="amber", confidence=3, author="Lee")
    with pytest.raises(NotFound):
        writes.save_update(small_db, batch_points([("UEC-01-M1", OCT, 74.0)]), [], bad, "lee")
    assert queries.data_points(small_db).empty
