"""Opening an .xlsx upload safely: bounded before parsing; encrypted, hidden and broken parts named."""

import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from tracker.errors import ImportRejected, RowError

MB = 1024 * 1024

MAX_UNPACKED_BYTES = 300 * MB
"""Refuse an .xlsx whose parts unpack to more. A million data points, the most an import or a
programme workbook is expected to hold, unpack to about 160 MB as the tracker writes them, and
to 241 MB with a 40-character note on every one (measured, written by openpyxl); the 'zip
bomb' of issue 21, under 1 MB on disk, unpacked to 900 MB."""

MAX_CELLS = 7_000_000
"""Refuse a workbook whose parts hold more cells. A million data points in their five columns
are at most 5,000,005 cells with the header (blank cells are usually not written); this leaves
2 M for a large programme's other sheets (10,000 measures on 16 columns are 160,000). Reading
100,000 five-column rows peaked at 274 MB, so this bounds one upload near the 2 GB that a
million-point CSV import takes."""

EXCEL_MAX_ROW = 1_048_576
"""The last row of an Excel sheet; a row numbered past it was not written by Excel."""

SCAN_CHUNK = MB
"""Bytes of sheet XML scanned at a time before openpyxl reads the sheet."""

TAG_OVERLAP = 1024
"""Bytes kept from one chunk to the next: longer than any row, col or mergeCell tag."""

OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
"""The first bytes of an OLE compound file: Excel's password-protected workbook, or an .xls."""

ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
"""The name, in the OLE file's directory, of the stream that holds an encrypted workbook."""

NOT_XLSX = (
    "this is not an Excel .xlsx workbook (a renamed file?); open it in Excel and save it as "
    "an Excel Workbook (.xlsx)"
)
ENCRYPTED = (
    "this workbook is password-protected (encrypted), so it cannot be read; open it in "
    "Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password, "
    "clear the box), save it and try again"
)
DAMAGED = "sheet '{}' is damaged and cannot be read; open the workbook in Excel and save it again"
OLD_XLS = (
    "this is an old Excel 97–2003 workbook (.xls); open it in Excel and save it as an Excel "
    "Workbook (.xlsx)"
)

_CELL_TAGS = (b"<c ", b"<c>", b"<c/>", b"<si>", b"<si ")
"""A cell, or a text in the table of shared text (an honest workbook has one at most per cell)."""
_MERGED = re.compile(rb"<(?:\w+:)?mergeCell\s+ref=\"([A-Z]+\d+(?::[A-Z]+\d+)?)\"")
_HIDDEN_ROW = re.compile(rb"<(?:\w+:)?row\s[^>]*?\bhidden=\"(?:1|true)\"[^>]*>")
_HIDDEN_COLUMNS = re.compile(rb"<(?:\w+:)?col\s[^>]*?\bhidden=\"(?:1|true)\"[^>]*>")
_NUMBER = re.compile(rb"\b(r|min|max)=\"(\d+)\"")
_CELL = re.compile(rb"<(?:\w+:)?c\s([^>]*?)(?<!/)>(.*?)</(?:\w+:)?c>", re.S)
_TYPE = re.compile(rb"\bt=\"(\w+)\"")
_REF = re.compile(rb"\br=\"([A-Z]+)(\d+)\"")
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")


def is_blank(value: object) -> bool:
    """Return True for an empty cell (nothing, or only spaces)."""
    return value is None or (isinstance(value, str) and not value.strip())


def _refused(reason: str, row: int = 0, column: str = "file") -> ImportRejected:
    return ImportRejected([RowError(row, column, reason)])


