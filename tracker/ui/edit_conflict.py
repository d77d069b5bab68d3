"""A save refused because someone else saved first: what they changed, then keep theirs or mine."""

from collections.abc import Mapping
from enum import StrEnum

import streamlit as st

from tracker import audit_trail, formatting, usertext, vocabulary
from tracker.errors import EditConflict
from tracker.store import queries
from tracker.ui.cache import database


class Choice(StrEnum):
    """The two ways on from a conflict."""

    theirs = "theirs"
    """Forget what was typed and show the form again with their values."""
    mine = "mine"
    """Save what was typed over theirs, as a new version (theirs stays in the history)."""


def lines(conflict: EditConflict, units: Mapping[str, str] | None = None) -> list[str]:
    """Return one line per field they changed, in words: the record, the field, their value,
    who and when ('Check-in ELE-02, 1 Oct 2026 · RAG: amber (ana, 4 Dec 2026 10:02 UTC)').

    `units` gives each measure's unit by code, so a measure's values read with it ('62.0%').
    """
    found = []
    for c in conflict.changes:
        by = f"{c.who}, {formatting.uk_date(c.at)} {c.at:%H:%M} UTC"
        record = audit_trail.record_name(c.entity, c.code, c.day)
        if not c.field:
            found.append(f"{record}: withdrawn ({by})")
        else:
            unit = (units or {}).get(c.code) if c.entity in audit_trail.OF_A_MEASURE else None
            said = audit_trail.value_words(c.field, c.value, unit)
            found.append(f"{record} · {vocabulary.field_words(c.field)}: {said} ({by})")
    return found


def _units() -> dict[str, str]:
    """Return each measure's unit by code."""
    measures = queries.measures(database())
    return dict(zip(measures["code"], measures["unit"], strict=True))


def ask(conflict: EditConflict, key: str) -> Choice | None:
    """Show what they changed and both ways on; return the one clicked in this run, if any."""
    st.warning(
        "**Someone else saved this while you were editing it, so nothing of yours was saved.** "
        "They changed:"
        + "".join(
            f"\n- {usertext.markdown(line, inline=True)}" for line in lines(conflict, _units())
        )
        + "\n\nKeep theirs (the form shows their values and what you typed is dropped), or save "
        "yours over theirs (theirs stays in the history).",
        icon=":material/group:",
    )
    theirs, mine, _ = st.columns([1, 1, 3])
    if theirs.button("Keep theirs (reload)", key=f"{key}_theirs", width="stretch"):
        return Choice.theirs
    if mine.button("Save mine over it", key=f"{key}_mine", type="primary", width="stretch"):
        return Choice.mine
    return None
