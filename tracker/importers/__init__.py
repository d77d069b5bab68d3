"""CSV/Excel files → validated rows, or every bad cell as row + column + reason; writes nothing."""

from tracker.importers.datapoints import (
    DATAPOINT_COLUMNS,
    DATAPOINT_OPTIONAL,
    check_corrections,
    valid_range,
    validate_data_points,
)
from tracker.importers.kinds import LAYOUTS, ImportKind
from tracker.importers.milestones import validate_milestones
from tracker.importers.parse import (
    Context,
    parse_data_points_csv,
    parse_file,
    read_table,
    validate_table,
)
from tracker.importers.reading import (
    MAX_IMPORT_BYTES,
    check_size,
    decode,
    read_csv_table,
    read_xlsx_table,
)
from tracker.importers.targets import validate_targets

__all__ = [
    "DATAPOINT_COLUMNS",
    "DATAPOINT_OPTIONAL",
    "LAYOUTS",
    "MAX_IMPORT_BYTES",
    "Context",
    "ImportKind",
    "check_corrections",
    "check_size",
    "decode",
    "parse_data_points_csv",
    "parse_file",
    "read_csv_table",
    "read_table",
    "read_xlsx_table",
    "valid_range",
    "validate_data_points",
    "validate_milestones",
    "validate_table",
    "validate_targets",
]
