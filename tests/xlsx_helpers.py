"""Hand-made .xlsx parts for the reader tests: sheet XML as Excel and other programs write it."""

import zipfile
from collections.abc import Iterable
from functools import cache
from io import BytesIO

import openpyxl

from tracker.importers.excel import MAX_UNPACKED_BYTES

SHEET_START = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
HEADER_ROW = (
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>measure</t></is></c>'
    b'<c r="B1" t="inlineStr"><is><t>period</t></is></c>'
    b'<c r="C1" t="inlineStr"><is><t>value</t></is></c></row>'
)
OLE = bytes.fromhex("D0CF11E0A1B11AE1")
"""The first bytes of an OLE compound file: an old .xls, or an encrypted .xlsx."""
PADDING = b" " * (1024 * 1024)
"""A megabyte of blank space between rows: it compresses about a thousand times."""


def ole_file(*streams: str) -> bytes:
    """Return the start of an OLE compound file whose directory names `streams`."""
    names = b"".join(name.encode("utf-16-le") + b"\0" * 8 for name in streams)
    return OLE + b"\0" * 504 + names + b"\0" * 1024


def sheet_path(data: bytes, sheet: str) -> str:
    """Return the zip member that holds a sheet's XML."""
    book = openpyxl.load_workbook(BytesIO(data), read_only=True)
    path = book[sheet]._worksheet_path
    book.close()
    return path.lstrip("/")


def replaced(data: bytes, member: str, parts: Iterable[bytes]) -> bytes:
    """Return the workbook with one zip member's bytes (added if missing) streamed from `parts`."""
    out = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(data)) as source,
        # The fastest compression: a bomb's 300 MB of blanks still shrink two hundred times.
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target,
    ):
        for info in source.infolist():
            if info.filename != member:
                target.writestr(info, source.read(info))
        with target.open(member, "w", force_zip64=True) as stream:
            for part in parts:
                stream.write(part)
    return out.getvalue()


def one_sheet() -> bytes:
    """Return a workbook with one sheet named DataPoints (its XML is replaced by the tests)."""
    book = openpyxl.Workbook()
    book.active.title = "DataPoints"
    book.active.append(["measure", "period", "value"])
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def with_sheet_xml(
    rows: bytes, before_data: bytes = b"", data: bytes | None = None, sheet: str = "DataPoints"
) -> bytes:
    """Return a one-sheet workbook (or `data`) whose `sheet` XML holds `rows`."""
    data = data or one_sheet()
    xml = SHEET_START + before_data + b"<sheetData>" + rows + b"</sheetData></worksheet>"
    return replaced(data, sheet_path(data, sheet), [xml])


def bomb_parts(rows: bytes) -> Iterable[bytes]:
    """Yield a sheet's XML with enough blank space between rows to pass the unpacked limit."""
    yield SHEET_START + b"<sheetData>" + HEADER_ROW
    for _ in range(MAX_UNPACKED_BYTES // len(PADDING) + 1):
        yield PADDING
    yield rows + b"</sheetData></worksheet>"


@cache
def zip_bomb(data: bytes | None = None, sheet: str = "DataPoints") -> bytes:
    """Return a well-formed workbook of under 2 MB that unpacks past MAX_UNPACKED_BYTES."""
    data = data or one_sheet()
    return replaced(data, sheet_path(data, sheet), bomb_parts(b""))


SHARED_TEXTS_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)


def with_shared_texts(count: int) -> bytes:
    """Return a one-sheet workbook whose table of shared texts holds `count` one-letter texts."""
    data = one_sheet()
    with zipfile.ZipFile(BytesIO(data)) as source:
        types = source.read("[Content_Types].xml").replace(
            b"</Types>", SHARED_TEXTS_TYPE + b"</Types>"
        )
    data = replaced(data, "[Content_Types].xml", [types])
    start = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    batch = b"<si><t>a</t></si>" * 10_000
    parts = [start, *([batch] * (count // 10_000)), b"<si><t>a</t></si>" * (count % 10_000)]
    return replaced(data, "xl/sharedStrings.xml", [*parts, b"</sst>"])
