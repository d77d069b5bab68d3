"""One entry point per file: bytes + kind + what the database knows → validated rows, or rejected."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from tracker.errors import ImportRejected, RowError
from tracker.importers.datapoints import StoredPoints, validate_data_points
from tracker.importers.kinds import LAYOUTS, ImportKind
from tracker.importers.milestones import validate_milestones
from tracker.importers.reading import (
    Progress,
    check_size,
    decode,
    is_workbook,
    read_csv_table,
    read_xlsx_table,
)
from tracker.importers.targets import validate_targets


def _empty_milestones() -> pd.DataFrame:
    return pd.DataFrame(columns=["code", "initiative", "forecast_date", "change_reason"])


@dataclass(frozen=True)
class Context:
    """What validation needs to know from the database, and the initiative a page is open for."""

    measures: pd.DataFrame
    initiatives: pd.DataFrame
    today: date
    milestones: pd.DataFrame = field(default_factory=_empty_milestones)
    only_initiative: str | None = None
    stored_points: StoredPoints | None = None
    """Reads the stored data points, so that a correction without a note is refused."""
    people: Mapping[str, str] = field(default_factory=dict)
    """The people list (lower-case name and email → name); empty takes any owner."""


def read_table(
    data: bytes, name: str, kind: ImportKind, on_progress: Progress | None = None
) -> pd.DataFrame:
    """Return a file's cells as text indexed by row number: .xlsx by openpyxl, anything else CSV."""
    check_size(len(data), name)
    layout = LAYOUTS[kind]
    if name.lower().endswith(".xls"):
        raise ImportRejected(
            [
                RowError(
                    0,
                    "file",
                    f"{name} is an old-style .xls workbook; save it from Excel as .xlsx "
                    "or as CSV UTF-8",
                )
            ]
        )
    if is_workbook(name):
        return read_xlsx_table(data, layout.required, layout.optional, layout.sheet, on_progress)
    return read_csv_table(decode(data), layout.required, layout.optional)


VALIDATORS: dict[ImportKind, Callable[[pd.DataFrame, Context], pd.DataFrame]] = {
    ImportKind.datapoints: lambda table, c: validate_data_points(
        table, c.measures, c.today, c.only_initiative, c.initiatives, c.stored_points
    ),
    ImportKind.milestones: lambda table, c: validate_milestones(
        table, c.initiatives, c.milestones, c.today, c.only_initiative, c.people
    ),
    ImportKind.targets: lambda table, c: validate_targets(
        table, c.measures, c.only_initiative, c.initiatives
    ),
}
"""The validator of each kind, given a table of text cells and the context."""


def parse_file(
    data: bytes,
    name: str,
    kind: ImportKind,
    context: Context,
    on_progress: Progress | None = None,
) -> pd.DataFrame:
    """Return a file's validated rows of `kind`, indexed by file row; raise ImportRejected if any
    row is bad (every bad cell is listed, nothing is returned)."""
    return validate_table(read_table(data, name, kind, on_progress), kind, context)


def validate_table(table: pd.DataFrame, kind: ImportKind, context: Context) -> pd.DataFrame:
    """Return the validated rows of a table of text cells (from read_table), or raise."""
    if table.empty:
        raise ImportRejected(
            [RowError(2, "file", "the file has a header but no rows; add at least one row")]
        )
    return VALIDATORS[kind](table, context)


def parse_data_points_csv(
    data: bytes,
    measures: pd.DataFrame,
    today: date,
    only_initiative: str | None = None,
) -> pd.DataFrame:
    """Return validated data points from CSV bytes (measure,period,value[,note][,missing_reason])."""
    context = Context(
        measures=measures, initiatives=pd.DataFrame(), today=today, only_initiative=only_initiative
    )
    return parse_file(data, "upload.csv", ImportKind.datapoints, context)
