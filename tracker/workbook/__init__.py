"""The programme workbook (.xlsx): one documented sheet per entity, read and written as validated models."""

from tracker.workbook.content import WorkbookContent, from_tables
from tracker.workbook.layout import SHEETS, Column, Kind, Sheet
from tracker.workbook.read import Known, read_workbook
from tracker.workbook.write import workbook_bytes

__all__ = [
    "SHEETS",
    "Column",
    "Kind",
    "Known",
    "Sheet",
    "WorkbookContent",
    "from_tables",
    "read_workbook",
    "workbook_bytes",
]
