"""Every kind of workbook problem is reported as `sheet, row, column: reason`, and nothing is written."""

from datetime import date
from io import BytesIO

import openpyxl
import pytest

from tests.conftest import TODAY, small_programme
from tests.workbook_helpers import edited, small_book
from tests.xlsx_helpers import HEADER_ROW, ole_file, with_sheet_xml, zip_bomb
from tracker.errors import ImportRejected
from tracker.models import Milestone
from tracker.store import queries, writes
from tracker.workbook import programme, read_workbook
from tracker.workbook.layout import LISTS


def problems(data: bytes, known=None) -> list[str]:
    return problems_on(data, TODAY, known)


def problems_on(data: bytes, today: date, known=None) -> list[str]:
    with pytest.raises(ImportRejected) as caught:
        read_workbook(data, today, known)
    return [str(e) for e in caught.value.errors]


def test_a_measure_naming_an_unknown_initiative():
    found = problems(edited(small_book(), "Measures", {"B3": "uec-99"}))
    assert found == [
        "Measures, row 3, column initiative: unknown initiative code 'UEC-99'; add it to the "
        "Initiatives sheet, or check the code"
    ]


def test_a_target_for_an_unknown_measure():
    found = problems(edited(small_book(), "Targets", {"A2": "NOPE-M1"}))
    assert found == [
        "Targets, row 2, column measure: unknown measure code 'NOPE-M1'; add it to the "
        "Measures sheet, or check the code"
    ]


def test_a_duplicate_code():
    book = openpyxl.load_workbook(BytesIO(small_book()))
    copy = [c.value for c in book["Measures"][2]]
    found = problems(edited(small_book(), "Measures", rows=[copy]))
    assert found == [
        "Measures, row 5, column code: duplicate of row 2 (same code: UEC-01-M1); keep one row"
    ]


def test_a_duplicate_target_revision():
    book = openpyxl.load_workbook(BytesIO(small_book()))
    copy = [c.value for c in book["Targets"][2]]
    found = problems(edited(small_book(), "Targets", rows=[copy]))
    assert found[0].startswith("Targets, row 3, column measure: duplicate of row 2")


def test_a_bad_vocabulary_value():
    found = problems(edited(small_book(), "Measures", {"G2": "up"}))
    assert found == [
        "Measures, row 2, column direction: 'up' is not allowed; choose one of: increase, "
        "decrease, neither"
    ]


def test_a_date_in_the_wrong_format():
    found = problems(edited(small_book(), "Initiatives", {"I2": "01/04/2024"}))
    assert found == [
        "Initiatives, row 2, column start_date: '01/04/2024' is not a date; use YYYY-MM-DD "
        "(e.g. 2026-04-01) or an Excel date"
    ]


def test_a_data_point_period_that_is_not_a_period_start():
    found = problems(edited(small_book(), "DataPoints", {"B3": "2026-10-15"}))
    assert found == [
        "DataPoints, row 3, column period: 2026-10-15 is not a period start (monthly periods "
        "start on the 1st); use 2026-10-01"
    ]


DEC_4 = date(2026, 12, 4)
"""A Friday: the week commencing 30 Nov 2026 ends on Sunday 6 Dec, so it is still open."""


def test_a_week_not_yet_ended_is_refused_and_the_week_before_it_loads(db):
    ended = ["UEC-01-M2", "2026-11-23", 410]
    still_open = ["UEC-01-M2", "2026-11-30", 395]
    found = problems_on(edited(small_book(), "DataPoints", rows=[ended, still_open]), DEC_4)
    assert found == [
        "DataPoints, row 5, column period: w/c 30 Nov 2026 has not ended yet (it ends on "
        "6 Dec 2026); enter its value from 7 Dec 2026"
    ]
    programme.load(db, edited(small_book(), "DataPoints", rows=[ended]), "someone", DEC_4)
    weekly = queries.data_points(db, measure_codes=["UEC-01-M2"])
    assert [(str(p)[:10], v) for p, v in zip(weekly["period"], weekly["value"], strict=True)] == [
        ("2026-11-23", 410.0)
    ]


def test_a_rule_across_fields_is_put_on_the_field_it_names():
    found = problems(edited(small_book(), "Initiatives", {"J2": date(2024, 1, 1)}))
    assert found == [
        "Initiatives, row 2, column planned_end: planned_end 2024-01-01 is before start_date "
        "2024-04-01"
    ]


