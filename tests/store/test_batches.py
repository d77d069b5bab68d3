"""Import batches: preview classifies, commit is all or nothing and tagged, revert is a new version."""

import time
from datetime import date

import pandas as pd
import pytest

from tests.conftest import small_programme
from tracker.errors import Conflict, NotAllowed, NotFound
from tracker.models import Initiative
from tracker.store import batches, queries, writes

SEPT, OCT = date(2026, 9, 1), date(2026, 10, 1)


def points(rows: list[tuple[str, date, float]], note: str = "") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "measure": [r[0] for r in rows],
            "period": [r[1] for r in rows],
            "value": [r[2] for r in rows],
            "missing_reason": ["" for _ in rows],
            "note": [note for _ in rows],
        },
        index=pd.Index(range(2, 2 + len(rows)), name="row"),
    )


def targets(value: float, start: date = date(2026, 4, 1)) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "measure": ["UEC-01-M1"],
            "value": [value],
            "effective_from": [start],
            "effective_to": [None],
            "reason": ["Plan"],
            "set_by": ["Board"],
        }
    )


def milestones(forecast: date, reason: str = "", code: str = "UEC-01-MS1") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": [code],
            "initiative": ["UEC-01"],
            "title": ["Open SDEC"],
            "owner": ["Lee Lead"],
            "baseline_date": [date(2026, 6, 1)],
            "forecast_date": [forecast],
            "completed_date": [None],
            "status": ["on track"],
            "change_reason": [reason],
        }
    )


def test_preview_classifies_add_change_and_unchanged_and_writes_nothing(small_db):
    writes.write_data_points(
        small_db, points([("UEC-01-M1", SEPT, 70.0), ("UEC-01-M1", OCT, 71.0)]), "a"
    )
    before = queries.write_counter(small_db)
    incoming = points(
        [("UEC-01-M1", SEPT, 70.0), ("UEC-01-M1", OCT, 72.5), ("UEC-01-M3", OCT, 4.2)]
    )
    found = batches.preview(small_db, "datapoints", incoming)
    assert found["row"].tolist() == [2, 3, 4]
    assert found["action"].tolist() == ["unchanged", "change", "add"]
    assert found["old_value"].iloc[1] == 71.0 and found["value"].iloc[1] == 72.5
    assert found["code"].tolist()[1] == "UEC-01-M1 2026-10-01"
    assert queries.write_counter(small_db) == before


def test_preview_of_milestones_and_targets(small_db):
    assert batches.preview(small_db, "targets", targets(76))["action"].tolist() == ["add"]
    batches.commit(small_db, "targets", targets(76), "a", "t.csv")
    assert batches.preview(small_db, "targets", targets(78))["action"].tolist() == ["change"]
    assert batches.preview(small_db, "milestones", milestones(OCT))["action"].tolist() == ["add"]


def test_target_commit_is_tagged_versioned_and_audited(small_db):
    first = batches.commit(small_db, "targets", targets(76), "ana", "t.csv")
    second = batches.commit(small_db, "targets", targets(78), "bo", "t2.csv")
    again = batches.commit(small_db, "targets", targets(78), "bo", "t2.csv")
    assert (first.added, second.changed, again.unchanged, again.batch_id) == (1, 1, 1, None)
    assert queries.targets(small_db)["value"].tolist() == [78.0]
    history = queries.target_history(small_db, "UEC-01-M1")
    assert history["value"].tolist() == [76.0, 78.0]
    log = queries.audit_log(small_db, entity="target")
    assert log["action"].tolist() == ["update", "create"]
    assert '"value":76.0' in log["before"].iloc[0].replace(" ", "")
    listed = batches.import_batches(small_db)
    assert listed["id"].tolist()[:2] == [second.batch_id, first.batch_id]
    assert listed["kind"].tolist()[:2] == ["targets", "targets"]


def test_milestone_commit_creates_new_milestones_and_versions_slips(small_db):
    batches.commit(small_db, "milestones", milestones(OCT), "ana", "m.csv")
    result = batches.commit(
        small_db, "milestones", milestones(date(2026, 12, 1), "Staff late"), "bo", "m.csv"
    )
    assert result.changed == 1
    history = queries.milestone_history(small_db, "UEC-01-MS1")
    assert pd.to_datetime(history["forecast_date"]).dt.date.tolist() == [OCT, date(2026, 12, 1)]


