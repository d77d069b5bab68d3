"""File bytes → a table of text cells indexed by file row number; refuses files it cannot trust."""

import csv
import io
import re
from collections.abc import Callable
from datetime import date, datetime, time

import pandas as pd

from tracker.errors import ImportRejected, RowError
from tracker.importers.excel import check_sheet, hidden_problems, open_book, sheet_rows

MAX_IMPORT_BYTES = 100 * 1024 * 1024
"""Refuse larger files before parsing: 1,000,000 data points take about 35 MB of CSV."""

PROGRESS_EVERY = 5_000
"""Rows between progress reports while reading a workbook (about a tenth of a second each)."""

Progress = Callable[[int], None]
"""Told how many rows have been read so far."""

_CELL_ROW = re.compile(r"\d+")


def decode(data: bytes) -> str:
    """Return the text of an uploaded file: UTF-8 (with or without BOM), else Windows-1252.

    Excel on Windows saves "CSV" as Windows-1252, where £ is byte 0xA3; reading that as UTF-8
    fails, so such files are read as Windows-1252 rather than rejected.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def check_size(size: int, name: str) -> None:
    """Refuse a file larger than MAX_IMPORT_BYTES before reading it."""
    if size > MAX_IMPORT_BYTES:
        raise ImportRejected(
            [
                RowError(
                    0,
                    "file",
                    f"{name} is {size / 1024 / 1024:.0f} MB; the limit is "
                    f"{MAX_IMPORT_BYTES // 1024 // 1024} MB. Split it into smaller files "
                    "(for example one per year).",
                )
            ]
        )


def _check_header(names: list[str], required: tuple[str, ...], optional: tuple[str, ...]) -> None:
    missing = [c for c in required if c not in names]
    unknown = [h for h in names if h not in required + optional]
    repeated = sorted({h for h in names if h and names.count(h) > 1})
    errors = (
        [
            RowError(1, c, f"missing column {c!r}; the header must be {','.join(required)}")
            for c in missing
        ]
        + [
            RowError(
                1,
                h or "(blank)",
                f"unknown column {h!r}; allowed: {', '.join(required + optional)}",
            )
            for h in unknown
        ]
        + [RowError(1, h, f"column {h!r} appears more than once") for h in repeated]
    )
    if errors:
        raise ImportRejected(errors)


def _table(
    rows: list[list[str]], numbers: list[int], names: list[str], optional: tuple[str, ...]
) -> pd.DataFrame:
    """Return the data rows as a DataFrame of stripped text, indexed by file row number."""
    table = pd.DataFrame(rows, columns=names, index=pd.Index(numbers, name="row"), dtype=object)
    table = table.fillna("").astype(str)
    for column in table.columns:
        table[column] = table[column].str.strip()
    for column in optional:
        if column not in table:
            table[column] = ""
    return table


def read_csv_table(text: str, required: tuple[str, ...], optional: tuple[str, ...]) -> pd.DataFrame:
    """Return the CSV as a DataFrame of text indexed by file row number; reject a bad header.

    Row numbers are the lines a spreadsheet shows (the header is row 1), blank lines are
    skipped, and a row with more cells than the header (often an unquoted 12,5) is named.
    """
    if not text.strip():
        raise ImportRejected([RowError(1, "file", "the file is empty; it needs a header row")])
    reader = csv.reader(io.StringIO(text))
    header: list[str] | None = None
    rows: list[list[str]] = []
    numbers: list[int] = []
    errors: list[RowError] = []
    start = 1
    for record in reader:
        row_number, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in record):
            continue
        if header is None:
            header = [h.strip().lower() for h in record]
            _check_header(header, required, optional)
            continue
        if len(record) > len(header):
            errors.append(
                RowError(
                    row_number,
                    "(extra)",
                    f"has {len(record)} cells but the header has {len(header)}; a comma inside a "
                    'value must be quoted ("1,234") and decimals use a full stop (12.5)',
                )
            )
            continue
        rows.append(record + [""] * (len(header) - len(record)))
        numbers.append(row_number)
    if errors:
        raise ImportRejected(errors, source="import")
    assert header is not None  # the text was not blank, so some record had a cell
    return _table(rows, numbers, header, optional)


def _cell_text(value: object, number_format: str) -> str:
    """Return a workbook cell as the text a CSV would hold (dates ISO, numbers without padding)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        if "%" in number_format:
            # Excel keeps 74.5% as 0.745; say so rather than import a value 100 times too small.
            return f"{value * 100:g}%"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return repr(value) if isinstance(value, float) else str(value)
    return str(value)


