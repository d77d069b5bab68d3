"""Checks shared by every kind of import: numbers, dates, codes, text, duplicates; each vectorised."""

import re

import numpy as np
import pandas as pd

from tracker.errors import ImportRejected, RowError

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,23}$")

MAX_TEXT = 500
"""Longest short text (titles, reasons, names), as in tracker.models.Text."""


class Problems:
    """Collects every bad cell as (row, column, reason) and raises them all at once."""

    def __init__(self, rows: pd.Index) -> None:
        self.rows = pd.Series(rows.to_numpy(), index=rows.rename(None))
        self._found: list[pd.DataFrame] = []

    def flag(self, mask: pd.Series, column: str, reason: pd.Series | str) -> None:
        """Record `reason` for every row where `mask` is True."""
        mask = mask.fillna(False).astype(bool)
        if mask.any():
            reasons = reason[mask].to_numpy() if isinstance(reason, pd.Series) else reason
            self._found.append(
                pd.DataFrame(
                    {"row": self.rows[mask].to_numpy(), "column": column, "reason": reasons}
                )
            )

    def errors(self) -> list[RowError]:
        """Return the problems found so far, by row then column."""
        if not self._found:
            return []
        found = pd.concat(self._found).sort_values(["row", "column"], kind="stable")
        return [RowError(int(r), c, str(m)) for r, c, m in found.itertuples(index=False)]

    def raise_if_any(self) -> None:
        """Raise ImportRejected listing every problem, if there is one."""
        errors = self.errors()
        if errors:
            raise ImportRejected(errors, source="import")


def parse_numbers(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Return (numbers, reason): NaN where empty or unreadable; reason says why for unreadable.

    Thousands separators are accepted only in the unambiguous form 1,234 or 1,234.5; 12,5 is
    rejected as a decimal comma, and a % sign is rejected with the number it should be.
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


def parse_dates(raw: pd.Series, problems: Problems, column: str, required: bool) -> pd.Series:
    """Return the cells as Timestamps (NaT when empty or bad), flagging bad and missing ones."""
    text = raw.str.strip()
    dates = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    problems.flag(
        dates.isna() & (text != ""),
        column,
        "'" + text + "' is not a date in the form YYYY-MM-DD (e.g. 2026-10-01)",
    )
    if required:
        problems.flag(text == "", column, "empty; enter a date in the form YYYY-MM-DD")
    return dates


def codes(raw: pd.Series, problems: Problems, column: str) -> pd.Series:
    """Return the cells as upper-case codes, flagging empty and badly formed ones."""
    code = raw.str.strip().str.upper()
    problems.flag(code == "", column, "empty; every row needs a code")
    problems.flag(
        (code != "") & ~code.str.match(_CODE),
        column,
        "'"
        + code
        + "' is not a code: use letters, digits and hyphens, at most 24 characters (e.g. UEC-01)",
    )
    return code


def required_text(
    raw: pd.Series, problems: Problems, column: str, longest: int = MAX_TEXT
) -> pd.Series:
    """Return the cells stripped, flagging empty ones and ones longer than `longest`."""
    text = raw.str.strip()
    problems.flag(text == "", column, f"empty; {column} is required")
    optional_text(text, problems, column, longest)
    return text


def optional_text(raw: pd.Series, problems: Problems, column: str, longest: int) -> pd.Series:
    """Return the cells stripped, flagging ones longer than `longest` characters."""
    text = raw.str.strip()
    problems.flag(
        text.str.len() > longest,
        column,
        text.str.len().astype(str) + f" characters; at most {longest}",
    )
    return text


def flag_duplicates(keys: pd.DataFrame, problems: Problems, column: str, what: str) -> None:
    """Flag every row whose `keys` repeat an earlier row's, naming the first."""
    rows = problems.rows
    repeated = keys.duplicated(keep=False)
    if not repeated.any():
        return
    group = keys.groupby(list(keys.columns), sort=False).ngroup()
    first = rows.groupby(group.to_numpy()).transform("min")
    problems.flag(
        repeated & (rows != first),
        column,
        "duplicate of row " + first.astype(str) + f" (same {what})",
    )


def measure_codes(
    cells: pd.Series,
    measures: pd.DataFrame,
    problems: Problems,
    only_initiative: str | None,
    what: str,
) -> tuple[pd.Series, pd.DataFrame, pd.Series]:
    """Return each row's measure code, the known measures indexed by code, and which rows are known.

    Codes are read case-blind; empty and unknown codes are flagged, and with `only_initiative`
    so is a measure of another initiative (`what` names the rows, e.g. "data", in the advice).
    """
    code = cells.str.strip().str.upper()
    known = measures.set_index(measures["code"].str.upper())
    found = code.isin(known.index)
    problems.flag(code == "", "measure", "empty; every row needs a measure code")
    problems.flag(~found & (code != ""), "measure", "unknown measure code '" + code + "'")
    if only_initiative is not None:
        owner = code.map(known["initiative"]).fillna("")
        problems.flag(
            found & (owner != only_initiative),
            "measure",
            "measure "
            + code
            + " belongs to "
            + owner
            + ", not "
            + only_initiative
            + f"; upload one initiative's {what} at a time",
        )
    return code, known, found
