"""Data point importer: every bad cell named as row + column + reason; nothing returned unless all good."""

from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_importers_reading import workbook
from tracker import importers
from tracker.errors import ImportRejected
from tracker.importers import ImportKind
from tracker.importers.cells import check_model_fields
from tracker.models import DataPoint

TODAY = date(2026, 11, 23)
MEASURES = pd.DataFrame(
    {
        "code": ["UEC-01-M1", "UEC-01-M2", "ELE-01-M1"],
        "initiative": ["UEC-01", "UEC-01", "ELE-01"],
        "unit": ["%", "count", "count"],
        "frequency": ["monthly", "weekly", "monthly"],
    }
)


def parse(text: str, **kwargs) -> pd.DataFrame:
    return importers.parse_data_points_csv(text.encode(), MEASURES, TODAY, **kwargs)


def rejection(text: str, **kwargs) -> list[str]:
    with pytest.raises(ImportRejected) as info:
        parse(text, **kwargs)
    return [str(e) for e in info.value.errors]


def test_good_file_parses_with_optional_note():
    rows = parse(
        "measure,period,value,note\nuec-01-m1,2026-10-01,74.5,ok\nUEC-01-M2,2026-10-26,1,\n"
    )
    assert rows["measure"].tolist() == ["UEC-01-M1", "UEC-01-M2"]
    assert rows["value"].tolist() == [74.5, 1.0]
    assert rows["period"].tolist() == [date(2026, 10, 1), date(2026, 10, 26)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("NOPE-1,2026-10-01,5", "row 2, column measure: unknown measure code 'NOPE-1'"),
        ("UEC-01-M1,01/10/2026,5", "row 2, column period: '01/10/2026' is not a date"),
        ("UEC-01-M1,2026-10-15,5", "use 2026-10-01"),
        ("UEC-01-M2,2026-10-28,5", "weekly periods start on a Monday); use 2026-10-26"),
        ("UEC-01-M1,2026-10-01,N/A", "row 2, column value: 'N/A' is not a number"),
        ("UEC-01-M1,2026-10-01,yes", "'yes' is not a number"),
        ("UEC-01-M1,2026-10-01,12%", "has a % sign"),
        ("UEC-01-M1,2026-10-01,12,5", "row 2, column (extra): has 4 cells but the header has 3"),
        ("UEC-01-M1,2026-10-01,101", "outside 0–100 for a % measure"),
        ("UEC-01-M1,2026-10-01,-1", "outside 0–100"),
        ("UEC-01-M1,2027-01-01,5", "Jan 2027 has not ended yet"),
        ("UEC-01-M1,2026-11-01,5", "Nov 2026 has not ended yet (it ends on 30 Nov 2026)"),
        ("UEC-01-M1,2026-10-01,", "empty; enter a number, or give a missing_reason"),
    ],
)
def test_each_bad_cell_is_named(body, expected):
    errors = rejection(f"measure,period,value\n{body}\n")
    assert any(expected in e for e in errors), errors


DEC_4 = date(2026, 12, 4)
"""A Friday: the week commencing 30 Nov 2026 (ending Sunday 6 Dec) and December are still open."""


def upload(name: str, rows: list[list[str]]) -> bytes:
    """Return the rows under a data point header as CSV or .xlsx bytes, as `name` ends."""
    table = [["measure", "period", "value"], *rows]
    if name.endswith(".csv"):
        return "".join(",".join(r) + "\n" for r in table).encode()
    return workbook({"DataPoints": table})


@pytest.mark.parametrize("name", ["upload.csv", "upload.xlsx"])
def test_a_period_not_yet_ended_is_refused_and_the_one_before_it_accepted(name):
    ended = [["UEC-01-M2", "2026-11-23", "6"], ["UEC-01-M1", "2026-11-01", "71"]]
    still_open = [["UEC-01-M2", "2026-11-30", "5"], ["UEC-01-M1", "2026-12-01", "70"]]
    context = importers.Context(measures=MEASURES, initiatives=pd.DataFrame(), today=DEC_4)
    with pytest.raises(ImportRejected) as info:
        importers.parse_file(upload(name, ended + still_open), name, ImportKind.datapoints, context)
    assert [str(e) for e in info.value.errors] == [
        "row 4, column period: w/c 30 Nov 2026 has not ended yet (it ends on 6 Dec 2026); "
        "enter its value from 7 Dec 2026",
        "row 5, column period: Dec 2026 has not ended yet (it ends on 31 Dec 2026); "
        "enter its value from 1 Jan 2027",
    ]
    accepted = importers.parse_file(upload(name, ended), name, ImportKind.datapoints, context)
    assert accepted["period"].tolist() == [date(2026, 11, 23), date(2026, 11, 1)]


