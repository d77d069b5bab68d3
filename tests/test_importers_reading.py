"""Reading files: .xlsx sheets, merged cells, Excel percentages and dates, encodings, size limits."""

import codecs
import csv
import io
from datetime import date, datetime

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker import importers
from tracker.errors import ImportRejected
from tracker.importers import ImportKind, reading

TODAY = date(2026, 11, 23)
MEASURES = pd.DataFrame(
    {
        "code": ["UEC-01-M1", "ELE-01-M1"],
        "initiative": ["UEC-01", "ELE-01"],
        "unit": ["%", "count"],
        "frequency": ["monthly", "monthly"],
    }
)
CONTEXT = importers.Context(measures=MEASURES, initiatives=pd.DataFrame(), today=TODAY)
HEADER = ["measure", "period", "value", "note"]


def workbook(sheets: dict[str, list[list[object]]], merge: str | None = None) -> bytes:
    book = openpyxl.Workbook()
    for index, (name, rows) in enumerate(sheets.items()):
        ws = book.active if index == 0 else book.create_sheet()
        ws.title = name
        for row in rows:
            ws.append(row)
        if merge and index == 0:
            ws.merge_cells(merge)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def parse(data: bytes, name: str = "f.xlsx") -> pd.DataFrame:
    return importers.parse_file(data, name, ImportKind.datapoints, CONTEXT)


def rejection(data: bytes, name: str = "f.xlsx") -> list[str]:
    with pytest.raises(ImportRejected) as info:
        parse(data, name)
    return [str(e) for e in info.value.errors]


def test_single_sheet_with_date_cells_and_numbers_is_read():
    data = workbook({"Sheet1": [HEADER, ["UEC-01-M1", datetime(2026, 10, 1), 74.5, "ok"]]})
    rows = parse(data)
    assert rows["period"].tolist() == [date(2026, 10, 1)]
    assert rows["value"].tolist() == [74.5]
    assert rows.index.tolist() == [2]


def test_sheet_named_for_the_kind_is_used_and_others_ignored():
    data = workbook(
        {
            "Guide": [["anything"], ["at all"]],
            "Data points": [HEADER, ["ELE-01-M1", "2026-10-01", 1200, ""]],
        }
    )
    assert parse(data)["value"].tolist() == [1200.0]


def test_several_sheets_without_one_named_for_the_kind_are_rejected_naming_them():
    data = workbook({"October": [HEADER], "November": [HEADER]})
    assert rejection(data) == [
        "row 0, column sheet: the workbook has 2 sheets ('October', 'November'); put the data "
        "on one sheet named 'DataPoints' (other sheets are then ignored) or save a workbook "
        "with only that sheet"
    ]


def test_merged_cells_are_rejected_naming_the_range():
    data = workbook(
        {"DataPoints": [HEADER, ["UEC-01-M1", "2026-10-01", 5, "a"], ["", "2026-09-01", 6, ""]]},
        merge="A2:A3",
    )
    errors = rejection(data)
    assert errors == [
        "row 2, column A2:A3: cells A2:A3 on sheet 'DataPoints' are merged; unmerge them so "
        "that every row has its own value in every cell"
    ]


def test_excel_percentage_cell_is_rejected_rather_than_read_100_times_too_small():
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append(["UEC-01-M1", "2026-10-01", 0.745, ""])
    book.active["C2"].number_format = "0.0%"
    out = io.BytesIO()
    book.save(out)
    assert rejection(out.getvalue()) == [
        "row 2, column value: '74.5%' has a % sign; enter the number alone (74.5)"
    ]


def test_blank_rows_keep_sheet_row_numbers():
    data = workbook({"S": [HEADER, ["UEC-01-M1", "2026-10-01", 5, ""], [], ["X", "2026-10-01", 1]]})
    assert rejection(data) == ["row 4, column measure: unknown measure code 'X'"]


def test_text_typed_into_an_xlsx_value_cell_is_named():
    data = workbook({"S": [HEADER, ["UEC-01-M1", "2026-10-01", "see email", ""]]})
    assert rejection(data) == [
        "row 2, column value: 'see email' is not a number; enter digits only (e.g. 76.4)"
    ]


def test_formula_text_in_xlsx_is_kept_as_text():
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append(["UEC-01-M1", "2026-10-01", 5, "x"])
    book.active["D2"].value = "=HYPERLINK(1)"
    book.active["D2"].data_type = "s"
    out = io.BytesIO()
    book.save(out)
    assert parse(out.getvalue())["note"].tolist() == ["=HYPERLINK(1)"]