def open_book(data: bytes) -> tuple[Any, zipfile.ZipFile]:
    """Return the workbook opened read-only and its zip archive; refuse what cannot be read.

    Checked before openpyxl parses anything: an encrypted workbook or an old .xls (both OLE
    files) and a zip that unpacks past MAX_UNPACKED_BYTES by its central directory, in
    milliseconds; then the cells of every part, counted in the unpacked bytes without parsing
    them (about a second for the largest allowed). zipfile never reads a part past the size
    recorded in the directory (it stops with a bad CRC), so a directory that understates the
    sizes cannot make us read more.
    """
    if data.startswith(OLE_SIGNATURE):
        raise _refused(ENCRYPTED if ENCRYPTED_STREAM in data else OLD_XLS)
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except zipfile.BadZipFile:
        raise _refused(NOT_XLSX) from None
    unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        archive.close()
        raise _refused(
            f"the workbook unpacks to {unpacked / MB:,.0f} MB; the limit is "
            f"{MAX_UNPACKED_BYTES // MB} MB (about a million data points). Split it into "
            "smaller workbooks, or save the data as CSV"
        )
    try:
        cells = _count_cells(archive)
    except (zipfile.BadZipFile, OSError):
        archive.close()
        raise _refused(NOT_XLSX) from None
    if cells > MAX_CELLS:
        archive.close()
        raise _refused(
            f"the workbook has more than {MAX_CELLS:,} cells, counting its table of shared "
            "text; that is the limit (about a million data points). Delete unused rows and "
            "columns, or split the data into smaller files"
        )
    try:
        book = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError):
        archive.close()
        raise _refused(NOT_XLSX) from None
    return book, archive


def _count_cells(archive: zipfile.ZipFile) -> int:
    """Return how many cells and shared texts the workbook's parts hold, read, never parsed.

    Every part is counted, not only those named as sheets, as a sheet may be stored under any
    name; "<c" followed by a space, ">" or "/" is a cell tag wherever it appears. openpyxl
    holds every shared text in memory as it opens a workbook, so those count too. Counting
    stops just past MAX_CELLS, so that refusing costs no more than reading that many.
    """
    cells = 0
    for info in archive.infolist():
        tail = b""
        with archive.open(info) as stream:
            while chunk := stream.read(SCAN_CHUNK):
                window = tail + chunk
                # The tail was counted with the chunk before: count only tags that end past it.
                cells += sum(window.count(t) - tail.count(t) for t in _CELL_TAGS)
                if cells > MAX_CELLS:
                    return cells
                tail = window[-TAG_OVERLAP:]
    return cells


@dataclass
class SheetScan:
    """What one pass over a sheet's XML finds before openpyxl reads the sheet."""

    name: str
    hidden: bool
    merged: list[str] = field(default_factory=list)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)


def _numbers(tag: bytes) -> dict[bytes, int]:
    return {name: int(value) for name, value in _NUMBER.findall(tag)}


def _scan(archive: zipfile.ZipFile, ws: Any) -> SheetScan:
    """Return the sheet's merged ranges and hidden rows and columns, read in chunks."""
    scan = SheetScan(ws.title, hidden=ws.sheet_state != "visible")
    tail = b""
    with archive.open(ws._worksheet_path.lstrip("/")) as stream:
        while chunk := stream.read(SCAN_CHUNK):
            window = tail + chunk
            # Looking for the words first skips the regular expressions on most chunks.
            if b"mergeCell" in window:
                scan.merged += [m.group(1).decode() for m in _MERGED.finditer(window)]
            if b"hidden=" in window:
                for tag in _HIDDEN_ROW.findall(window):
                    scan.hidden_rows.add(_numbers(tag).get(b"r", 0))
                for tag in _HIDDEN_COLUMNS.findall(window):
                    bounds = _numbers(tag)
                    first, last = bounds.get(b"min", 0), bounds.get(b"max", 0)
                    scan.hidden_columns.update(range(first, last + 1))
            tail = window[-TAG_OVERLAP:]
    scan.merged = list(dict.fromkeys(scan.merged))
    scan.hidden_rows.discard(0)
    return scan


def check_sheet(archive: zipfile.ZipFile, ws: Any) -> SheetScan:
    """Return the scan of a read-only sheet about to be read, and make the sheet safe to read.

    openpyxl is told to forget the used range the sheet records (its dimension): one recorded
    too small would make it drop the rows past it, one too wide would pad every row.
    """
    try:
        scan = _scan(archive, ws)
    except (zipfile.BadZipFile, OSError, KeyError):
        raise _refused(DAMAGED.format(ws.title)) from None
    ws.reset_dimensions()
    return scan


def _readable(kind: bytes, text: str, strings: int) -> bool:
    """Return True when openpyxl can read a value stored as this type (as its parser does)."""
    try:
        if kind == b"n":
            float(text) if any(c in text for c in ".Ee") else int(text)
        elif kind in (b"b", b"s"):
            return kind == b"b" or int(text) < strings
    except ValueError:
        return False
    return True


