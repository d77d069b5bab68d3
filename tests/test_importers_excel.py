"""Uploaded .xlsx files the importer must refuse by name: bombs, encrypted, hidden, broken cells."""

import io

import openpyxl
import pytest

from tests.test_importers_reading import HEADER, parse, rejection, workbook
from tests.xlsx_helpers import HEADER_ROW, ole_file, with_shared_texts, with_sheet_xml, zip_bomb
from tracker.importers import excel


def test_a_zip_bomb_is_refused_with_the_limit_before_openpyxl_opens_it(monkeypatch):
    opened: list[object] = []
    monkeypatch.setattr(excel, "load_workbook", lambda *a, **k: opened.append(a))
    bomb = zip_bomb()
    assert len(bomb) * 100 < excel.MAX_UNPACKED_BYTES  # a hundredth of the limit on disk …
    (message,) = rejection(bomb)
    # … but its central directory says what it unpacks to, so it is refused unread.
    assert message.startswith("row 0, column file: the workbook unpacks to 301 MB; the limit is")
    assert "300 MB" in message and "save the data as CSV" in message
    assert opened == []


def test_cells_past_the_limit_are_counted_before_openpyxl_opens_the_workbook(monkeypatch):
    opened: list[object] = []
    monkeypatch.setattr(excel, "load_workbook", lambda *a, **k: opened.append(a))
    rows = excel.MAX_CELLS // 100 + 1
    data = with_sheet_xml(HEADER_ROW + (b"<row>" + b"<c/>" * 100 + b"</row>") * rows)
    assert len(data) < 1024 * 1024
    (message,) = rejection(data)
    assert message == (
        f"row 0, column file: the workbook has more than {excel.MAX_CELLS:,} cells, counting its "
        "table of shared text; that is the limit (about a million data points). Delete unused "
        "rows and columns, or split the data into smaller files"
    )
    assert opened == []


def test_a_cell_far_to_the_right_counts_every_cell_it_makes_the_row_hold(monkeypatch):
    limit = 100_000
    monkeypatch.setattr(excel, "MAX_CELLS", limit)
    # Each row is one empty, formatted cell in column XFD, the last Excel has: read, the row
    # is 16,384 cells wide, so the seventh row passes the limit though the file holds 10 cells.
    rows = b"".join(b'<row r="%d"><c r="XFD%d"/></row>' % (n, n) for n in range(2, 9))
    (message,) = rejection(with_sheet_xml(HEADER_ROW + rows))
    assert message.startswith(
        "row 0, column file: sheet 'DataPoints' holds more than 100,000 cells once each row is "
        "filled out to its last cell; the limit is 100,000"
    )


def test_a_dimension_smaller_than_the_data_loses_no_rows():
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>ELE-01-M1</t></is></c>'
        b'<c r="B%d" t="inlineStr"><is><t>2026-0%d-01</t></is></c><c r="C%d"><v>%d</v></c></row>'
        % (n, n, n, n, n, n)
        for n in range(2, 6)
    )
    data = with_sheet_xml(HEADER_ROW + rows, before_data=b'<dimension ref="A1:C2"/>')
    assert parse(data)["value"].tolist() == [2.0, 3.0, 4.0, 5.0]


def test_an_error_cell_saved_without_its_type_is_named_by_row_and_column():
    rows = (
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>ELE-01-M1</t></is></c>'
        b'<c r="B2" t="inlineStr"><is><t>2026-09-01</t></is></c><c r="C2"><v>#N/A</v></c></row>'
    )
    assert rejection(with_sheet_xml(HEADER_ROW + rows)) == [
        "row 2, column C: cell C2 holds '#N/A', an Excel error saved without its type; "
        "correct the formula or clear the cell"
    ]


def test_an_encrypted_workbook_is_called_password_protected():
    (message,) = rejection(ole_file("EncryptionInfo", "EncryptedPackage"))
    assert "password-protected (encrypted)" in message
    assert "remove the password" in message


def test_an_old_xls_workbook_named_xlsx_is_told_to_save_as_xlsx():
    (message,) = rejection(ole_file("Workbook", "SummaryInformation"))
    assert "an old Excel 97–2003 workbook (.xls)" in message
    assert "password" not in message