def test_decimal_comma_is_rejected_with_a_hint():
    errors = rejection('measure,period,value\nELE-01-M1,2026-10-01,"12,5"\n')
    assert errors == ["row 2, column value: '12,5' uses a decimal comma; use a full stop (12.5)"]


def test_unambiguous_thousands_separator_is_accepted():
    rows = parse('measure,period,value\nELE-01-M1,2026-10-01,"1,234"\n')
    assert rows["value"].tolist() == [1234.0]


def test_duplicate_rows_name_the_first():
    errors = rejection("measure,period,value\nUEC-01-M1,2026-10-01,5\nUEC-01-M1,2026-10-01,6\n")
    assert errors == ["row 3, column period: duplicate of row 2 (same measure and period)"]


def test_every_bad_row_is_listed_not_just_the_first():
    errors = rejection("measure,period,value\nX,2026-10-01,1\nUEC-01-M1,2026-10-01,N/A\n")
    assert [e.split(":")[0] for e in errors] == ["row 2, column measure", "row 3, column value"]


def test_empty_file_and_bad_headers():
    assert rejection("") == ["row 1, column file: the file is empty; it needs a header row"]
    errors = rejection("measure,date,value\nUEC-01-M1,2026-10-01,5\n")
    assert "row 1, column period: missing column 'period'" in errors[0]
    assert any("unknown column 'date'" in e for e in errors)


def test_missing_value_with_reason_is_accepted():
    rows = parse("measure,period,value,missing_reason\nUEC-01-M1,2026-10-01,,System outage\n")
    assert rows["value"].isna().all() and rows["missing_reason"].tolist() == ["System outage"]


def test_file_mixing_initiatives_is_rejected_for_a_one_initiative_upload():
    errors = rejection(
        "measure,period,value\nUEC-01-M1,2026-10-01,5\nELE-01-M1,2026-10-01,5\n",
        only_initiative="UEC-01",
    )
    assert errors == [
        "row 3, column measure: measure ELE-01-M1 belongs to ELE-01, not UEC-01; "
        "upload one initiative's data at a time"
    ]


def test_windows_1252_file_with_pound_sign_is_read():
    data = 'measure,period,value,note\nELE-01-M1,2026-10-01,5,"£1,200 saved"\n'
    rows = importers.parse_data_points_csv(data.encode("cp1252"), MEASURES, TODAY)
    assert rows["note"].tolist() == ["£1,200 saved"]


def test_huge_file_is_refused_before_reading():
    with pytest.raises(ImportRejected, match="the limit is 100 MB"):
        importers.check_size(200 * 1024 * 1024, "big.csv")


def test_formula_like_text_is_kept_as_text():
    rows = parse('measure,period,value,note\nUEC-01-M1,2026-10-01,5,"=HYPERLINK(""x"")"\n')
    assert rows["note"].tolist() == ['=HYPERLINK("x")']


def test_blank_lines_keep_spreadsheet_row_numbers():
    errors = rejection("measure,period,value\n\nUEC-01-M1,2026-10-01,5\n\nUEC-01-M1,2026-09-01,x\n")
    assert errors == ["row 5, column value: 'x' is not a number; enter digits only (e.g. 76.4)"]


def test_header_without_rows_is_rejected():
    assert rejection("measure,period,value\n") == [
        "row 2, column file: the file has a header but no rows; add at least one row"
    ]


def test_repeated_column_is_rejected():
    errors = rejection("measure,period,value,value\nUEC-01-M1,2026-10-01,5,6\n")
    assert errors == ["row 1, column value: column 'value' appears more than once"]


def test_percent_sign_hint_names_the_number_to_enter():
    errors = rejection("measure,period,value\nUEC-01-M1,2026-10-01,12.5%\n")
    assert errors == ["row 2, column value: '12.5%' has a % sign; enter the number alone (12.5)"]