def test_a_recalculation_without_a_reason():
    found = problems(
        edited(
            small_book(),
            "Annotations",
            rows=[["UEC-01-M1", date(2026, 1, 1), "recalculation", "New limits", None]],
        )  # fmt: skip
    )
    assert found == ["Annotations, row 2, column reason: a recalculation needs a reason"]


def test_an_unknown_sheet_and_a_renamed_column():
    data = edited(small_book(), "Measures", {"F1": "units"})
    book = openpyxl.load_workbook(BytesIO(data))
    book.create_sheet("Sheet1")
    out = BytesIO()
    book.save(out)
    found = problems(out.getvalue())
    assert "Sheet1: unknown sheet 'Sheet1'; the sheets are Programme, Initiatives, Measures, " \
        "Goals, Targets, Milestones, Annotations, Drivers, PDSA, RiskSettings, Risks, Benefits, " \
        "BenefitMonths, DataPoints" in found  # fmt: skip
    assert (
        "Measures, row 1, column units: unknown column 'units' (cell F1); allowed: code, "
        "initiative, name, definition, type, unit, direction, frequency, decimals, data_source, "
        "owner, update_lag_days, min_value, max_value"
    ) in found
    assert "Measures, row 1, column unit: missing column 'unit'; it is required" in found


def test_a_milestone_code_that_belongs_to_another_initiative(small_db):
    second = small_programme()[1].model_copy(update={"code": "UEC-02", "name": "Second"})
    writes.save_entities(small_db, [second], "setup")
    writes.save_milestones(
        small_db,
        [
            Milestone(
                code="MS-1",
                initiative="UEC-02",
                title="Go live",
                owner="Lee",
                baseline_date=date(2026, 1, 1),
                forecast_date=date(2026, 1, 1),
            )
        ],  # fmt: skip
        "setup",
    )
    data = edited(
        small_book(), "Milestones",
        rows=[["MS-1", "UEC-01", "Go live", "Lee", date(2026, 1, 1), date(2026, 2, 1)]],
    )  # fmt: skip
    found = problems(data, programme.known(small_db))
    assert found == [
        "Milestones, row 2, column initiative: milestone MS-1 already belongs to initiative "
        "UEC-02; milestone codes are unique across the programme, so give this one a new code"
    ]


def test_a_file_that_is_not_a_workbook():
    assert problems(b"measure,period,value\n") == [
        "file: this is not an Excel .xlsx workbook (a renamed file?); open it in Excel and save "
        "it as an Excel Workbook (.xlsx)"
    ]


def test_every_problem_on_every_sheet_is_listed_at_once_and_nothing_is_written(db):
    data = edited(small_book(), "Measures", {"B3": "UEC-99", "F4": "percent"})
    data = edited(data, "Initiatives", {"I2": "2024/04/01"})
    data = edited(data, "DataPoints", {"C2": "74%"})
    counter = queries.write_counter(db)
    with pytest.raises(ImportRejected) as caught:
        programme.load(db, data, "someone", TODAY)
    message = str(caught.value)
    assert "The workbook was rejected and nothing was written: 4 problem(s)." in message
    assert [(e.sheet, e.row, e.column) for e in caught.value.errors] == [
        ("Initiatives", 2, "start_date"),
        ("Measures", 3, "initiative"),
        ("Measures", 4, "unit"),
        ("DataPoints", 2, "value"),
    ]
    assert queries.write_counter(db) == counter and queries.is_empty(db)


def test_a_bad_measure_row_does_not_also_fail_its_data_points():
    found = problems(edited(small_book(), "Measures", {"E2": "result"}))
    assert found == [
        "Measures, row 2, column type: 'result' is not allowed; choose one of: outcome, "
        "process, balancing"
    ]


def test_a_value_in_a_column_without_a_header_after_blank_rows():
    found = problems(edited(small_book(), "Measures", {"A7": "UEC-01-M4", "O7": "stray"}))
    assert found[0] == "Measures, row 7, column initiative: required; fill it in"
    assert found[-1] == (
        "Measures, row 7, column O: a value in column O, which has no header; name the column "
        "or clear the cell"
    )


def test_a_zip_bomb_is_refused_with_the_limit():
    assert problems(zip_bomb(small_book())) == [
        "file: the workbook unpacks to 301 MB; the limit is 300 MB (about a million data "
        "points). Split it into smaller workbooks, or save the data as CSV"
    ]


