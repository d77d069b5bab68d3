"""CSV/Excel rows → validated data points, or every bad row as row + column + reason; writes nothing."""

import csv
import io
import re
from datetime import date

import numpy as np
import pandas as pd
from pydantic import TypeAdapter, ValidationError

from tracker.errors import ImportRejected, RowError
from tracker.models import DataPoint

MAX_IMPORT_BYTES = 100 * 1024 * 1024
"""Refuse larger files before parsing: 1,000,000 data points take about 35 MB of CSV."""

DATAPOINT_COLUMNS = ("measure", "period", "value")
DATAPOINT_OPTIONAL = ("note", "missing_reason")

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_DATA_POINTS = TypeAdapter(list[DataPoint])


def decode(data: bytes) -> str:
    """Return the text of an uploaded file: UTF-8 (with or without BOM), else Windows-1252.

    Excel on Windows saves "CSV" as Windows-1252, where £ is byte 0xA3; reading that as UTF-8
    fails, so such files are read as Windows-1252 rather than rejected.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def check_size(size: int, name: str) -> None:
    """Refuse a file larger than MAX_IMPORT_BYTES before reading it."""
    if size > MAX_IMPORT_BYTES:
        raise ImportRejected(
            [
                RowError(
                    0,
                    "file",
                    f"{name} is {size / 1024 / 1024:.0f} MB; the limit is "
                    f"{MAX_IMPORT_BYTES // 1024 // 1024} MB. Split it into smaller files "
                    "(for example one per year).",
                )
            ]
        )


def read_csv_table(text: str, required: tuple[str, ...], optional: tuple[str, ...]) -> pd.DataFrame:
    """Return the CSV as a DataFrame of strings with normalised headers; reject a bad header."""
    if not text.strip():
        raise ImportRejected([RowError(1, "file", "the file is empty; it needs a header row")])
    header = next(csv.reader(io.StringIO(text)))
    names = [h.strip().lower() for h in header]
    missing = [c for c in required if c not in names]
    unknown = [h for h in names if h not in required + optional]
    errors = [
        RowError(1, c, f"missing column {c!r}; the header must be {','.join(required)}")
        for c in missing
    ] + [
        RowError(
            1, h or "(blank)", f"unknown column {h!r}; allowed: {', '.join(required + optional)}"
        )
        for h in unknown
    ]
    if errors:
        raise ImportRejected(errors)
    table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True)
    table.columns = names
    for column in optional:
        if column not in table:
            table[column] = ""
    return table


def _parse_values(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Return (numbers, reason): NaN where empty or unreadable; reason says why for unreadable."""
    text = raw.str.strip()
    cleaned = text.where(~text.str.match(_THOUSANDS), text.str.replace(",", "", regex=False))
    numbers = pd.to_numeric(cleaned, errors="coerce")
    bad = numbers.isna() & (text != "")
    reason = pd.Series("", index=raw.index, dtype=object)
    reason[bad] = "'" + text[bad] + "' is not a number; enter digits only (e.g. 76.4)"
    reason[bad & text.str.endswith("%")] = (
        "'" + text[bad & text.str.endswith("%")] + "' has a % sign; enter the number alone (76.4)"
    )
    reason[bad & text.str.match(_DECIMAL_COMMA)] = (
        "'"
        + text[bad & text.str.match(_DECIMAL_COMMA)]
        + "' uses a decimal comma; use a full stop (12.5)"
    )
    numbers[~np.isfinite(numbers.fillna(0))] = np.nan
    return numbers, reason


def _period_problems(periods: pd.Series, frequency: pd.Series) -> pd.Series:
    """Return the reason each period is not a period start for its frequency ('' when fine)."""
    monday = periods - pd.to_timedelta(periods.dt.day_of_week, unit="D")
    month = periods.dt.to_period("M").dt.start_time
    quarter = periods.dt.to_period("Q").dt.start_time
    right = pd.Series(pd.NaT, index=periods.index, dtype="datetime64[ns]")
    right[frequency == "weekly"] = monday
    right[frequency == "monthly"] = month
    right[frequency == "quarterly"] = quarter
    rule = frequency.map(
        {
            "weekly": "weekly periods start on a Monday",
            "monthly": "monthly periods start on the 1st",
            "quarterly": "quarterly periods start on 1 Jan, 1 Apr, 1 Jul or 1 Oct",
        }
    )
    wrong = right.notna() & (right != periods)
    reason = pd.Series("", index=periods.index, dtype=object)
    reason[wrong] = (
        periods[wrong].dt.strftime("%Y-%m-%d")
        + " is not a period start ("
        + rule[wrong]
        + "); use "
        + right[wrong].dt.strftime("%Y-%m-%d")
    )
    return reason