def test_value_in_a_column_without_header_is_rejected():
    data = workbook({"S": [HEADER, ["UEC-01-M1", "2026-10-01", 5, "", "stray"]]})
    assert rejection(data) == ["row 2, column (extra): has a value in a column with no header"]


def test_empty_workbook_sheet_is_rejected():
    assert rejection(workbook({"S": []})) == [
        "row 1, column file: sheet 'S' is empty; it needs a header row"
    ]


def test_file_that_is_not_a_workbook_is_rejected():
    assert "is not an Excel .xlsx workbook" in rejection(b"measure,period,value\n")[0]


def test_old_xls_is_refused_with_a_hint():
    assert "save it from Excel as .xlsx" in rejection(b"\xd0\xcf\x11\xe0", "old.xls")[0]


def test_huge_file_is_refused_before_it_is_parsed():
    with pytest.raises(ImportRejected, match="200 MB; the limit is 100 MB"):
        importers.check_size(200 * 1024 * 1024, "huge.csv")
    # parse_file checks the size first: 101 MB of nonsense is refused, never read as CSV.
    with pytest.raises(ImportRejected, match="the limit is 100 MB"):
        parse(b"x" * (importers.MAX_IMPORT_BYTES + 1), "huge.csv")


def test_windows_1252_csv_is_decoded():
    data = "measure,period,value,note\nELE-01-M1,2026-10-01,5,£5 saving\n".encode("cp1252")
    assert parse(data, "win.csv")["note"].tolist() == ["£5 saving"]
    assert importers.decode("£".encode()) == "£"
    assert importers.decode(b"\xef\xbb\xbfmeasure") == "measure"


def test_progress_is_reported_while_reading_a_big_workbook(monkeypatch):
    monkeypatch.setattr(reading, "PROGRESS_EVERY", 100)
    rows = [HEADER] + [
        ["ELE-01-M1", f"{2000 + i // 12}-{i % 12 + 1:02d}-01", i, ""] for i in range(250)
    ]
    seen: list[int] = []
    table = importers.read_table(
        workbook({"S": rows}), "big.xlsx", ImportKind.datapoints, on_progress=seen.append
    )
    assert len(table) == 250
    assert seen == [100, 200]


def csv_rejection(data: bytes, kind: ImportKind = ImportKind.datapoints) -> list[str]:
    with pytest.raises(ImportRejected) as info:
        importers.read_table(data, "f.csv", kind)
    return [str(e) for e in info.value.errors]


def csv_cells(data: bytes, kind: ImportKind = ImportKind.datapoints) -> list[list[object]]:
    """Return the rows read from a CSV as [row number, cells of the required columns…]."""
    table = importers.read_table(data, "f.csv", kind)
    columns = list(importers.LAYOUTS[kind].required)
    cells = table[columns].values.tolist()
    return [[number, *row] for number, row in zip(table.index, cells, strict=True)]


UNCLOSED = 'opens a quote (") that is never closed, so the rest of the file would be read into '
"""The start of the reason given for a value whose quote never closes."""

ELEVEN_GOOD = "".join(f"UEC-01-M1,2025-{m:02d}-01,7{m % 10}.5,ok\n" for m in range(1, 12))


@pytest.mark.parametrize(
    ("kind", "text", "column"),
    [
        (
            ImportKind.datapoints,
            'measure,period,value,note\nDIS-01-M3,2026-11-01,7.7,"12 screens checked\n'
            + ELEVEN_GOOD,
            "note",
        ),
        (
            ImportKind.milestones,
            "code,initiative,title,owner,baseline_date,forecast_date,status\n"
            'UEC-01-MS9,UEC-01,"Winter plan,Sam Owner,2026-12-01,2026-12-01,on track\n'
            "UEC-01-MS8,UEC-01,Spring plan,Sam Owner,2027-03-01,2027-03-01,on track\n",
            "title",
        ),
        (
            ImportKind.targets,
            "measure,value,effective_from,reason,set_by\n"
            'UEC-01-M1,80,2027-04-01,"Plan 2027/28,Board\n'
            "UEC-01-M1,82,2028-04-01,Plan 2028/29,Board\n",
            "reason",
        ),
    ],
)
def test_a_quote_that_never_closes_is_refused_naming_its_row_for_every_kind(kind, text, column):
    # Issue 21, finding 1: the rows after the open quote were read into its value ("1 added").
    assert csv_rejection(text.encode(), kind) == [
        f"row 2, column {column}: {UNCLOSED}this value; add the closing quote, or remove the "
        "opening one"
    ]


