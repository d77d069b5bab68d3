"""Downloadable import templates per initiative: the rows to fill in, as CSV or .xlsx bytes."""

import io
from datetime import date
from typing import Any

import openpyxl
import pandas as pd
from openpyxl.styles import Font

from tracker.exporters import neutralise
from tracker.importers.datapoints import valid_range
from tracker.importers.kinds import LAYOUTS, ImportKind
from tracker.periods import Frequency, add_periods, last_complete_period

GUIDE_SHEET = "Guide"
DATE_FORMAT = "yyyy-mm-dd"
"""Dates in templates show as ISO in Excel, the form the importer expects in CSV."""

COLUMN_WIDTH = 18
"""Characters: wide enough for a code, an ISO date or a short title in every column."""


def _expected_points(
    measures: pd.DataFrame, points: pd.DataFrame, owed: pd.DataFrame, today: date
) -> pd.DataFrame:
    """Return (measure, period) rows: every owed period, else the latest complete period."""
    owed_data = owed[owed["kind"] == "data"].set_index("code")
    rows = []
    m: Any  # pandas types a row's fields as any scalar; these are the measure table's columns
    for m in measures.itertuples():
        frequency = Frequency(m.frequency)
        if m.code in owed_data.index:
            item = owed_data.loc[m.code]
            first = pd.Timestamp(item["period"]).date()
            wanted = [add_periods(first, frequency, k) for k in range(int(item["periods_missing"]))]
        else:
            wanted = [last_complete_period(today, frequency)]
        rows += [(m.code, p) for p in wanted]
    expected = pd.DataFrame(rows, columns=["measure", "period"])
    current = points.assign(period=pd.to_datetime(points["period"]).dt.date)
    return expected.merge(
        current[["measure", "period", "value", "missing_reason", "note"]],
        on=["measure", "period"],
        how="left",
    ).fillna({"missing_reason": "", "note": ""})


def template(
    kind: ImportKind,
    initiative: str,
    measures: pd.DataFrame,
    points: pd.DataFrame,
    milestones: pd.DataFrame,
    targets: pd.DataFrame,
    owed: pd.DataFrame,
    today: date,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (rows to fill in, guide) for one initiative's import of `kind`.

    Data points: each measure's owed periods (from due.due_items), or its latest complete
    period, with any value already held. Milestones and targets: the current rows, to edit.
    The guide lists the initiative's measures with unit, allowed values and owner.
    """
    own = measures[measures["initiative"] == initiative]
    columns = list(LAYOUTS[kind].columns)
    if kind is ImportKind.datapoints:
        rows = _expected_points(own, points, owed[owed["initiative"] == initiative], today)
    elif kind is ImportKind.milestones:
        rows = milestones[milestones["initiative"] == initiative]
    else:
        rows = targets[targets["measure"].isin(set(own["code"]))]
    guide = pd.DataFrame(
        {
            "measure": own["code"],
            "name": own["name"],
            "unit": own["unit"],
            "allowed values": [
                valid_range(m["unit"], m.get("min_value"), m.get("max_value"))
                for m in own.to_dict("records")
            ],
            "frequency": own["frequency"],
            "owner": own["owner"],
        }
    )
    return rows[columns].reset_index(drop=True), guide.reset_index(drop=True)


def to_csv(rows: pd.DataFrame) -> bytes:
    """Return the rows as UTF-8 CSV; text that Excel would run as a formula is neutralised."""
    return neutralise(_dates_as_text(rows)).to_csv(index=False, lineterminator="\n").encode()


def _dates_as_text(rows: pd.DataFrame) -> pd.DataFrame:
    out = rows.copy()
    for column in out.columns:
        if column in {"period", "baseline_date", "forecast_date", "completed_date"} or (
            column.startswith("effective_")
        ):
            out[column] = out[column].map(
                lambda d: "" if pd.isna(d) else pd.Timestamp(d).date().isoformat()
            )
    return out


def to_xlsx(rows: pd.DataFrame, sheet: str, guide: pd.DataFrame) -> bytes:
    """Return a workbook with the rows on `sheet` and the guide on its own sheet.

    Text cells are written as text, never as formulas, so "=…" in a title cannot run in Excel.
    """
    book = openpyxl.Workbook()
    for index, (name, frame) in enumerate([(sheet, rows), (GUIDE_SHEET, guide)]):
        ws = book.worksheets[0] if index == 0 else book.create_sheet(name)
        ws.title = name
        ws.append(list(frame.columns))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for record in frame.itertuples(index=False):
            ws.append([_cell(v) for v in record])
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, date):
                    cell.number_format = DATE_FORMAT
                elif isinstance(cell.value, str):
                    cell.data_type = "s"
        for letter in "ABCDEFGHI"[: len(frame.columns)]:
            ws.column_dimensions[letter].width = COLUMN_WIDTH
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value: object) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[call-overload]  # pd.isna takes any one cell; the stubs list scalar types
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


def file_name(kind: ImportKind, initiative: str, suffix: str) -> str:
    """Return the template's file name, e.g. 'UEC-01-datapoints-template.xlsx'."""
    return f"{initiative}-{kind.value}-template.{suffix}"
