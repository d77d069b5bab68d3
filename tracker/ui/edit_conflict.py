"""A save refused because someone else saved first: what they changed, then keep theirs or mine."""

from enum import StrEnum

import streamlit as st

from tracker import formatting, usertext
from tracker.errors import Change, EditConflict
from tracker.importers import preview

NOUNS = {
    "data_point": "Value",
    "check_in": "Check-in",
    "milestone_version": "Milestone",
    "target": "Target",
}
"""How pages name a versioned record; set-up items go by their table's name."""


class Choice(StrEnum):
    """The two ways on from a conflict."""

    theirs = "theirs"
    """Forget what was typed and show the form again with their values."""
    mine = "mine"
    """Save what was typed over theirs, as a new version (theirs stays in the history)."""


def record(change: Change) -> str:
    """Return how a page names the changed record, e.g. 'Value ELE-02-M1, 1 Oct 2026'."""
    noun = NOUNS.get(change.entity, change.entity.capitalize())
    if change.day is None:
        return f"{noun} {change.code}"
    if change.entity == "target":
        return f"{noun} {change.code} from {formatting.uk_date(change.day)}"
    return f"{noun} {change.code}, {formatting.uk_date(change.day)}"


def lines(conflict: EditConflict) -> list[str]:
    """Return one line per field they changed: the record, the field, their value, who and when."""
    found = []
    for c in conflict.changes:
        by = f"{c.who}, {formatting.uk_date(c.at)} {c.at:%H:%M} UTC"
        if not c.field:
            found.append(f"{record(c)}: withdrawn ({by})")
        else:
            found.append(
                f"{record(c)} · {c.field.replace('_', ' ')}: {preview.shown(c.value)} ({by})"
            )
    return found


def ask(conflict: EditConflict, key: str) -> Choice | None:
    """Show what they changed and both ways on; return the one clicked in this run, if any."""
    st.warning(
        "**Someone else saved this while you were editing it, so nothing of yours was saved.** "
        "They changed:"
        + "".join(f"\n- {usertext.markdown(line, inline=True)}" for line in lines(conflict))
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
