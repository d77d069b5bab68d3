"""What can be imported: the kinds of file, their columns and the Excel sheet each one lives on."""

from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel

from tracker.models import DataPoint, DriverNode, Milestone, PdsaCycle, Target


class ImportKind(StrEnum):
    """The kind of rows a file holds."""

    datapoints = "datapoints"
    milestones = "milestones"
    targets = "targets"
    drivers = "drivers"
    pdsa = "pdsa"


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


def layout_of(model: type[BaseModel], sheet: str, stated: tuple[str, ...] = ()) -> Layout:
    """Return the layout of a file of `model`'s rows: its fields in order, those without a default
    required (and those `stated`, which a file must give though a form may leave them), the rest
    optional. A field added to the model is a column of its file with no other edit."""
    fields = model.model_fields
    required = tuple(n for n, f in fields.items() if f.is_required() or n in stated)
    return Layout(required, tuple(n for n in fields if n not in required), sheet)


LAYOUTS = {
    ImportKind.datapoints: layout_of(DataPoint, "DataPoints"),
    # A file of milestones states each one's status: a blank is an error, not "not started".
    ImportKind.milestones: layout_of(Milestone, "Milestones", stated=("status",)),
    ImportKind.targets: layout_of(Target, "Targets"),
    # Sheet names as in the programme workbook, so a copy of its sheet imports as it is.
    ImportKind.drivers: layout_of(DriverNode, "Drivers"),
    ImportKind.pdsa: layout_of(PdsaCycle, "PDSA"),
}
"""Column names are the model field names (tracker/models.py), as in sample_data/."""