def test_a_quote_inside_an_unquoted_value_is_refused_and_every_such_row_listed():
    text = (
        "measure,period,value,note\n"
        'UEC-01-M1,2026-09-01,5,12" screens\n'
        "UEC-01-M1,2026-10-01,6,ok\n"
        'UEC-01-M1,2026-08-01,4,"a" b"\n'
    )
    assert csv_rejection(text.encode()) == [
        'row 2, column note: this value has a quote (") but does not start with one; put the '
        'whole value in quotes and write the quote inside twice ("12"" screens"), or remove it',
        "row 4, column note: this value has text after its closing quote; inside a quoted value "
        'write a quote twice ("12"" screens")',
    ]


def test_a_space_before_an_opening_quote_or_after_a_closing_one_is_named():
    # Without the check the space makes the quote literal and the comma splits the value.
    text = 'measure,period,value,note\nUEC-01-M1,2026-09-01,5, "seen, fixed"\n'
    assert csv_rejection(text.encode()) == [
        "row 2, column note: there is a space before the opening quote; remove it (a quoted "
        "value must start with its quote)"
    ]
    text = 'measure,note,period,value\nUEC-01-M1,"seen, fixed" ,2026-09-01,5\n'
    assert csv_rejection(text.encode()) == [
        "row 2, column note: there is a space after the closing quote; remove it"
    ]


def test_a_badly_quoted_header_stops_reading_and_a_file_of_empty_cells_has_no_header():
    # A header that cannot be read leaves no way to read the rows below it, so only it is named.
    assert csv_rejection(b'measure,period,value,n"ote\nX,1,2,3,4\n') == [
        'row 1, column header: this value has a quote (") but does not start with one; put the '
        'whole value in quotes and write the quote inside twice ("12"" screens"), or remove it'
    ]
    assert csv_rejection(b",,,\r\n , ,\r\n") == [
        "row 1, column file: the file has no header row, only empty cells"
    ]


def test_a_row_with_fewer_cells_than_the_header_is_refused_naming_the_first_missing_column():
    text = "measure,period,value,note\nUEC-01-M1,2026-09-01,5\nUEC-01-M1,2026-10-01,6,\n"
    assert csv_rejection(text.encode()) == [
        "row 2, column note: has 3 cells but the header has 4; give every column a cell, even "
        "an empty one (a comma for each)"
    ]


def test_a_quoted_value_over_several_lines_keeps_the_rows_after_it_numbered_by_line():
    text = (
        'measure,period,value,note\nUEC-01-M1,2026-09-01,5,"line one\nline two"\n'
        "UEC-01-M1,2026-10-01,6,x\n"
    )
    assert csv_cells(text.encode()) == [
        [2, "UEC-01-M1", "2026-09-01", "5"],
        [4, "UEC-01-M1", "2026-10-01", "6"],
    ]


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_lf_crlf_and_old_mac_cr_line_endings_read_the_same_rows(ending):
    lines = ["measure,period,value,note", "UEC-01-M1,2026-09-01,5,a", "", "ELE-01-M1,2026-10-01,6,"]
    assert csv_cells(ending.join(lines).encode()) == [
        [2, "UEC-01-M1", "2026-09-01", "5"],
        [4, "ELE-01-M1", "2026-10-01", "6"],
    ]


EXCEL_TEXT = "measure,period,value,note\r\nELE-01-M1,2026-10-01,5,£5 saved in café\r\n"
"""A small file whose note needs more than ASCII."""