def test_thousands_separator_with_decimals_is_accepted_but_odd_grouping_is_not():
    rows = parse('measure,period,value\nELE-01-M1,2026-10-01,"1,234.5"\n')
    assert rows["value"].tolist() == [1234.5]
    errors = rejection('measure,period,value\nELE-01-M1,2026-10-01,"12,34,567"\n')
    assert errors == [
        "row 2, column value: '12,34,567' is not a number; enter digits only (e.g. 76.4)"
    ]


def test_infinite_value_is_not_a_number():
    assert "is not a number" in rejection("measure,period,value\nELE-01-M1,2026-10-01,inf\n")[0]


def test_every_formula_start_is_kept_as_text():
    body = "".join(
        f'ELE-01-M1,2026-{month:02d}-01,1,"{start}SUM(A1)"\n'
        for month, start in zip(range(6, 10), "=+-@", strict=True)
    )
    rows = parse("measure,period,value,note\n" + body)
    assert rows["note"].tolist() == ["=SUM(A1)", "+SUM(A1)", "-SUM(A1)", "@SUM(A1)"]


def test_corrections_without_a_note_are_named():
    points = parse(
        "measure,period,value,note\nELE-01-M1,2026-09-01,7,\nELE-01-M1,2026-10-01,8,typo\n"
    )
    current = pd.DataFrame(
        {
            "measure": ["ELE-01-M1", "ELE-01-M1"],
            "period": pd.to_datetime(["2026-09-01", "2026-10-01"]),
            "value": [6.0, 9.0],
            "missing_reason": ["", ""],
        }
    )
    errors = [str(e) for e in importers.check_corrections(points, current)]
    assert errors == [
        "row 2, column note: you changed 6 to 7; say why in the note "
        "(the old value is kept in the history)"
    ]


RANGED = pd.DataFrame(
    {
        "code": ["LOS-M1", "LOS-M2"],
        "initiative": ["UEC-01", "UEC-01"],
        "unit": ["days", "days"],
        "frequency": ["monthly", "monthly"],
        "min_value": [None, 1.0],
        "max_value": [None, 30.0],
    }
)
STARTS = pd.DataFrame({"code": ["UEC-01"], "start_date": pd.to_datetime(["2024-11-01"])})


def ranged_rejection(body: str, stored: pd.DataFrame | None = None) -> list[str]:
    context = importers.Context(
        measures=RANGED,
        initiatives=STARTS,
        today=TODAY,
        stored_points=None if stored is None else (lambda codes: stored),
    )
    with pytest.raises(ImportRejected) as info:
        importers.parse_file(body.encode(), "d.csv", importers.ImportKind.datapoints, context)
    return [str(e) for e in info.value.errors]


def test_a_value_outside_its_units_plausible_range_is_refused():
    errors = ranged_rejection("measure,period,value\nLOS-M1,2026-10-01,1e308\n")
    assert errors == [
        "row 2, column value: 1e+308 is outside 0–3,653 for a days measure (its plausible "
        "range); check the value, or set the measure's min_value and max_value"
    ]


def test_a_value_outside_the_measures_own_range_is_refused():
    errors = ranged_rejection("measure,period,value\nLOS-M2,2026-10-01,31\nLOS-M2,2026-09-01,0.5\n")
    assert [e.split(": ")[1] for e in errors] == [
        "31 is outside 1–30 for measure LOS-M2 (its own plausible range); check the value, "
        "or change the measure's min_value and max_value",
        "0.5 is outside 1–30 for measure LOS-M2 (its own plausible range); check the value, "
        "or change the measure's min_value and max_value",
    ]


def test_a_period_long_before_the_initiative_started_is_refused():
    errors = ranged_rejection("measure,period,value\nLOS-M1,1779-01-01,5\nLOS-M1,2019-10-01,5\n")
    assert errors == [
        "row 2, column period: 1779-01-01 is before 1 Jan 2000, the earliest date the tracker "
        "takes; check the year",
        "row 3, column period: 2019-10-01 is before 1 Nov 2019, the earliest period for "
        "initiative UEC-01 (5 years before it started); check the year",
    ]


def test_a_baseline_before_the_initiative_started_is_accepted():
    rows = parse("measure,period,value\nUEC-01-M1,2019-11-01,70\n")
    assert rows["period"].tolist() == [date(2019, 11, 1)]


