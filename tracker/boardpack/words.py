"""Words the pack prints: RAG, goal status, MDC icons, cut-off times and preset names."""

from datetime import datetime
from typing import Any

from tracker import formatting
from tracker.charts import assurance_icon_text, variation_icon_text
from tracker.charts.labels import is_missing

RAG_WORDS = {"red": "● Red", "amber": "● Amber", "green": "● Green"}
"""RAG in words after a dot the writers colour: never colour alone."""

GOAL_SYMBOLS = {"on_track": "✔", "achieved": "★", "at_risk": "◐", "off_track": "✘", "no_data": "–"}
"""The symbol before each goal status, as on the Initiative page."""

PRESET_WORDS = {
    "mdc": "NHS Making Data Count (MDC)",
    "nhsr": "NHSRplotthedots (NHSR)",
}
"""SPC rule presets (tracker.spc.Preset) in words."""

FILTER_WORDS = {
    "programme": "Programme",
    "theme": "Theme",
    "organisation": "Organisation",
    "lead": "Lead",
}
"""Overview filter names in words, in the order the sidebar shows them."""


def rag_text(rag: object) -> str:
    """Return the RAG rating in words after a dot ("● Amber"), or "No check-in yet"."""
    return "No check-in yet" if is_missing(rag) else RAG_WORDS.get(str(rag), str(rag))


def goal_text(status: object) -> str:
    """Return a goal status with its symbol: "✘ Off track"."""
    key = str(status)
    return f"{GOAL_SYMBOLS.get(key, '')} {formatting.GOAL_STATUS_TEXT.get(key, key)}".strip()


def icons_text(variation: object, assurance: object) -> str:
    """Return both MDC icons as symbol and words: "▼ Concern (low) · ✘ Fail"."""
    return f"{variation_icon_text(variation)} · {assurance_icon_text(assurance)}"


def timestamp(value: datetime) -> str:
    """Return a UTC time as "23 Nov 2026 09:05 UTC"."""
    return f"{formatting.uk_date(value)} {value:%H:%M} UTC"


def filters_text(filters: dict[str, str]) -> str:
    """Return the filters in words, "Theme: Elective recovery", or "Whole portfolio"."""
    chosen = [f"{FILTER_WORDS[k]}: {filters[k]}" for k in FILTER_WORDS if filters.get(k)]
    return "; ".join(chosen) if chosen else "Whole portfolio"


def confidence_text(confidence: Any) -> str:
    """Return the owner's confidence as "3 / 5", or "–" when there is none."""
    return "–" if is_missing(confidence) else f"{int(confidence)} / 5"
