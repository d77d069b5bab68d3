"""What can be imported: the kinds of file, their columns and the Excel sheet each one lives on."""

from dataclasses import dataclass
from enum import StrEnum


class ImportKind(StrEnum):
    """The kind of rows a file holds."""

    datapoints = "datapoints"
    milestones = "milestones"
    targets = "targets"


@dataclass(frozen=True)
class Layout:
    """The columns a file of one kind must have and may have, and its sheet name in a workbook."""

    required: tuple[str, ...]
    optional: tuple[str, ...]
    sheet: str

    @property
    def columns(self) -> tuple[str, ...]:
        """Return every allowed column, required first."""
        return self.required + self.optional


LAYOUTS = {
    ImportKind.datapoints: Layout(
        required=("measure", "period", "value"),
        optional=("missing_reason", "note"),
        sheet="DataPoints",
    ),
    ImportKind.milestones: Layout(
        required=(
            "code",
            "initiative",
            "title",
            "owner",
            "baseline_date",
            "forecast_date",
            "status",
        ),
        optional=("completed_date", "change_reason"),
        sheet="Milestones",
    ),
    ImportKind.targets: Layout(
        required=("measure", "value", "effective_from", "reason", "set_by"),
        optional=("effective_to",),
        sheet="Targets",
    ),
}
"""Column names are the model field names (tracker/models.py), as in sample_data/."""
