"""Import layouts come from the models: a field added to a model is a column of its file."""

from datetime import date

from tracker.importers import LAYOUTS, ImportKind
from tracker.importers.kinds import layout_of
from tracker.models import DataPoint, Milestone, MilestoneStatus


class _MilestoneWithRisk(Milestone):
    """A milestone with one more field, as a later release might add."""

    risk: str = ""
    due_by: date


def test_a_field_added_to_a_model_is_a_column_of_its_file_required_unless_it_has_a_default():
    layout = layout_of(_MilestoneWithRisk, "Milestones", stated=("status",))
    assert layout.required[-1] == "due_by" and layout.optional[-1] == "risk"
    assert set(layout.columns) == set(_MilestoneWithRisk.model_fields)


def test_the_layouts_are_the_models_fields_with_status_stated_in_a_milestone_file():
    assert LAYOUTS[ImportKind.datapoints].columns == tuple(DataPoint.model_fields)
    milestones = LAYOUTS[ImportKind.milestones]
    # status has a default (a form may leave it) but a file must say it.
    assert Milestone.model_fields["status"].default is MilestoneStatus.not_started
    assert "status" in milestones.required
    assert set(milestones.columns) == set(Milestone.model_fields)
