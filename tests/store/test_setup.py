"""Set-up writes: a whole programme in one transaction or a dry run; deleting only unused items."""

import json
from datetime import date

import pandas as pd
import pytest

from tests.conftest import small_programme
from tracker.errors import Conflict, NotAllowed, NotFound
from tracker.models import Initiative, Milestone, Target
from tracker.store import queries, writes
from tracker.store.setup import Deletable, apply_setup, delete_unused, uses


def target(measure: str = "UEC-01-M1") -> Target:
    return Target(measure=measure, value=78.0, effective_from=date(2026, 4, 1),
                  reason="Plan", set_by="Dana")  # fmt: skip


def point() -> pd.DataFrame:
    return pd.DataFrame({"measure": ["UEC-01-M1"], "period": [date(2026, 9, 1)],
                         "value": [74.0], "missing_reason": [""], "note": [""]})  # fmt: skip


def test_a_failure_in_the_last_item_writes_nothing_at_all(db):
    with pytest.raises(NotFound, match="NOPE"):
        apply_setup(db, [*small_programme(), target("NOPE")], None, "a")
    assert queries.is_empty(db)
    assert queries.write_counter(db) == 0


def test_dry_run_reports_exactly_what_the_load_then_does_and_writes_nothing(db):
    items = [*small_programme(), target()]
    dry = apply_setup(db, items, point(), "a", dry_run=True)
    assert queries.write_counter(db) == 0
    real = apply_setup(db, items, point(), "a")
    assert dry.items == real.items and dry.dry_run and not real.dry_run
    assert (dry.points.added, real.points.added) == (1, 1)
    assert real.keys("Measure", "added") == ["UEC-01-M1", "UEC-01-M2", "UEC-01-M3"]


def test_renaming_an_initiative_that_has_measures_is_recorded(small_db):
    renamed = small_programme()[1].model_copy(update={"name": "SDEC"})
    result = apply_setup(small_db, [renamed], None, "editor")
    assert result.keys("Initiative", "changed") == ["UEC-01"]
    assert queries.initiatives(small_db)["name"].tolist() == ["SDEC"]
    row = queries.audit_log(small_db, entity="initiative").iloc[0]
    assert row["action"] == "update" and json.loads(row["after"])["name"] == "SDEC"


def test_moving_a_measure_that_has_data_is_refused_with_what_to_do(small_db):
    writes.write_data_points(small_db, point(), "a")
    other = Initiative(**{**small_programme()[1].model_dump(), "code": "UEC-02"})
    writes.save_entities(small_db, [other], "a")
    moved = small_programme()[2].model_copy(update={"initiative": "UEC-02"})
    with pytest.raises(Conflict, match="create a new measure with a new code"):
        apply_setup(small_db, [moved], None, "a")
    assert queries.measures(small_db).set_index("code").at["UEC-01-M1", "initiative"] == "UEC-01"


def test_a_measure_nothing_refers_to_moves_to_another_initiative(small_db):
    other = Initiative(**{**small_programme()[1].model_dump(), "code": "UEC-02"})
    writes.save_entities(small_db, [other], "a")
    moved = small_programme()[2].model_copy(update={"initiative": "UEC-02"})
    result = apply_setup(small_db, [moved], None, "a")
    assert result.keys("Measure", "changed") == ["UEC-01-M1"]
    assert queries.measures(small_db).set_index("code").at["UEC-01-M1", "initiative"] == "UEC-02"


def test_an_initiative_with_measures_cannot_move_to_another_programme(small_db):
    other = small_programme()[0].model_copy(update={"code": "OTHER"})
    writes.save_entities(small_db, [other], "a")
    moved = small_programme()[1].model_copy(update={"programme": "OTHER"})
    with pytest.raises(Conflict, match="Initiative UEC-01 cannot change its programme"):
        apply_setup(small_db, [moved], None, "a")
    assert queries.initiatives(small_db).set_index("code").at["UEC-01", "programme"] == "TEST"


def test_an_initiative_with_measures_cannot_be_deleted_and_says_close_it_instead(small_db):
    assert uses(small_db, Deletable.initiative, "UEC-01") == {"measures": 3}
    with pytest.raises(NotAllowed, match="it has 3 measures. Close or pause it instead"):
        delete_unused(small_db, Deletable.initiative, "UEC-01", "a")


def test_a_measure_with_a_data_point_cannot_be_deleted(small_db):
    writes.write_data_points(small_db, point(), "a")
    with pytest.raises(NotAllowed, match="1 data points"):
        delete_unused(small_db, Deletable.measure, "UEC-01-M1", "a")


def test_deleting_an_unused_item_is_audited_with_what_it_was(small_db):
    delete_unused(small_db, Deletable.measure, "UEC-01-M3", "tidier")
    assert "UEC-01-M3" not in set(queries.measures(small_db)["code"])
    row = queries.audit_log(small_db, entity="measure").iloc[0]
    assert (row["action"], row["who"], row["code"]) == ("delete", "tidier", "UEC-01-M3")
    assert json.loads(row["before"])["name"] == "Length of stay"


def test_a_milestone_is_deletable_only_before_its_forecast_moves(small_db):
    first = Milestone(code="MS-1", initiative="UEC-01", title="Go live", owner="Lee",
                      baseline_date=date(2026, 1, 1), forecast_date=date(2026, 1, 1))  # fmt: skip
    writes.save_milestones(small_db, [first], "a")
    moved = first.model_copy(update={"forecast_date": date(2026, 2, 1), "change_reason": "Late"})
    writes.save_milestones(small_db, [moved], "a")
    with pytest.raises(NotAllowed, match="1 earlier versions"):
        delete_unused(small_db, Deletable.milestone, "MS-1", "a")
    mistake = first.model_copy(update={"code": "MS-2"})
    writes.save_milestones(small_db, [mistake], "a")
    delete_unused(small_db, Deletable.milestone, "MS-2", "a")
    assert queries.milestones(small_db)["code"].tolist() == ["MS-1"]
    assert queries.audit_log(small_db, entity="milestone").iloc[0]["action"] == "delete"


def test_deleting_an_unknown_code_says_so(small_db):
    with pytest.raises(NotFound, match="No goal with code G-9"):
        delete_unused(small_db, Deletable.goal, "G-9", "a")