def test_milestone_code_of_another_initiative_is_refused(small_db):
    initiative = next(e for e in small_programme() if isinstance(e, Initiative))
    writes.save_entities(small_db, [initiative.model_copy(update={"code": "ELE-01"})], "setup")
    batches.commit(small_db, "milestones", milestones(OCT), "ana", "m.csv")
    moved = milestones(OCT).assign(initiative="ELE-01")
    before = queries.write_counter(small_db)
    with pytest.raises(Conflict, match="belongs to UEC-01"):
        batches.commit(small_db, "milestones", moved, "ana", "m.csv")
    assert queries.write_counter(small_db) == before


def test_revert_restores_changed_values_and_withdraws_added_ones(small_db):
    writes.write_data_points(small_db, points([("UEC-01-M1", SEPT, 70.0)]), "ana")
    time.sleep(0.01)
    checkpoint = queries.audit_log(small_db)["at"].max()
    time.sleep(0.01)
    batch = batches.commit(
        small_db,
        "datapoints",
        points([("UEC-01-M1", SEPT, 75.0), ("UEC-01-M1", OCT, 76.0)], note="import"),
        "bo",
        "b.csv",
    )
    undone = batches.revert(small_db, batch.batch_id, "cy")
    assert (undone.reverted, undone.restored, undone.withdrawn) == (batch.batch_id, 1, 1)
    now = queries.data_points(small_db)
    assert now[["value", "note"]].values.tolist() == [[70.0, ""]]
    # History is kept: every version is still there, and as-of reads see the import.
    assert queries.value_history(small_db, "UEC-01-M1", SEPT)["value"].tolist() == [70, 75, 70]
    assert queries.value_history(small_db, "UEC-01-M1", OCT)["value"].tolist() == [76.0]
    assert queries.data_points(small_db, as_of=checkpoint)["value"].tolist() == [70.0]
    log = queries.audit_log(small_db, who="cy")
    assert sorted(log["action"]) == ["delete", "update"]
    withdrawn = log[log["action"] == "delete"].iloc[0]
    assert withdrawn["code"] == "UEC-01-M1 2026-10-01" and pd.isna(withdrawn["after"])
    listed = batches.import_batches(small_db).set_index("id")
    assert listed.loc[batch.batch_id, "reverted_by"] == undone.batch_id
    assert listed.loc[undone.batch_id, "kind"] == "revert"


def test_revert_of_targets_and_milestones(small_db):
    batches.commit(small_db, "targets", targets(76), "ana", "t.csv")
    second = batches.commit(small_db, "targets", targets(78), "bo", "t.csv")
    target_undone = batches.revert(small_db, second.batch_id, "cy")
    assert queries.targets(small_db)["value"].tolist() == [76.0]
    added = batches.commit(small_db, "milestones", milestones(OCT), "ana", "m.csv")
    undone = batches.revert(small_db, added.batch_id, "cy")
    assert queries.milestones(small_db).empty
    assert len(queries.milestone_history(small_db, "UEC-01-MS1")) == 1
    # Reverting the reverts puts the withdrawn milestone and the later target back.
    batches.revert(small_db, undone.batch_id, "di")
    assert queries.milestones(small_db)["code"].tolist() == ["UEC-01-MS1"]
    batches.revert(small_db, target_undone.batch_id, "di")
    assert queries.targets(small_db)["value"].tolist() == [78.0]


def test_revert_is_refused_twice_for_reverts_and_after_later_changes(small_db):
    first = batches.commit(small_db, "datapoints", points([("UEC-01-M1", SEPT, 70.0)]), "a", "f")
    batches.commit(small_db, "datapoints", points([("UEC-01-M1", SEPT, 71.0)]), "a", "g")
    before = queries.write_counter(small_db)
    with pytest.raises(
        Conflict, match=r"1 of its values were changed after it \(UEC-01-M1 2026-09-01\)"
    ):
        batches.revert(small_db, first.batch_id, "cy")
    assert queries.write_counter(small_db) == before
    latest = batches.import_batches(small_db)["id"].iloc[0]
    undone = batches.revert(small_db, int(latest), "cy")
    with pytest.raises(Conflict, match="already reverted"):
        batches.revert(small_db, int(latest), "cy")
    batches.revert(small_db, undone.batch_id, "cy")
    with pytest.raises(Conflict, match="already reverted"):
        batches.revert(small_db, undone.batch_id, "cy")
    with pytest.raises(NotFound, match="No import batch 999999"):
        batches.revert(small_db, 999999, "cy")


