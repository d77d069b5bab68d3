"""Reading files: .xlsx sheets, merged cells, Excel percentages and dates, encodings, size limits."""

import io
from datetime import date, datetime

import openpyxl
import pandas as pd
import pytest

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