def test_a_value_with_a_missing_reason_is_refused():
    errors = rejection("measure,period,value,missing_reason\nUEC-01-M1,2026-10-01,5,Outage\n")
    assert errors == [
        "row 2, column missing_reason: a value needs no missing_reason; clear it, or clear the "
        "value if it is really missing"
    ]


@pytest.mark.parametrize(("column", "text"), [("note", "a\x00b"), ("missing_reason", "x\x1by")])
def test_a_control_character_in_text_is_refused(column, text):
    value = "" if column == "missing_reason" else "5"
    errors = rejection(f'measure,period,value,{column}\nUEC-01-M1,2026-10-01,{value},"{text}"\n')
    assert errors == [
        f"row 2, column {column}: holds a control character (U+{ord(text[1]):04X}) at character "
        "2; remove it (it is often left by a copy from another system)"
    ]


def test_an_import_that_corrects_a_value_needs_a_note():
    stored = pd.DataFrame(
        {
            "measure": ["LOS-M1"],
            "period": pd.to_datetime(["2026-09-01"]),
            "value": [6.0],
            "missing_reason": [""],
        }
    )
    errors = ranged_rejection("measure,period,value\nLOS-M1,2026-09-01,7\n", stored)
    assert errors == [
        "row 2, column note: you changed 6 to 7; say why in the note "
        "(the old value is kept in the history)"
    ]


CELL_TEXT = st.text(
    alphabet=st.sampled_from(["a", "1", " ", "\t", "\n", "\x00", "\x85", "é", "-", ".", ","]),
    max_size=6,
)
"""Short cells of letters, digits, spaces, line breaks and control characters."""

MODEL_ROW = st.fixed_dictionaries(
    {
        "measure": st.sampled_from(["UEC-01-M1", "uec-01-m2", "ELE-01-M1", "", "BAD CODE"]),
        "period": st.sampled_from(["2026-09-01", "2026-10-01", "1999-12-01", "2026-02-30", ""]),
        "value": st.one_of(
            st.sampled_from(["", "5", "1e13", "inf", "nan", "-0", "1,234"]),
            st.floats(allow_nan=True, allow_infinity=True).map(repr),
        ),
        "missing_reason": st.one_of(CELL_TEXT, st.just("x" * 501)),
        "note": st.one_of(CELL_TEXT, st.just("y" * 2001)),
    }
)
"""A data row as its five cells, often breaking a rule of the DataPoint model."""


@settings(max_examples=200, deadline=None)
@given(st.lists(MODEL_ROW, min_size=1, max_size=4))
def test_the_set_based_checks_accept_no_row_the_datapoint_model_refuses(cells):
    # Validation runs per column, not one model per row: whatever it accepts must still make a
    # valid DataPoint, so no rule of the model is skipped.
    table = pd.DataFrame(cells, index=pd.RangeIndex(2, 2 + len(cells)), dtype=str)
    try:
        rows = importers.validate_table(
            table, ImportKind.datapoints, importers.Context(MEASURES, pd.DataFrame(), TODAY)
        )
    except ImportRejected as refused:
        assert all(2 <= e.row < 2 + len(cells) for e in refused.errors), refused
        return
    for row in rows.to_dict("records"):
        DataPoint(**{k: None if k == "value" and v != v else v for k, v in row.items()})


def test_a_rule_of_the_model_alone_is_reported_on_every_row_it_breaks():
    # A value the importer's own checks would let through (here put in after them) is still
    # refused by the model's field rules, on each row holding it, in the model's words.
    rows = pd.DataFrame(
        {
            "measure": ["UEC-01-M1"] * 4,
            "period": [date(2026, 8, 1), date(1999, 9, 1), date(2026, 9, 1), date(1999, 9, 1)],
            "value": [5.0, 5.0, float("nan"), float("nan")],
            "missing_reason": [""] * 4,
            "note": [""] * 4,
        },
        index=[4, 7, 9, 11],
    )
    with pytest.raises(ImportRejected) as info:
        check_model_fields(rows, DataPoint, rows["value"].isna())
    assert [str(e) for e in info.value.errors] == [
        "row 7, column period: 1999-09-01 is before 1 Jan 2000, the earliest date the tracker "
        "takes; check the year",
        "row 9, column (row): an empty value needs a missing_reason",
        # Once, though both passes see it: a model with a bad field is not checked as a whole.
        "row 11, column period: 1999-09-01 is before 1 Jan 2000, the earliest date the tracker "
        "takes; check the year",
    ]