def test_a_hidden_data_sheet_is_refused_by_name():
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    hidden = book.create_sheet("DataPoints")
    hidden.append(HEADER)
    hidden.append(["ELE-01-M1", "2026-09-01", 5, ""])
    hidden.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    assert rejection(out.getvalue()) == [
        "row 0, column sheet: sheet 'DataPoints' is hidden; unhide it (right-click a sheet "
        "tab, Unhide) to see what it holds, or delete it, then save and try again"
    ]


def hidden(rows: tuple[int, ...] = (), columns: str = "") -> bytes:
    """Return five data rows on sheet S (rows 2-6) with some rows and columns hidden."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "S"
    ws.append(HEADER)
    for month in range(1, 6):
        ws.append(["ELE-01-M1", f"2026-0{month}-01", month, ""])
    for number in rows:
        ws.row_dimensions[number].hidden = True
    for letter in columns:
        ws.column_dimensions[letter].hidden = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_hidden_rows_are_refused_with_their_numbers():
    assert rejection(hidden(rows=(3, 5))) == [
        f"row {n}, column (row): row {n} on sheet 'S' is hidden; clear the filter or unhide the "
        "row (or delete it) so that every row read can be seen"
        for n in (3, 5)
    ]


def test_a_hidden_blank_row_is_harmless():
    assert len(parse(hidden(rows=(7, 9)))) == 5


def test_a_hidden_column_that_holds_values_is_refused_by_letter():
    assert rejection(hidden(columns="C")) == [
        "row 2, column C: column C on sheet 'S' is hidden and holds values; unhide it (or "
        "delete it) so that every value read can be seen"
    ]


def test_a_hidden_empty_column_is_harmless():
    assert len(parse(hidden(columns="FG"))) == 5


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_sheet_that_is_not_read_is_ignored_like_any_other(state):
    book = openpyxl.load_workbook(
        io.BytesIO(workbook({"DataPoints": [HEADER, ["ELE-01-M1", "2026-09-01", 5, ""]]}))
    )
    book.create_sheet("Old").sheet_state = state
    out = io.BytesIO()
    book.save(out)
    assert parse(out.getvalue())["value"].tolist() == [5.0]


def test_a_reference_to_shared_text_that_is_not_there_is_named_by_row_and_column():
    # t="s" points into the workbook's table of shared texts; this one has no text 99.
    rows = HEADER_ROW + b'<row r="2"><c r="A2" t="s"><v>99</v></c></row>'
    assert rejection(with_sheet_xml(rows)) == [
        "row 2, column A: cell A2 holds '99', stored in a form Excel does not write; retype "
        "the cell or clear it"
    ]


def test_a_row_numbered_past_excels_last_row_is_refused_not_counted_up_to():
    # openpyxl yields a blank row for every row number skipped: two thousand million of them.
    rows = HEADER_ROW + b'<row r="2000000000"><c r="A2000000000"><v>1</v></c></row>'
    assert rejection(with_sheet_xml(rows)) == [
        "row 0, column file: sheet 'DataPoints' has a row numbered past Excel's last row "
        "(1,048,576), so Excel did not save it; open the workbook in Excel and save it again"
    ]


def test_shared_texts_count_as_cells_before_openpyxl_opens_the_workbook(monkeypatch):
    # An honest workbook has at most one shared text per cell; these 7 M fill no cell at all.
    opened: list[object] = []
    monkeypatch.setattr(excel, "load_workbook", lambda *a, **k: opened.append(a))
    (message,) = rejection(with_shared_texts(excel.MAX_CELLS + 1))
    assert message.startswith(
        f"row 0, column file: the workbook has more than {excel.MAX_CELLS:,} cells, counting its "
        "table of shared text"
    )
    assert opened == []


def test_a_cell_with_a_format_the_workbook_does_not_define_is_named_by_row():
    rows = HEADER_ROW + (
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>ELE-01-M1</t></is></c>'
        b'<c r="B2" t="inlineStr"><is><t>2026-09-01</t></is></c><c r="C2" s="99"><v>5</v></c></row>'
    )
    assert rejection(with_sheet_xml(rows)) == [
        "row 2, column (row): a cell in this row uses a format that the workbook does not "
        "define; open the workbook in Excel and save it again"
    ]
