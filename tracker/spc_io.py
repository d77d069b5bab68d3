"""Reading SPC input CSV text into the engine's points table and writing result tables as text."""

import csv
import io
import json
import math
from datetime import date

import numpy as np
import pandas as pd

from tracker.cell_values import date_cells, number_cells
from tracker.errors import ImportRejected, RowError

REQUIRED = ("period", "value")


def parse_spc_csv(text: str, default_measure: str = "") -> pd.DataFrame:
    """Return series_id, period, value from CSV text with period, value[, measure] columns.

    Raises ImportRejected listing every bad row (header = row 1): a missing column, a period
    that is not an ISO date, a value that is empty, not a number or not finite, or a period
    given twice for one measure. Rows may come in any order. Without a `measure` column every
    row belongs to `default_measure`.
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ImportRejected(
            [RowError(1, c, "missing column (need period, value and optionally measure)")
             for c in missing],
            source="SPC input",
        )  # fmt: skip
    reader.fieldnames = header
    has_measure = "measure" in header
    rows = [
        (
            (row.get("measure") or "").strip() if has_measure else default_measure,
            (row.get("period") or "").strip(),
            (row.get("value") or "").strip(),
        )
        for row in reader
    ]
    raw = pd.DataFrame(rows, columns=["measure", "period", "value"], dtype=str)
    # The one rule for numbers and dates in cells, as the import and the workbook read them.
    found_periods = date_cells(raw["period"])
    found_values, value_reasons = number_cells(raw["value"])
    errors: list[RowError] = []
    measures: list[str] = []
    periods: list[date] = []
    values: list[float] = []
    seen: dict[tuple[str, date], int] = {}
    for row_no, (measure, raw_period, _value), stamp, number, reason in zip(
        range(2, len(rows) + 2),
        rows,
        found_periods,
        found_values,
        value_reasons,
        strict=True,
    ):
        if has_measure and not measure:
            errors.append(RowError(row_no, "measure", "empty measure"))
        period = None if pd.isna(stamp) else stamp.date()
        if period is None:
            errors.append(RowError(row_no, "period", f"{raw_period!r} is not an ISO date"))
        value = None if pd.isna(number) else float(number)
        if value is None:
            errors.append(RowError(row_no, "value", reason or "empty value"))
        if period is not None:
            key = (measure, period)
            if key in seen:
                errors.append(
                    RowError(row_no, "period",
                             f"{period.isoformat()} repeats row {seen[key]}"
                             + (f" for measure {measure!r}" if has_measure else ""))
                )  # fmt: skip
            else:
                seen[key] = row_no
        if period is not None and value is not None:
            measures.append(measure)
            periods.append(period)
            values.append(value)
    if errors:
        raise ImportRejected(errors, source="SPC input")
    if not values:
        raise ImportRejected([RowError(2, "value", "no data rows")], source="SPC input")
    return pd.DataFrame(
        {
            "series_id": pd.Series(measures, dtype=object),
            "period": pd.to_datetime(pd.Series(periods, dtype=object)),
            "value": np.array(values, dtype=float),
        }
    )


def _cell(value: object) -> object:
    """Return a JSON-ready scalar: NaN → None, numpy → Python, timestamps → ISO dates."""
    if value is None:
        return None
    if isinstance(value, pd.Timestamp | np.datetime64):
        stamp = pd.Timestamp(value)
        return None if pd.isna(stamp) else stamp.date().isoformat()
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        number = float(value)
        if math.isnan(number):
            return None
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    return value


def format_table(frame: pd.DataFrame, fmt: str) -> str:
    """Return the frame as CSV (empty cell for missing, true/false) or as a JSON array."""
    records = [
        {column: _cell(value) for column, value in zip(frame.columns, row, strict=True)}
        for row in frame.itertuples(index=False, name=None)
    ]
    if fmt == "json":
        return json.dumps(records, indent=2)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(frame.columns)
    for record in records:
        writer.writerow(
            ["" if v is None else ("true" if v is True else "false" if v is False else v)
             for v in record.values()]
        )  # fmt: skip
    return out.getvalue().rstrip("\n")
