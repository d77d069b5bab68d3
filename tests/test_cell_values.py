"""One rule for a number or a date typed into a cell: the CSV import, the workbook and `tracker
spc` read the same text the same way."""

import math
from datetime import date

import pandas as pd
import pytest

from tracker import importers
from tracker.errors import ImportRejected
from tracker.importers import ImportKind
from tracker.spc_io import parse_spc_csv
from tracker.workbook.cells import read_cell
from tracker.workbook.layout import GOALS, INITIATIVES

NUMBERS = {
    "76.4": 76.4,
    "-3": -3.0,
    "1,234": 1234.0,  # the thousands separator in its one unambiguous form
    "1,234.5": 1234.5,
    "12,345,678": 12345678.0,
    "1e3": 1000.0,
    "12,5": None,  # a decimal comma: refused, never read as 125 or 12.5
    "1,23": None,
    "76%": None,  # a share typed with its sign: refused, never read as 76 or 0.76
    "N/A": None,
    "inf": None,
    "nan": None,
}
"""Text in a value cell → the number every input reads, or None where every input refuses it."""

DATES = {
    "2026-10-01": date(2026, 10, 1),
    "2026-1-1": None,  # one way to write a date: YYYY-MM-DD, as the templates show
    "20261001": None,
    "2026-W40-1": None,
    "01/10/2026": None,
    "2026-02-30": None,
}
"""Text in a date cell → the date every input reads, or None where every input refuses it."""

MEASURES = pd.DataFrame(
    {"code": ["ELE-01-M1"], "initiative": ["ELE-01"], "unit": ["£"], "frequency": ["monthly"]}
)
CONTEXT = importers.Context(measures=MEASURES, initiatives=pd.DataFrame(), today=date(2026, 11, 23))


def csv_import(period: str, value: str) -> tuple[date, float] | None:
    data = f'measure,period,value\nELE-01-M1,{period},"{value}"\n'.encode()
    try:
        rows = importers.parse_file(data, "f.csv", ImportKind.datapoints, CONTEXT)
    except ImportRejected:
        return None
    return rows["period"].iloc[0], rows["value"].iloc[0]


def spc(period: str, value: str) -> tuple[date, float] | None:
    try:
        points = parse_spc_csv(f'period,value\n{period},"{value}"\n')
    except ImportRejected:
        return None
    return points["period"].iloc[0].date(), points["value"].iloc[0]


def workbook_number(text: str) -> float | None:
    try:
        return read_cell(text, GOALS.column("target_value"))  # type: ignore[return-value]
    except ValueError:
        return None


def workbook_date(text: str) -> date | None:
    try:
        return read_cell(text, INITIATIVES.column("start_date"))  # type: ignore[return-value]
    except ValueError:
        return None


def same(found: float | None, expected: float | None) -> bool:
    if found is None or expected is None:
        return found is expected
    return math.isclose(found, expected)


@pytest.mark.parametrize(("text", "expected"), NUMBERS.items(), ids=list(NUMBERS))
def test_a_number_is_read_alike_by_the_import_the_workbook_and_spc(text, expected):
    from_csv = csv_import("2026-10-01", text)
    from_spc = spc("2026-10-01", text)
    assert same(from_csv and from_csv[1], expected)
    assert same(from_spc and from_spc[1], expected)
    assert same(workbook_number(text), expected)


@pytest.mark.parametrize(("text", "expected"), DATES.items(), ids=list(DATES))
def test_a_date_is_read_alike_by_the_import_the_workbook_and_spc(text, expected):
    from_csv = csv_import(text, "5")
    from_spc = spc(text, "5")
    assert (from_csv and from_csv[0]) == expected
    assert (from_spc and from_spc[0]) == expected
    assert workbook_date(text) == expected
