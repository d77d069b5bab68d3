"""The one rule for a number or a date typed into a cell: CSV imports, the workbook, `tracker spc`."""

import re
from datetime import date

import numpy as np
import pandas as pd

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
"""1,234 or 1,234.5: the only form in which a comma in a number cannot be a decimal comma."""
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
"""The one way a date is written as text: 2026-10-01 (an Excel date cell is a date already)."""


def number_cells(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Return (numbers, reason): NaN where empty or refused; reason says why a cell is refused.

    A number is digits with a full stop for decimals (an optional sign and exponent); a
    thousands separator only in the unambiguous form 1,234 or 1,234.5. Refused with a hint: a
    decimal comma (12,5) and a % sign; refused too: text and infinite or undefined numbers.
    """
    text = raw.str.strip()
    cleaned = text.where(~text.str.match(_THOUSANDS), text.str.replace(",", "", regex=False))
    numbers = pd.to_numeric(cleaned, errors="coerce").astype(float)
    bad = numbers.isna() & (text != "")
    infinite = numbers.notna() & ~np.isfinite(numbers.fillna(0))
    reason = pd.Series("", index=raw.index, dtype=object)
    reason[bad | infinite] = (
        "'" + text[bad | infinite] + "' is not a number; enter digits only (e.g. 76.4)"
    )
    percent = bad & text.str.endswith("%")
    reason[percent] = (
        "'"
        + text[percent]
        + "' has a % sign; enter the number alone ("
        + text[percent].str.rstrip("%").str.strip()
        + ")"
    )
    comma = bad & text.str.match(_DECIMAL_COMMA)
    reason[comma] = (
        "'"
        + text[comma]
        + "' uses a decimal comma; use a full stop ("
        + text[comma].str.replace(",", ".", regex=False)
        + ")"
    )
    numbers[infinite] = np.nan
    return numbers, reason


def date_cells(raw: pd.Series) -> pd.Series:
    """Return the cells as Timestamps: NaT where empty or not a real date written YYYY-MM-DD."""
    text = raw.str.strip()
    dates = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    return dates.where(text.str.match(ISO_DATE))


def read_number(text: str) -> float:
    """Return one cell's number by number_cells' rule; raise ValueError saying why it is refused
    (an empty cell is refused too: callers treat empty cells first)."""
    numbers, reason = number_cells(pd.Series([text], dtype=str))
    if reason.iloc[0]:
        raise ValueError(reason.iloc[0])
    if pd.isna(numbers.iloc[0]):
        raise ValueError("empty; enter a number")
    return float(numbers.iloc[0])


def read_date(text: str) -> date | None:
    """Return one cell's date by date_cells' rule, or None when it is not one."""
    found = date_cells(pd.Series([text], dtype=str)).iloc[0]
    return None if pd.isna(found) else found.date()