@pytest.mark.parametrize(
    "data",
    [
        EXCEL_TEXT.encode("utf-16"),  # with its byte order mark, as Windows writes it
        codecs.BOM_UTF16_BE + EXCEL_TEXT.encode("utf-16-be"),
        EXCEL_TEXT.encode("utf-16-le"),  # no mark: told apart by the zero bytes of ASCII text
        EXCEL_TEXT.replace(",", "\t").encode("utf-16"),  # Excel's "Unicode text" uses tabs
    ],
    ids=["utf-16 le", "utf-16 be", "utf-16 without mark", "excel unicode text"],
)
def test_utf16_files_are_read(data):
    table = importers.read_table(data, "f.csv", ImportKind.datapoints)
    assert table[["measure", "value", "note"]].values.tolist() == [
        ["ELE-01-M1", "5", "£5 saved in café"]
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            b"measure,period,value\nELE-01-M1,2026-10-01,5\nX,\x81\x8d,1\n",
            "row 3, column file: byte 0x81 is not text in UTF-8, UTF-16 or Windows-1252 (is this "
            "a CSV file?); save it from Excel as CSV UTF-8 (Comma delimited)",
        ),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "row 2, column file: byte 0x1A is not text in UTF-8, UTF-16 or Windows-1252 (is this "
            "a CSV file?); save it from Excel as CSV UTF-8 (Comma delimited)",
        ),
        (
            b"\xef\xbb\xbfmeasure,period,value\r\nELE-01-M1,2026-10-01,\xa35\r\n",
            "row 2, column file: the file is marked as UTF-8 but its bytes on this row are not "
            "UTF-8 text; save it from Excel as CSV UTF-8 (Comma delimited)",
        ),
        (
            "measure,period,value\n".encode("utf-16") + b"\x00\xd8\x41\x00",
            "row 2, column file: the file is marked as UTF-16 but its bytes on this row are not "
            "UTF-16 text; save it from Excel as CSV UTF-8 (Comma delimited)",
        ),
    ],
    ids=["undefined in windows-1252", "binary", "utf-8 mark then other bytes", "broken utf-16"],
)
def test_bytes_that_are_not_text_in_a_known_encoding_are_named_with_their_row(data, expected):
    assert csv_rejection(data) == [expected]


def test_a_nul_byte_is_read_as_a_character_not_a_crash():
    # Whether a NUL may stay in a note is validation's business; reading must not fail on it.
    data = b"measure,period,value,note\nELE-01-M1,2026-10-01,5,a\x00b\n"
    table = importers.read_table(data, "f.csv", ImportKind.datapoints)
    assert table["note"].tolist() == ["a\x00b"]


def test_a_value_longer_than_the_csv_limit_is_refused_not_a_crash():
    limit = csv.field_size_limit()
    long_unquoted = f"measure,period,value,note\nELE-01-M1,2026-10-01,5,{'x' * (limit + 1)}\n"
    assert csv_rejection(long_unquoted.encode()) == [
        f"row 2, column (row): a value in this row is longer than {limit:,} characters; shorten it"
    ]
    open_quote = 'measure,period,value,note\nELE-01-M1,2026-10-01,5,"x\n' + "y,1,2,3\n" * limit
    assert csv_rejection(open_quote.encode()) == [
        f'row 2, column note: opens a quote (") that is not closed within {limit:,} characters, '
        "so the rows after it would be read into this value; add the closing quote, or remove "
        "the opening one"
    ]


FUZZ = settings(max_examples=150, deadline=None)
"""Enough examples to meet each quoting mistake many times in a few seconds."""

NOISE = ['"', '""', ",", "\t", " ", "\r", "\n", "\r\n", "\x00", "£", "é", "\x81"]
"""Characters that break CSV files, inserted anywhere into a well-formed one."""

FUZZ_ROW = st.tuples(
    st.sampled_from(["UEC-01-M1", "ELE-01-M1"]),
    st.sampled_from([f"2026-{month:02d}-01" for month in range(1, 11)]),
    st.sampled_from(["5", "74.5", "1,234", ""]),
    st.lists(st.sampled_from(NOISE + ["a", "1"]), max_size=5).map("".join),
)
"""A data row whose note holds anything: often valid, so that whole files import too."""