def _sheet_key(name: str) -> str:
    return re.sub(r"[\s_-]", "", name).lower()


def choose_sheet(names: list[str], wanted: str) -> str:
    """Return the sheet holding the data: the only sheet, or the one named `wanted`; else reject."""
    if len(names) == 1:
        return names[0]
    matches = [n for n in names if _sheet_key(n) == _sheet_key(wanted)]
    if len(matches) == 1:
        return matches[0]
    listed = ", ".join(f"'{n}'" for n in names)
    raise ImportRejected(
        [
            RowError(
                0,
                "sheet",
                f"the workbook has {len(names)} sheets ({listed}); put the data on one sheet "
                f"named '{wanted}' (other sheets are then ignored) or save a workbook with "
                "only that sheet",
            )
        ]
    )


def read_xlsx_table(
    data: bytes,
    required: tuple[str, ...],
    optional: tuple[str, ...],
    sheet_name: str,
    on_progress: Progress | None = None,
) -> pd.DataFrame:
    """Return the workbook's data sheet as a DataFrame of text indexed by sheet row number.

    The data is on the only sheet, or on the sheet called `sheet_name` (spaces, underscores and
    case ignored). Merged cells are refused, naming the range: they hide which row a value is
    for. Formulas give their last calculated value.
    """
    book, archive = open_book(data)
    try:
        chosen = choose_sheet(book.sheetnames, sheet_name)
        sheet = book[chosen]
        scan = check_sheet(archive, sheet)
        if scan.merged:
            raise ImportRejected(
                [
                    RowError(
                        int(_CELL_ROW.search(ref).group()),  # type: ignore[union-attr]
                        ref,
                        f"cells {ref} on sheet '{chosen}' are merged; unmerge them so that "
                        "every row has its own value in every cell",
                    )
                    for ref in scan.merged
                ]
            )
        header: list[str] | None = None
        rows: list[list[str]] = []
        numbers: list[int] = []
        for number, read in sheet_rows(sheet, archive):
            if on_progress is not None and number % PROGRESS_EVERY == 0:
                on_progress(number)
            try:
                cells = [_cell_text(c.value, getattr(c, "number_format", "")) for c in read]
            except IndexError:
                # openpyxl looks each cell's format up in the workbook's list by number.
                raise ImportRejected(
                    [
                        RowError(
                            number,
                            "(row)",
                            "a cell in this row uses a format that the workbook does not "
                            "define; open the workbook in Excel and save it again",
                        )
                    ]
                ) from None
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = [c.strip().lower() for c in cells]
                while header and header[-1] == "":
                    header.pop()
                _check_header(header, required, optional)
                continue
            extra = [c for c in cells[len(header) :] if c.strip()]
            if extra:
                raise ImportRejected(
                    [RowError(number, "(extra)", "has a value in a column with no header")]
                )
            cells = cells[: len(header)]
            rows.append(cells + [""] * (len(header) - len(cells)))
            numbers.append(number)
        hidden = hidden_problems(scan, zip(numbers, rows, strict=True))
        if hidden:
            raise ImportRejected(hidden)
    finally:
        book.close()
        archive.close()
    if header is None:
        raise ImportRejected(
            [RowError(1, "file", f"sheet '{chosen}' is empty; it needs a header row")]
        )
    return _table(rows, numbers, header, optional)


def is_workbook(name: str) -> bool:
    """Return True when a file name says it is an Excel workbook (.xlsx)."""
    return name.lower().endswith(".xlsx")
