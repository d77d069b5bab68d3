"""Words for charts and tables: point types, rules, icon texts, UK dates and values with units."""

import math
from datetime import date, datetime
from typing import Final

import pandas as pd

from tracker import formatting, vocabulary
from tracker.spc_settings import AssuranceIcon, PointType, VariationIcon

RULE_WORDS: Final[dict[str, str]] = {
    "outside_limits": "beyond a process limit",
    "shift": "shift (run on one side of the mean)",
    "trend": "trend (run going up or down)",
    "two_of_three": "2 of 3 points close to a limit",
}
"""Rule name (tracker.spc_rules.RULE_NAMES) → words."""


def is_missing(value: object) -> bool:
    """Return True for None, NaN and pd.NA."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def variation_icon_text(icon: object) -> str:
    """Return a symbol and words for a variation icon, e.g. "▲ Improvement (high)".

    None or NaN (no icon, e.g. too few points) reads "– None"; an unknown icon raises ValueError.
    """
    return vocabulary.text(VariationIcon, VariationIcon.none if is_missing(icon) else icon)


def assurance_icon_text(icon: object) -> str:
    """Return a symbol and words for an assurance icon, e.g. "✔ Pass" or "◐ Hit and miss".

    None or NaN (no target, neutral direction, too few points) reads "– None"; an unknown icon
    raises ValueError.
    """
    return vocabulary.text(AssuranceIcon, AssuranceIcon.none if is_missing(icon) else icon)


def icons_text(variation: object, assurance: object) -> str:
    """Return both MDC icons as symbol and words: "▼ Concern (low) · ✘ Fail"."""
    return f"{variation_icon_text(variation)} · {assurance_icon_text(assurance)}"


def point_type_words(point_type: str) -> str:
    """Return a point type in words ("Special cause concern"); unknown types raise ValueError."""
    return vocabulary.label(PointType, point_type)


def rules_words(rules: object) -> str:
    """Return the rules a point hit in words ("shift;trend" → "shift (…), trend (…)"), or ""."""
    if is_missing(rules) or not str(rules).strip():
        return ""
    names = [name.strip() for name in str(rules).split(";") if name.strip()]
    return ", ".join(RULE_WORDS.get(name, name.replace("_", " ")) for name in names)


def uk_date(day: date | datetime | pd.Timestamp, *, month_only: bool = False) -> str:
    """Return a UK date: "23 Nov 2026", or "Nov 2026" when `month_only` (tracker.formatting)."""
    return formatting.uk_month(day) if month_only else formatting.uk_date(day)


def all_month_starts(days: pd.Series) -> bool:
    """Return True when every date is the 1st of a month (monthly or quarterly periods)."""
    stamps = pd.to_datetime(days).dropna()
    return bool(len(stamps)) and bool((stamps.dt.day == 1).all())


def value_text(value: float | None, unit: str = "", decimals: int = 1) -> str:
    """Return a value with thousands separators and its unit ("78.4%", "£12,345.0"), as
    tracker.formatting.number does; a missing value reads "no data"."""
    if value is None or is_missing(value):
        return "no data"
    return formatting.number(float(value), unit or "count", decimals)
