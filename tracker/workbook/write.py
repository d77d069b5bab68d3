"""Workbook content → .xlsx bytes: README, one documented sheet per entity, drop-down lists."""

from io import BytesIO
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation

from tracker.importers.excel import EXCEL_MAX_ROW
from tracker.workbook.cells import write_cell
from tracker.workbook.content import POINT_COLUMNS, WorkbookContent
from tracker.workbook.layout import DATA_POINTS, INTRO, LISTS, README, SHEETS, Column, Kind, Sheet

EXCEL_PROMPT_LIMIT = 255
"""Excel refuses data-validation prompts longer than 255 characters."""

DATE_FORMAT = "yyyy-mm-dd"
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
HEADER_FONT = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)
WIDTHS = {
    Kind.code: 14, Kind.reference: 14, Kind.date: 13, Kind.number: 12, Kind.integer: 10,
    Kind.choice: 16, Kind.text: 28, Kind.long_text: 48, Kind.trajectory: 36, Kind.links: 36,
    Kind.codes: 28, Kind.actions: 48, Kind.boolean: 10,
}  # fmt: skip
"""Column widths in characters, wide enough to read a typical value of each kind."""

FORMATS = {
    Kind.code: "letters, digits and hyphens; up to 24 characters",
    Kind.date: "YYYY-MM-DD or an Excel date",
    Kind.number: "a number",
    Kind.integer: "a whole number",
    Kind.text: "text",
    Kind.long_text: "text",
    Kind.trajectory: "period=value; period=value",
    Kind.links: "codes separated by semicolons, each optionally =hypothesised",
    Kind.codes: "codes separated by semicolons",
    Kind.actions: "one per line: action | owner | due date | date done",
    Kind.boolean: "TRUE or FALSE",
}


def _allowed(column: Column) -> str:
    """Return what a column accepts, as the README says it."""
    if column.kind is Kind.choice:
        return ", ".join(column.choices)
    if column.kind is Kind.reference:
        return f"a code on the {column.refers_to} sheet or already in the tracker"
    return FORMATS[column.kind]


def _cell(ws: WriteOnlyWorksheet, value: object, **style: Any) -> Cell:
    """Return a styled cell; text starting with '=' stays text so it can never run as a formula."""
    cell = WriteOnlyCell(ws, value=value)  # type: ignore[arg-type]  # dates too, in fact
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _write_readme(ws: WriteOnlyWorksheet) -> None:
    for letter, width in zip("ABCDEF", (14, 18, 24, 10, 70, 40), strict=True):
        ws.column_dimensions[letter].width = width  # type: ignore[attr-defined]  # the stubs omit what it shares with Worksheet
    ws.append([_cell(ws, INTRO[0], font=TITLE_FONT)])
    for line in INTRO[1:]:
        ws.append([_cell(ws, line)])
    ws.append([])
    titles = [
        "Sheet",
        "Column",
        "In words",
        "Required",
        "What it holds",
        "Allowed values or format",
    ]
    ws.append([_cell(ws, t, font=HEADER_FONT, fill=HEADER_FILL) for t in titles])
    wrap = Alignment(wrap_text=True, vertical="top")
    for sheet in SHEETS:
        ws.append(
            [_cell(ws, sheet.name, font=HEADER_FONT), None, None, None, f"One row per {sheet.row}."]
        )
        for column in sheet.columns:
            required = "yes" if sheet.required(column.name) else "no"
            row = [sheet.name, column.name, column.label, required, column.help, _allowed(column)]
            ws.append([_cell(ws, value, alignment=wrap) for value in row])


def _lists() -> dict[tuple[str, ...], tuple[str, str]]:
    """Return each vocabulary's (column letter, range) on the hidden Lists sheet."""
    ranges: dict[tuple[str, ...], tuple[str, str]] = {}
    for sheet in SHEETS:
        for column in sheet.columns:
            if column.kind is Kind.choice and column.choices not in ranges:
                letter = get_column_letter(len(ranges) + 1)
                last = len(column.choices) + 1
                area = f"{quote_sheetname(LISTS)}!${letter}$2:${letter}${last}"
                ranges[column.choices] = (column.name, area)
    return ranges


def _write_lists(ws: WriteOnlyWorksheet, lists: dict[tuple[str, ...], tuple[str, str]]) -> None:
    ws.sheet_state = "hidden"  # type: ignore[attr-defined]  # the stubs omit what it shares with Worksheet
    ws.append([_cell(ws, name, font=HEADER_FONT) for name, _ in lists.values()])
    for index in range(max(len(choices) for choices in lists)):
        ws.append([choices[index] if index < len(choices) else None for choices in lists])