def _bad_cell(archive: zipfile.ZipFile, ws: Any, row: int) -> ImportRejected:
    """Return the refusal of the first cell whose stored value does not match its type.

    openpyxl fails on such a cell (an error like #N/A saved without its type flag, or a
    reference to a shared text that is not there) without saying where, so the sheet's XML
    is searched for it; failing that, the row being read is named.
    """
    strings = len(ws._shared_strings)
    tail = b""
    with archive.open(ws._worksheet_path.lstrip("/")) as stream:
        while chunk := stream.read(SCAN_CHUNK):
            window = tail + chunk
            for attributes, body in _CELL.findall(window):
                kind, ref = _TYPE.search(attributes), _REF.search(attributes)
                value = _VALUE.search(body)
                if ref is None or value is None:
                    continue
                text = value.group(1).decode(errors="replace")
                if _readable(kind.group(1) if kind else b"n", text, strings):
                    continue
                letter, number = ref.group(1).decode(), int(ref.group(2))
                what = (
                    "an Excel error saved without its type; correct the formula or clear the cell"
                    if text.startswith("#")
                    else "stored in a form Excel does not write; retype the cell or clear it"
                )
                return _refused(f"cell {letter}{number} holds {text!r}, {what}", number, letter)
            tail = window[-TAG_OVERLAP:]
    return _refused(
        f"a cell in this row of sheet '{ws.title}' cannot be read; retype the row", row, "(row)"
    )


def sheet_rows(
    ws: Any, archive: zipfile.ZipFile, values_only: bool = False
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """Yield (row number, cells) for every row of a checked sheet, blank rows included.

    Refuses a cell openpyxl cannot read, naming it; stops at MAX_CELLS counting every cell a
    row is padded to (one cell far to the right makes the whole row that wide), and at
    Excel's last row (openpyxl yields a blank row for each row number skipped).
    """
    cells = number = 0
    try:
        for row in ws.iter_rows(values_only=values_only):
            number += 1
            cells += len(row)
            if cells > MAX_CELLS:
                raise _refused(
                    f"sheet '{ws.title}' holds more than {MAX_CELLS:,} cells once each row is "
                    f"filled out to its last cell; the limit is {MAX_CELLS:,} (about a million "
                    "data points). Delete unused columns far to the right and unused rows, or "
                    "split the data into smaller files"
                )
            if number > EXCEL_MAX_ROW:
                raise _refused(
                    f"sheet '{ws.title}' has a row numbered past Excel's last row "
                    f"({EXCEL_MAX_ROW:,}), so Excel did not save it; open the workbook in "
                    "Excel and save it again"
                )
            yield number, row
    except (ValueError, IndexError):
        raise _bad_cell(archive, ws, number + 1) from None
    except zipfile.BadZipFile:
        raise _refused(DAMAGED.format(ws.title)) from None


def hidden_problems(
    scan: SheetScan, rows: Iterable[tuple[int, Sequence[object]]]
) -> list[RowError]:
    """Return a problem for a hidden sheet, each hidden row and hidden column holding values.

    What is hidden in Excel cannot be checked by the person uploading it, so it is refused
    rather than read; a hidden row or column with nothing in it is harmless and let through.
    """
    problems = []
    if scan.hidden:
        problems.append(
            RowError(
                0,
                "sheet",
                f"sheet '{scan.name}' is hidden; unhide it (right-click a sheet tab, Unhide) to "
                "see what it holds, or delete it, then save and try again",
            )
        )
    if not (scan.hidden_rows or scan.hidden_columns):
        return problems
    columns: dict[int, int] = {}
    for number, values in rows:
        if number in scan.hidden_rows and not all(is_blank(v) for v in values):
            problems.append(
                RowError(
                    number,
                    "(row)",
                    f"row {number} on sheet '{scan.name}' is hidden; clear the filter or unhide "
                    "the row (or delete it) so that every row read can be seen",
                )
            )
        for index, value in enumerate(values, start=1):
            if index in scan.hidden_columns and index not in columns and not is_blank(value):
                columns[index] = number
    for index, number in sorted(columns.items(), key=lambda item: (item[1], item[0])):
        letter = get_column_letter(index)
        problems.append(
            RowError(
                number,
                letter,
                f"column {letter} on sheet '{scan.name}' is hidden and holds values; unhide "
                "it (or delete it) so that every value read can be seen",
            )
        )
    return problems
