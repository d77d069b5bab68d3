"""Each kind's spec comes from its model, and every column it names is in its table."""

from tracker.models import Milestone
from tracker.store import engine, specs


def test_every_field_a_spec_writes_is_a_column_of_its_table(db):
    for spec in specs.OF_MODEL.values():
        found = {
            name: kind
            for name, kind in db.cursor()
            .execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = ?",
                [spec.table],
            )
            .fetchall()
        }
        written = [*engine.key_columns(spec), *engine.facts(spec)]
        assert set(written) <= set(found), spec.table
        if not spec.in_place:
            assert {"recorded_at", "superseded_at", "is_current"} <= set(found), spec.table


def test_a_milestones_facts_are_its_models_fields_less_its_code_and_initiative():
    # The identity row holds the code and initiative; each version holds the rest.
    assert engine.facts(specs.MILESTONES) == [
        name for name in Milestone.model_fields if name not in ("code", "initiative")
    ]
    assert engine.key_columns(specs.MILESTONES) == ["milestone_id"]
