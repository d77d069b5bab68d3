"""Helpers for workbook tests: a small valid workbook, cell edits, and every cell value by sheet."""

from datetime import date
from functools import cache
from io import BytesIO

import openpyxl
import pandas as pd

from tests.conftest import small_programme
from tracker.models import Target
from tracker.workbook import WorkbookContent, workbook_bytes
from tracker.workbook.layout import SHEETS


def small_content() -> WorkbookContent:
    """Return the small programme with one target and two data points as workbook content."""
    items = small_programme()
    by_sheet: dict[str, list] = {}
    for item in items:
        sheet = next(s for s in SHEETS if s.model is type(item))
        by_sheet.setdefault(sheet.name, []).append(item)
    target = Target(
        measure="UEC-01-M1",
        value=78.0,
        effective_from=date(2026, 4, 1),
        reason="Operational plan",
        set_by="Dana Director",
    )
    by_sheet["Targets"] = [target]
    points = pd.DataFrame(
        {
            "measure": ["UEC-01-M1", "UEC-01-M1"],
            "period": [date(2026, 9, 1), date(2026, 10, 1)],
            "value": [74.0, 75.5],
            "missing_reason": ["", ""],
            "note": ["", ""],
        }
    )
    return WorkbookContent({k: tuple(v) for k, v in by_sheet.items()}, points)


@cache
def small_book() -> bytes:
    """Return the small programme as workbook bytes (built once: tests edit copies of it)."""
    return workbook_bytes(small_content())


def edited(data: bytes, sheet: str, cells: dict[str, object] | None = None,
           rows: list[list[object]] | None = None) -> bytes:  # fmt: skip
    """Return the workbook with some cells set (e.g. {'B2': 'X'}) and rows appended on a sheet."""
    book = openpyxl.load_workbook(BytesIO(data))
    ws = book[sheet]
    for ref, value in (cells or {}).items():
        ws[ref] = value
    for row in rows or []:
        ws.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def values(data: bytes) -> dict[str, list[tuple]]:
    """Return every sheet's cell values, row by row."""
    book = openpyxl.load_workbook(BytesIO(data), read_only=True)
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in book}