def validate_data_points(
    table: pd.DataFrame,
    measures: pd.DataFrame,
    today: date,
    only_initiative: str | None = None,
    first_row: int = 2,
) -> pd.DataFrame:
    """Return validated data points (measure, period, value, missing_reason, note), or raise.

    `table` holds the file's cells as text; `measures` the known measures (code, initiative,
    unit, frequency). Every bad cell is reported as `row N, column C: reason` (row 1 is the
    header) and nothing is returned unless every row is good. Thousands separators are accepted
    only in the unambiguous form 1,234 or 1,234.5; 12,5 is rejected as a decimal comma.
    """
    rows = pd.Series(np.arange(first_row, first_row + len(table)), index=table.index)
    problems: list[pd.DataFrame] = []

    def flag(mask: pd.Series, column: str, reason: pd.Series | str) -> None:
        if mask.any():
            reasons = reason[mask] if isinstance(reason, pd.Series) else reason
            problems.append(pd.DataFrame({"row": rows[mask], "column": column, "reason": reasons}))

    code = table["measure"].str.strip().str.upper()
    known = measures.set_index("code")
    found = code.isin(known.index)
    flag(~found & (code != ""), "measure", "unknown measure code '" + code + "'")
    flag(code == "", "measure", "empty; every row needs a measure code")
    if only_initiative is not None:
        other = found & (code.map(known["initiative"]) != only_initiative)
        flag(
            other,
            "measure",
            "measure "
            + code
            + " belongs to "
            + code.map(known["initiative"]).fillna("")
            + ", not "
            + only_initiative
            + "; upload one initiative's data at a time",
        )

    raw_period = table["period"].str.strip()
    periods = pd.to_datetime(raw_period, format="%Y-%m-%d", errors="coerce")
    flag(
        periods.isna(),
        "period",
        "'" + raw_period + "' is not a date in the form YYYY-MM-DD (e.g. 2026-10-01)",
    )
    frequency = code.map(known["frequency"]).where(found & periods.notna())
    not_start = _period_problems(periods, frequency)
    flag(not_start != "", "period", not_start)
    future = periods.notna() & (periods > pd.Timestamp(today))
    flag(future, "period", raw_period + " is in the future; only past periods can have data")

    values, value_reason = _parse_values(table["value"])
    flag(value_reason != "", "value", value_reason)
    empty = table["value"].str.strip() == ""
    no_reason = empty & (table["missing_reason"].str.strip() == "")
    flag(no_reason, "value", "empty; enter a number, or give a missing_reason")
    percent = code.map(known["unit"]) == "%"
    flag(
        percent & ((values < 0) | (values > 100)),
        "value",
        values.astype(str) + " is outside 0–100 for a % measure",
    )

    duplicated = pd.DataFrame({"m": code, "p": raw_period}).duplicated(keep=False)
    first = pd.DataFrame({"m": code, "p": raw_period}).groupby(["m", "p"]).ngroup()
    first_row_of = rows.groupby(first).transform("min")
    flag(
        duplicated & (rows != first_row_of),
        "period",
        "duplicate of row " + first_row_of.astype(str) + " (same measure and period)",
    )

    if problems:
        found_errors = pd.concat(problems).sort_values(["row", "column"], kind="stable")
        raise ImportRejected(
            [RowError(int(r), c, str(m)) for r, c, m in found_errors.itertuples(index=False)],
            source="import",
        )
    result = pd.DataFrame(
        {
            "measure": code,
            "period": periods.dt.date,
            "value": values,
            "missing_reason": table["missing_reason"].str.strip(),
            "note": table["note"].str.strip(),
        }
    )
    try:
        _DATA_POINTS.validate_python(result.replace({np.nan: None}).to_dict("records"))
    except ValidationError as err:
        raise ImportRejected(
            [
                RowError(int(rows.iloc[e["loc"][0]]), str(e["loc"][-1]), e["msg"])
                for e in err.errors()
            ],
            source="import",
        ) from None
    return result


def parse_data_points_csv(
    data: bytes,
    measures: pd.DataFrame,
    today: date,
    only_initiative: str | None = None,
) -> pd.DataFrame:
    """Return validated data points from CSV bytes (measure,period,value[,note][,missing_reason])."""
    check_size(len(data), "The file")
    table = read_csv_table(decode(data), DATAPOINT_COLUMNS, DATAPOINT_OPTIONAL)
    return validate_data_points(table, measures, today, only_initiative)
