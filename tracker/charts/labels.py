"""Words for charts and tables: point types, rules, icon texts, UK dates and values with units."""

import math
from datetime import date, datetime
from typing import Final

import pandas as pd

from tracker import formatting

POINT_TYPE_WORDS: Final[dict[str, str]] = {
    "common_cause": "Common cause",
    "special_cause_improvement": "Special cause improvement",
    "special_cause_concern": "Special cause concern",
    "special_cause_neutral_high": "Special cause neutral (high)",
    "special_cause_neutral_low": "Special cause neutral (low)",
}
"""Point type (tracker.spc.PointType value) → words for legends and hover text."""

RULE_WORDS: Final[dict[str, str]] = {
    "outside_limits": "beyond a process limit",
    "shift": "shift (run on one side of the mean)",
    "trend": "trend (run going up or down)",
    "two_of_three": "2 of 3 points close to a limit",
}
"""Rule name (tracker.spc_rules.RULE_NAMES) → words."""

VARIATION_ICON_TEXTS: Final[dict[str, str]] = {
    "common_cause": "● Common cause",
    "improvement_high": "▲ Improvement (high)",
    "improvement_low": "▼ Improvement (low)",
    "concern_high": "▲ Concern (high)",
    "concern_low": "▼ Concern (low)",
    "neutral_high": "▲ Neutral (high)",
    "neutral_low": "▼ Neutral (low)",
    "none": "– None",
}
ASSURANCE_ICON_TEXTS: Final[dict[str, str]] = {
    "pass": "✔ Pass",
    "hit_and_miss": "◐ Hit and miss",
    "fail": "✘ Fail",
    "none": "– None",
}


def is_missing(value: object) -> bool:
    """Return True for None, NaN and pd.NA."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def variation_icon_text(icon: str | None) -> str:
    """Return a symbol and words for a variation icon, e.g. "▲ Improvement (high)".

    None or NaN (no icon, e.g. too few points) reads "– None"; an unknown icon raises ValueError.
    """
    key = "none" if is_missing(icon) else str(icon)
    if key not in VARIATION_ICON_TEXTS:
        raise ValueError(f"variation icon {icon!r} is not one of {', '.join(VARIATION_ICON_TEXTS)}")
    return VARIATION_ICON_TEXTS[key]


def assurance_icon_text(icon: str | None) -> str:
    """Return a symbol and words for an assurance icon, e.g. "✔ Pass" or "◐ Hit and miss".

    None or NaN (no target, neutral direction, too few points) reads "– None"; an unknown icon
    raises ValueError.
    """
    key = "none" if is_missing(icon) else str(icon)
    if key not in ASSURANCE_ICON_TEXTS:
        raise ValueError(f"assurance icon {icon!r} is not one of {', '.join(ASSURANCE_ICON_TEXTS)}")
    return ASSURANCE_ICON_TEXTS[key]


def point_type_words(point_type: str) -> str:
    """Return a point type in words ("Special cause concern"); unknown types raise ValueError."""
    if point_type not in POINT_TYPE_WORDS:
        raise ValueError(f"point_type {point_type!r} is not one of {', '.join(POINT_TYPE_WORDS)}")
    return POINT_TYPE_WORDS[point_type]


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
    if is_missing(value):
        return "no data"
    return formatting.number(float(value), unit or "count", decimals)
