"""File bytes → a table of text cells indexed by file row number; refuses files it cannot trust."""

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, datetime, time

import openpyxl
import pandas as pd
from openpyxl.utils.exceptions import InvalidFileException

from tracker.errors import ImportRejected, RowError

MAX_IMPORT_BYTES = 100 * 1024 * 1024
"""Refuse larger files before parsing: 1,000,000 data points take about 35 MB of CSV."""

MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
"""An .xlsx is a zip; refuse one that would unpack to more than 1 GB (a 'zip bomb')."""

PROGRESS_EVERY = 5_000
"""Rows between progress reports while reading a workbook (about a tenth of a second each)."""

MERGE_SCAN_CHUNK = 1024 * 1024
"""Bytes of sheet XML read at a time while looking for merged cells."""

Progress = Callable[[int], None]
"""Told how many rows have been read so far."""

_MERGED = re.compile(rb"<(?:\w+:)?mergeCell\s+ref=\"([A-Z]+\d+(?::[A-Z]+\d+)?)\"")
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


def _merged_ranges(archive: zipfile.ZipFile, sheet_path: str) -> list[str]:
    """Return the merged ranges of one sheet, read straight from its XML in chunks."""
    found: list[str] = []
    tail = b""
    with archive.open(sheet_path.lstrip("/")) as stream:
        while chunk := stream.read(MERGE_SCAN_CHUNK):
            window = tail + chunk
            found += [m.group(1).decode() for m in _MERGED.finditer(window)]
            # Keep the end of the window in case a tag is split between two chunks; a range
            # found twice because of the overlap is listed once below.
            tail = window[-200:]
    return list(dict.fromkeys(found))


def _open_workbook(data: bytes) -> tuple[openpyxl.Workbook, zipfile.ZipFile]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise ImportRejected(
                [
                    RowError(
                        0,
                        "file",
                        f"the workbook would unpack to {unpacked / 1024**3:.1f} GB; "
                        "the limit is 1 GB. Split it, or save it as CSV.",
                    )
                ]
            )
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError):
        raise ImportRejected(
            [
                RowError(
                    0,
                    "file",
                    "this is not an Excel .xlsx workbook (an old .xls or a renamed file?); "
                    "save it from Excel as .xlsx or as CSV UTF-8",
                )
            ]
        ) from None
    return book, archive


def _sheet_rows(sheet: object) -> Iterator[tuple[int, list[str]]]:
    """Yield (row number, cells as text) for each row of a read-only sheet, blank ones included."""
    number = 0
    for cells in sheet.iter_rows():  # type: ignore[attr-defined]
        rows = [c.row for c in cells if getattr(c, "row", None)]
        number = rows[0] if rows else number + 1
        yield number, [_cell_text(c.value, getattr(c, "number_format", "")) for c in cells]


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
    book, archive = _open_workbook(data)
    try:
        chosen = choose_sheet(book.sheetnames, sheet_name)
        sheet = book[chosen]
        # openpyxl's read-only sheets do not expose merged cells, so read them from the XML.
        merged = _merged_ranges(archive, sheet._worksheet_path)  # type: ignore[union-attr]
        if merged:
            raise ImportRejected(
                [
                    RowError(
                        int(_CELL_ROW.search(ref).group()),  # type: ignore[union-attr]
                        ref,
                        f"cells {ref} on sheet '{chosen}' are merged; unmerge them so that "
                        "every row has its own value in every cell",
                    )
                    for ref in merged
                ]
            )
        header: list[str] | None = None
        rows: list[list[str]] = []
        numbers: list[int] = []
        for count, (number, cells) in enumerate(_sheet_rows(sheet), start=1):
            if on_progress is not None and count % PROGRESS_EVERY == 0:
                on_progress(count)
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