def test_an_error_cell_saved_without_its_type_is_named_by_sheet_row_and_column():
    rows = HEADER_ROW + (
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>UEC-01-M1</t></is></c>'
        b'<c r="B2" t="inlineStr"><is><t>2026-09-01</t></is></c><c r="C2"><v>#N/A</v></c></row>'
    )
    assert problems(with_sheet_xml(rows, data=small_book())) == [
        "DataPoints, row 2, column C: cell C2 holds '#N/A', an Excel error saved without its "
        "type; correct the formula or clear the cell"
    ]


def test_an_encrypted_workbook_is_called_password_protected():
    (message,) = problems(ole_file("EncryptionInfo", "EncryptedPackage"))
    assert message.startswith("file: this workbook is password-protected (encrypted)")


def hidden(sheet: str, rows: tuple[int, ...] = (), state: str = "visible") -> bytes:
    book = openpyxl.load_workbook(BytesIO(small_book()))
    book[sheet].sheet_state = state
    for number in rows:
        book[sheet].row_dimensions[number].hidden = True
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_hidden_sheet_that_is_loaded_is_refused_by_name_alone():
    # Its rows are still read, so the sheets after it find the codes it holds.
    assert problems(hidden("Measures", state="hidden")) == [
        "Measures: sheet 'Measures' is hidden; unhide it (right-click a sheet tab, Unhide) to "
        "see what it holds, or delete it, then save and try again"
    ]


def test_a_hidden_row_is_refused_with_its_number():
    # Row 5 of Measures is blank: hiding it hides nothing, so it is let through.
    assert problems(hidden("Measures", rows=(3, 5))) == [
        "Measures, row 3, column (row): row 3 on sheet 'Measures' is hidden; clear the filter "
        "or unhide the row (or delete it) so that every row read can be seen"
    ]


def test_the_hidden_lists_sheet_the_tracker_writes_still_loads():
    book = openpyxl.load_workbook(BytesIO(small_book()))
    assert book[LISTS].sheet_state == "hidden"
    assert read_workbook(small_book(), TODAY).entities["Initiatives"]


def test_a_hidden_column_holding_values_is_refused_by_letter():
    book = openpyxl.load_workbook(BytesIO(small_book()))
    # Column C (description) is empty in the small programme, so hiding it hides nothing.
    for letter in "BC":
        book["Programme"].column_dimensions[letter].hidden = True
    out = BytesIO()
    book.save(out)
    assert problems(out.getvalue()) == [
        "Programme, row 2, column B: column B on sheet 'Programme' is hidden and holds values; "
        "unhide it (or delete it) so that every value read can be seen"
    ]


def test_a_sheet_that_records_too_small_a_used_range_loses_no_rows():
    # Some programs record the used range (the sheet's dimension) wrongly: here, the header only.
    rows = HEADER_ROW + b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>UEC-01-M1</t></is></c>'
        b'<c r="B%d" t="inlineStr"><is><t>2026-%02d-01</t></is></c><c r="C%d"><v>%d</v></c></row>'
        % (n, n, n, month, n, 70 + month)
        for n, month in ((2, 8), (3, 9), (4, 10))
    )
    data = with_sheet_xml(rows, before_data=b'<dimension ref="A1:C1"/>', data=small_book())
    points = read_workbook(data, TODAY).points
    assert points["value"].tolist() == [78.0, 79.0, 80.0]


SECOND_INITIATIVE = ["UEC-02", "TEST", "Second", "Aim", "Lee", "Dana", "UEC", "Trust",
                     date(2024, 4, 1), date(2027, 3, 31)]  # fmt: skip
GOAL = ["UEC-01-G1", "UEC-01", "Reach 78 %", "UEC-02-M1", 72, date(2025, 4, 1), 78,
        date(2027, 3, 1)]  # fmt: skip


def test_a_goal_on_another_initiatives_measure():
    data = edited(small_book(), "Initiatives", rows=[SECOND_INITIATIVE])
    data = edited(data, "Measures", {"A4": "UEC-02-M1", "B4": "UEC-02"})
    found = problems(edited(data, "Goals", rows=[GOAL]))
    assert found == [
        "Goals, row 2, column measure: measure UEC-02-M1 belongs to initiative UEC-02, not "
        "UEC-01; a goal moves one of its own initiative's measures"
    ]


