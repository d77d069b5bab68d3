"""UK display rules: dates like 23 Nov 2026, FY 2026/27, £ and units (words: tracker.vocabulary)."""

import math
from datetime import date, datetime

import pandas as pd

from tracker import periods
from tracker.models import Unit
from tracker.periods import Frequency

MISSING = "—"
"""Shown for an absent date or value: an em dash reads as 'nothing here', a blank looks broken."""

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
"""Month abbreviations, fixed here so output never depends on the machine's locale."""

DEFAULT_DECIMALS = {
    Unit.percent: 1,
    Unit.count: 0,
    Unit.days: 1,
    Unit.minutes: 0,
    Unit.rate_per_1000: 1,
    Unit.pounds: 0,
}
"""Decimals used when the caller gives none: whole pounds, counts and minutes; tenths otherwise."""


_UNITS = {unit.value: unit for unit in Unit}


def as_date(value: object) -> date | None:
    """Return `value` (date, datetime, Timestamp, numpy datetime or ISO text) as a date, or None.

    None, NaN and NaT all give None, so callers can pass DataFrame cells straight in.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return None if pd.isna(value) else value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float) and math.isnan(value):
        return None
    stamp = pd.Timestamp(value)  # type: ignore[arg-type]  # ISO text or a numpy datetime by now
    return None if pd.isna(stamp) else stamp.date()


def uk_date(value: object) -> str:
    """Return a date as '23 Nov 2026' (no leading zero), or '—' when it is absent."""
    day = as_date(value)
    return MISSING if day is None else f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def uk_month(value: object) -> str:
    """Return the month of a date as 'Nov 2026', or '—' when it is absent."""
    day = as_date(value)
    return MISSING if day is None else f"{MONTHS[day.month - 1]} {day.year}"


def financial_year(value: object) -> str:
    """Return the NHS financial year (April–March) of a date as 'FY 2026/27', or '—'."""
    day = as_date(value)
    return MISSING if day is None else periods.financial_year(day)


def period_label(value: object, frequency: str) -> str:
    """Return the period starting at a date in words: 'w/c 16 Nov 2026', 'Oct 2026', 'Q3 2026/27'.

    Quarters are financial quarters (Q1 is April to June), as NHS reports number them.
    """
    day = as_date(value)
    if day is None:
        return MISSING
    freq = Frequency(frequency)
    if freq is Frequency.weekly:
        return f"w/c {uk_date(day)}"
    if freq is Frequency.monthly:
        return uk_month(day)
    quarter = (day.month - 4) % 12 // 3 + 1
    return f"Q{quarter} {periods.financial_year(day).removeprefix('FY ')}"


def number(value: float | None, unit: str = Unit.count, decimals: int | None = None) -> str:
    """Return a value with its unit in UK style: '74.2%', '£1,250', '1,234', '3.4 days'.

    Also '12.5 per 1,000' and '45 minutes'. `decimals` defaults to the unit's usual precision
    (DEFAULT_DECIMALS). Absent values (None, NaN) give '—'.
    """
    # Plain floats are tested and units looked up directly: the exceptions list formats tens
    # of thousands of numbers, and pd.isna and Unit() cost more than the formatting itself.
    if value is None or (value != value if isinstance(value, float) else pd.isna(value)):
        return MISSING
    kind = _UNITS.get(unit) or Unit(unit)
    places = DEFAULT_DECIMALS[kind] if decimals is None else decimals
    # Adding 0.0 turns a rounded -0.0 into 0.0, so a tiny negative never shows as "-0.0".
    rounded = round(float(value), places) + 0.0
    digits = f"{abs(rounded):,.{places}f}"
    sign = "-" if rounded < 0 else ""
    if kind is Unit.percent:
        return f"{sign}{digits}%"
    if kind is Unit.pounds:
        return f"{sign}£{digits}"
    if kind is Unit.count:
        return f"{sign}{digits}"
    if kind is Unit.rate_per_1000:
        return f"{sign}{digits} per 1,000"
    word = "day" if kind is Unit.days else "minute"
    return f"{sign}{digits} {word if digits == '1' else word + 's'}"


def difference(value: float | None, unit: str = Unit.count, decimals: int | None = None) -> str:
    """Return the size of a difference between two values: '1.3 points' for %, else as number().

    The sign is dropped: callers say 'ahead' or 'behind'. A difference of percentages is in
    percentage points, which a board reads as 'points'.
    """
    if value is None or pd.isna(value):
        return MISSING
    size = abs(float(value))
    if Unit(unit) is Unit.percent:
        places = DEFAULT_DECIMALS[Unit.percent] if decimals is None else decimals
        digits = f"{round(size, places) + 0.0:,.{places}f}"
        return f"{digits} {'point' if digits == '1' else 'points'}"
    return number(size, unit, decimals)