def strict_rows(text: str, delimiter: str) -> list[tuple[int, list[str]]] | None:
    """Return (file row, stripped cells) of each data row Python's strict CSV parser reads, or None
    if it refuses the text; rows of empty cells hold nothing and the first row is the header."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    found, start = [], 1
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                found.append((start, [cell.strip() for cell in record]))
            start = reader.line_num + 1
    except csv.Error:
        return None
    return found[1:]


def assert_read_as_strict_csv_or_refused(data: bytes, delimiter: str) -> None:
    """Either the reader's rows are exactly the strict parser's, or a row of the file is named."""
    # Counted on the bytes, so at least the file's rows whatever its encoding (UTF-16's CR, zero
    # byte, LF counts twice), plus one for the row after a last line end.
    lines = len(io.StringIO(data.decode("latin-1"), newline="").readlines()) + 1
    try:
        table = importers.read_table(data, "f.csv", ImportKind.datapoints)
    except ImportRejected as refused:
        assert refused.errors and all(1 <= e.row <= lines for e in refused.errors), refused
        return
    expected = strict_rows(importers.decode(data), delimiter)
    assert expected is not None, "read a file that the strict parser refuses"
    assert list(table.index) == [row for row, _ in expected]
    columns = list(table.columns[: len(expected[0][1])]) if expected else []
    assert table[columns].values.tolist() == [cells for _, cells in expected]


@st.composite
def damaged_csv(draw: st.DrawFn) -> tuple[bytes, str]:
    """Return (bytes, separator) of a CSV written by Python's csv module, then maybe damaged."""
    delimiter = draw(st.sampled_from([",", "\t"]))
    out = io.StringIO()
    writer = csv.writer(
        out,
        delimiter=delimiter,
        lineterminator=draw(st.sampled_from(["\n", "\r\n", "\r"])),
        quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])),
    )
    writer.writerow(HEADER)
    writer.writerows(draw(st.lists(FUZZ_ROW, max_size=5)))
    text = out.getvalue()
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(NOISE)) + text[at:]
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    return text.encode(encoding, errors="replace"), delimiter


@FUZZ
@given(damaged_csv())
def test_fuzz_csv_is_read_as_a_strict_parser_reads_it_or_refused_with_a_row(case):
    data, delimiter = case
    assert_read_as_strict_csv_or_refused(data, delimiter)
    try:  # validation of whatever was read gives row messages too, never a traceback
        rows = parse(data, "f.csv")
    except ImportRejected as refused:
        assert all(e.row >= 1 for e in refused.errors), refused
    else:
        expected = strict_rows(importers.decode(data), delimiter)
        assert expected is not None and list(rows.index) == [row for row, _ in expected]


@FUZZ
@given(st.binary(max_size=200))
def test_fuzz_random_bytes_after_a_header_are_read_as_strict_csv_or_refused(data):
    assert_read_as_strict_csv_or_refused(b"measure,period,value,note\n" + data, ",")


@FUZZ
@given(st.binary(max_size=200))
def test_fuzz_random_bytes_are_refused_with_a_row_never_a_traceback(data):
    with pytest.raises(ImportRejected) as refused:
        parse(data, "f.csv")
    assert all(e.row >= 1 for e in refused.value.errors)


def test_rows_of_empty_cells_and_lines_of_spaces_in_a_plain_file_keep_rows_numbered_by_line():
    # A file without quotes is read by the fast reader; blank rows must not shift the numbering.
    text = (
        "measure,period,value,note\n,,,\nUEC-01-M1,2026-09-01,5,a\n   \n\nELE-01-M1,2026-10-01,6,\n"
    )
    assert csv_cells(text.encode()) == [
        [3, "UEC-01-M1", "2026-09-01", "5"],
        [6, "ELE-01-M1", "2026-10-01", "6"],
    ]


def test_a_plain_file_with_a_long_line_or_a_ragged_row_is_read_as_the_strict_reader_reads_it():
    note = "x" * (csv.field_size_limit() - 1)  # the longest value the strict reader takes
    text = f"measure,period,value,note\nUEC-01-M1,2026-09-01,5,{note}\n"
    assert csv_cells(text.encode()) == [[2, "UEC-01-M1", "2026-09-01", "5"]]
    ragged = "measure,period,value,note\nUEC-01-M1,2026-09-01,5,a\nUEC-01-M1,2026-10-01,6,b,c\n"
    assert csv_rejection(ragged.encode()) == [
        "row 3, column (extra): has 5 cells but the header has 4; a comma inside a value must be "
        'quoted ("1,234") and decimals use a full stop (12.5)'
    ]


def test_values_quoted_on_their_own_line_are_read_as_the_strict_reader_reads_them():
    # As Excel writes a note holding a comma or a quote; the header itself is not quoted.
    text = (
        'measure,period,value,note\nUEC-01-M1,2026-09-01,"1,234","a, b"\n'
        'ELE-01-M1,2026-10-01,6,"12"" screens"\n\nELE-01-M1,2026-08-01,7,""\n'
    )
    table = importers.read_table(text.encode(), "f.csv", ImportKind.datapoints)
    assert table.index.tolist() == [2, 3, 5]
    assert table["value"].tolist() == ["1,234", "6", "7"]
    assert table["note"].tolist() == ["a, b", '12" screens', ""]