def test_a_goal_on_another_initiatives_measure_held_in_the_database(small_db):
    second = small_programme()[1].model_copy(update={"code": "UEC-02", "name": "Second"})
    measure = small_programme()[4].model_copy(update={"code": "UEC-02-M1", "initiative": "UEC-02"})
    writes.save_entities(small_db, [second, measure], "setup")
    found = problems(edited(small_book(), "Goals", rows=[GOAL]), programme.known(small_db))
    assert found == [
        "Goals, row 2, column measure: measure UEC-02-M1 belongs to initiative UEC-02, not "
        "UEC-01; a goal moves one of its own initiative's measures"
    ]


def test_an_implausible_value_is_refused_with_its_bound():
    data = edited(small_book(), "DataPoints", rows=[["UEC-01-M3", date(2026, 10, 1), 1e308]])
    data = edited(data, "Targets", rows=[["UEC-01-M3", 5e3, date(2026, 4, 1), None, "Plan", "D"]])
    found = problems(data)
    assert found == [
        "Targets, row 3, column value: 5000 is outside 0–3,653 for a days measure (its "
        "plausible range); check the value, or set the measure's min_value and max_value",
        "DataPoints, row 4, column value: 1e+308 is outside 0–3,653 for a days measure (its "
        "plausible range); check the value, or set the measure's min_value and max_value",
    ]


def test_a_measures_own_range_applies_to_its_data():
    data = edited(small_book(), "Measures", {"N4": 30})
    found = problems(edited(data, "DataPoints", rows=[["UEC-01-M3", date(2026, 10, 1), 31]]))
    assert found == [
        "DataPoints, row 4, column value: 31 is outside 0–30 for measure UEC-01-M3 (its own "
        "plausible range); check the value, or change the measure's min_value and max_value"
    ]


def test_a_period_long_before_its_initiative_started():
    found = problems(edited(small_book(), "DataPoints", rows=[["UEC-01-M1", "2001-10-01", 70]]))
    assert found == [
        "DataPoints, row 4, column period: 2001-10-01 is before 1 Apr 2019, the earliest period "
        "for initiative UEC-01 (5 years before it started); check the year"
    ]


def test_a_line_break_in_a_one_line_cell_is_refused_but_kept_in_a_long_text():
    data = edited(small_book(), "Measures", {"C2": "4-hour\nperformance", "D2": "Share\nof all"})
    assert problems(data) == [
        "Measures, row 2, column name: holds a line break or tab; keep it on one line"
    ]


def test_a_value_with_a_missing_reason_is_refused():
    found = problems(edited(small_book(), "DataPoints", {"D2": "system outage"}))
    assert found == [
        "DataPoints, row 2, column missing_reason: a value needs no missing_reason; clear it, "
        "or clear the value if it is really missing"
    ]


def test_a_number_too_large_for_any_measure_names_the_limit():
    found = problems(edited(small_book(), "Targets", {"B2": 1e20}))
    assert found == [
        "Targets, row 2, column value: 1e+20 is too large: the most allowed is 1,000,000,000,000"
    ]


def test_a_changed_value_without_a_note_is_refused_and_nothing_is_written(db):
    programme.load(db, small_book(), "someone", TODAY)
    counter = queries.write_counter(db)
    with pytest.raises(ImportRejected) as caught:
        programme.load(db, edited(small_book(), "DataPoints", {"C2": 70}), "someone", TODAY)
    assert [str(e) for e in caught.value.errors] == [
        "DataPoints, row 2, column note: you changed 74 to 70; say why in the note (the old "
        "value is kept in the history)"
    ]
    assert queries.write_counter(db) == counter
    noted = edited(small_book(), "DataPoints", {"C2": 70, "E2": "recounted"})
    assert programme.load(db, noted, "someone", TODAY).points.changed == 1


def test_changing_an_annotations_label_changes_it_rather_than_adding_another(db):
    row = ["UEC-01-M1", date(2026, 6, 1), "intervention", "SDEC opens"]
    programme.load(db, edited(small_book(), "Annotations", rows=[row]), "someone", TODAY)
    renamed = edited(small_book(), "Annotations", rows=[[*row[:3], "SDEC opens to 22:00"]])
    result = programme.load(db, renamed, "someone", TODAY)
    assert result.keys("Annotation", "changed") == ["UEC-01-M1 2026-06-01 intervention"]
    assert queries.annotations(db)["label"].tolist() == ["SDEC opens to 22:00"]


def test_a_target_long_before_its_initiative_started():
    found = problems(edited(small_book(), "Targets", {"C2": date(2003, 4, 1)}))
    assert found == [
        "Targets, row 2, column effective_from: 2003-04-01 is before 1 Apr 2019, the earliest "
        "date for initiative UEC-01 (5 years before it started); check the year"
    ]
