"""Words the pack prints: RAG, goal status, MDC icons, cut-off times and preset names."""

from datetime import datetime
from typing import Any

from tracker import formatting, vocabulary
from tracker.charts.labels import is_missing
from tracker.models import Rag
from tracker.progress import GoalStatus

RAG_TEXT_COLOURS = {term.text: term.colour for term in vocabulary.RAGS.values()}
"""RAG in words after a dot ("● Amber") → the colour the writers give the dot: never colour alone."""

PRESET_WORDS = {
    "mdc": "NHS Making Data Count",
    "nhsr": "NHS-R plot-the-dots compatible",
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
    if is_missing(rag):
        return "No check-in yet"
    return vocabulary.text(Rag, rag) if str(rag) in set(Rag) else str(rag)


def goal_text(status: object) -> str:
    """Return a goal status with its symbol: "✘ Off track"."""
    key = str(status)
    return vocabulary.text(GoalStatus, key) if key in set(GoalStatus) else key


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