def test_a_revert_can_itself_be_reverted_as_a_new_version_and_so_on(small_db):
    writes.write_data_points(small_db, points([("UEC-01-M1", SEPT, 70.0)]), "ana")
    batch = batches.commit(
        small_db,
        "datapoints",
        points([("UEC-01-M1", SEPT, 75.0), ("UEC-01-M1", OCT, 76.0)]),
        "bo",
        "b.csv",
    )
    undone = batches.revert(small_db, batch.batch_id, "cy")
    redone = batches.revert(small_db, undone.batch_id, "di")
    # Undoing the revert puts the import's values back: September changed again, October re-added.
    assert (redone.reverted, redone.restored, redone.withdrawn) == (undone.batch_id, 2, 0)
    assert queries.data_points(small_db)["value"].tolist() == [75.0, 76.0]
    assert queries.value_history(small_db, "UEC-01-M1", SEPT)["value"].tolist() == [70, 75, 70, 75]
    assert queries.value_history(small_db, "UEC-01-M1", OCT)["value"].tolist() == [76, 76]
    log = queries.audit_log(small_db, who="di").sort_values("code")
    assert log[["code", "action"]].values.tolist() == [
        ["UEC-01-M1 2026-09-01", "update"],
        ["UEC-01-M1 2026-10-01", "create"],
    ]
    listed = batches.import_batches(small_db).set_index("id")
    assert listed.loc[undone.batch_id, "reverted_by"] == redone.batch_id
    assert (listed.loc[redone.batch_id, "kind"], listed.loc[redone.batch_id, "reverts"]) == (
        "revert",
        undone.batch_id,
    )
    assert (listed.loc[redone.batch_id, "added"], listed.loc[redone.batch_id, "changed"]) == (1, 1)
    # And the undo of the undo is the first revert again: nothing is ever out of reach.
    again = batches.revert(small_db, redone.batch_id, "ed")
    assert (again.restored, again.withdrawn) == (1, 1)
    assert queries.data_points(small_db)["value"].tolist() == [70.0]


def test_a_revert_is_not_undone_over_later_changes(small_db):
    writes.write_data_points(small_db, points([("UEC-01-M1", SEPT, 70.0)]), "ana")
    batch = batches.commit(
        small_db,
        "datapoints",
        points([("UEC-01-M1", SEPT, 75.0), ("UEC-01-M1", OCT, 76.0)]),
        "bo",
        "b.csv",
    )
    undone = batches.revert(small_db, batch.batch_id, "cy")
    # October was withdrawn by the revert, then entered again: undoing the revert would lose it.
    writes.write_data_points(small_db, points([("UEC-01-M1", OCT, 77.0)]), "ana")
    before = queries.write_counter(small_db)
    with pytest.raises(
        Conflict, match=r"1 of its values were changed after it \(UEC-01-M1 2026-10"
    ):
        batches.revert(small_db, undone.batch_id, "di")
    assert queries.write_counter(small_db) == before


def monthly(count: int, value: float = 5.0) -> pd.DataFrame:
    """Return `count` values of UEC-01-M1, one a month from January 2010."""
    months = pd.date_range("2010-01-01", periods=count, freq="MS").date
    return points([("UEC-01-M1", month, value) for month in months])


def test_reverting_more_than_100_values_needs_the_batch_name_typed(small_db):
    small = batches.commit(small_db, "datapoints", monthly(batches.CONFIRM_ABOVE), "a", "s.csv")
    batches.revert(small_db, small.batch_id, "cy")  # 100 values: no name asked for
    big = batches.commit(
        small_db, "datapoints", monthly(batches.CONFIRM_ABOVE + 1, 6.0), "a", "october.csv"
    )
    before = queries.write_counter(small_db)
    for typed in (None, "", "october", "s.csv"):
        with pytest.raises(NotAllowed, match=r"101 values.*type its name, october\.csv"):
            batches.revert(small_db, big.batch_id, "cy", confirm=typed)
    assert queries.write_counter(small_db) == before
    done = batches.revert(small_db, big.batch_id, "cy", confirm=" october.csv ")
    assert done.withdrawn == batches.CONFIRM_ABOVE + 1
    assert queries.data_points(small_db).empty
    # The revert is as big, and is confirmed with its own name.
    with pytest.raises(NotAllowed, match=f"type its name, revert of batch {big.batch_id}"):
        batches.revert(small_db, done.batch_id, "cy")
    batches.revert(small_db, done.batch_id, "cy", confirm=f"revert of batch {big.batch_id}")
    assert len(queries.data_points(small_db)) == batches.CONFIRM_ABOVE + 1


def test_commit_with_an_unknown_code_writes_nothing(small_db):
    bad = targets(76).assign(measure="NOPE")
    before = queries.write_counter(small_db)
    with pytest.raises(NotFound):
        batches.commit(small_db, "targets", bad, "a", "t.csv")
    assert queries.write_counter(small_db) == before
    assert batches.import_batches(small_db).empty