def _prepare(
    ws: WriteOnlyWorksheet, sheet: Sheet, lists: dict[tuple[str, ...], tuple[str, str]]
) -> None:
    """Set widths, drop-down lists and the frozen header (before any row is written)."""
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = WIDTHS[column.kind]  # type: ignore[attr-defined]  # the stubs omit what it shares with Worksheet
        if column.kind is Kind.choice:
            check = DataValidation(
                type="list",
                formula1=lists[column.choices][1],
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=f"Not an allowed {column.name}",
                error=f"Choose one of: {', '.join(column.choices)}"[:EXCEL_PROMPT_LIMIT],
                showInputMessage=True,
                promptTitle=column.label,
                prompt=column.help[:EXCEL_PROMPT_LIMIT],
            )
            # Drop-down lists cover every row a user might fill.
            check.add(f"{letter}2:{letter}{EXCEL_MAX_ROW}")
            ws.data_validations.append(check)  # type: ignore[attr-defined]  # the stubs omit what it shares with Worksheet
    ws.freeze_panes = "A2"


def _header(ws: WriteOnlyWorksheet, sheet: Sheet) -> list[Cell]:
    cells = []
    for column in sheet.columns:
        # The header keeps the field's stored name (the tracker reads it); its note says it in words.
        required = f"{column.label}. " + (
            "Required. " if sheet.required(column.name) else "Optional. "
        )
        cell = _cell(ws, column.name, font=HEADER_FONT, fill=HEADER_FILL)
        cell.comment = Comment(required + column.help, "tracker", width=320, height=110)
        cells.append(cell)
    return cells


def _model_rows(content: WorkbookContent, sheet: Sheet) -> list[list[object]]:
    return [
        [write_cell(getattr(item, column.name), column) for column in sheet.columns]
        for item in content.rows(sheet)
    ]


def _point_rows(points: pd.DataFrame) -> list[list[object]]:
    frame = points[POINT_COLUMNS].astype(object)
    return [
        [write_cell(value, column) for value, column in zip(row, DATA_POINTS.columns, strict=True)]
        for row in frame.itertuples(index=False, name=None)
    ]


def _declare_size(ws: WriteOnlyWorksheet, rows: int, columns: int) -> None:
    """Record the sheet's used range (its <dimension>, as Excel writes it), before its first row.

    openpyxl's streaming writer records one only if the sheet can calculate it, which a streamed
    sheet cannot; without it openpyxl's reader parses the whole sheet once just to learn its
    size (about a tenth of the CPU of loading a workbook of 10,000 measures). The tracker's
    reader then forgets the recorded range (see importers.excel.check_sheet) and reads every row.
    """
    used = f"A1:{get_column_letter(columns)}{rows}"
    ws.calculate_dimension = lambda: used  # type: ignore[attr-defined]  # the writer's own hook


def _write_rows(ws: WriteOnlyWorksheet, sheet: Sheet, rows: list[list[object]]) -> None:
    dates = {i for i, c in enumerate(sheet.columns) if c.kind is Kind.date}
    for values in rows:
        ws.append(
            [
                _cell(ws, v, number_format=DATE_FORMAT)
                if i in dates and v is not None
                else _cell(ws, v)
                if isinstance(v, str) and v.startswith("=")
                else v
                for i, v in enumerate(values)
            ]
        )


def workbook_bytes(content: WorkbookContent | None = None) -> bytes:
    """Return the programme workbook as .xlsx bytes; without content, the empty template.

    Written in openpyxl's streaming (write-only) mode: several times faster for large
    programmes, so every sheet's layout is set before its rows.
    """
    content = content or WorkbookContent()
    book = Workbook(write_only=True)
    _write_readme(book.create_sheet(README))
    lists = _lists()
    for sheet in SHEETS:
        ws = book.create_sheet(sheet.name)
        _prepare(ws, sheet, lists)
        rows = _point_rows(content.points) if sheet is DATA_POINTS else _model_rows(content, sheet)
        _declare_size(ws, 1 + len(rows), len(sheet.columns))
        ws.append(_header(ws, sheet))
        _write_rows(ws, sheet, rows)
    _write_lists(book.create_sheet(LISTS), lists)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
