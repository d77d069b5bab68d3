"""Set-up edits from a form: check what was entered, record a target revision or a chart note, say so."""

from collections.abc import Mapping

import pandas as pd
from pydantic import BaseModel

from tracker import formatting, usertext
from tracker.models import Annotation, Target
from tracker.store import Database, queries
from tracker.store.setup import apply_setup
from tracker.workbook.cells import parse_trajectory
from tracker.workbook.layout import Kind, Sheet
from tracker.workbook.problems import validate_row

Problems = dict[str, list[str]]
"""Every problem with a form, keyed by the field it is shown under (FORM: the form as a whole)."""


def _clean(values: Mapping[str, object], sheet: Sheet, problems: Problems) -> dict[str, object]:
    """Return the values the model should see: blanks left out so defaults and 'required' apply."""
    cleaned: dict[str, object] = {}
    for name, value in values.items():
        if isinstance(value, str):
            value = value.strip()
        if value is None or value == "":
            continue
        if sheet.column(name).kind is Kind.trajectory:
            try:
                value = parse_trajectory(str(value))
            except ValueError as err:
                problems.setdefault(name, []).append(str(err))
                continue
        if sheet.column(name).kind is Kind.integer and isinstance(value, float):
            value = int(value) if value.is_integer() else value
        cleaned[name] = value
    return cleaned


def check(
    sheet: Sheet, values: Mapping[str, object], extra_problems: Problems | None = None
) -> tuple[BaseModel | None, Problems]:
    """Return the sheet's model of the entered values, or None and every problem by field.

    Blank fields are left out (so defaults and 'required' apply) and a trajectory's text is read
    into its points. `extra_problems` (found by the page) come first; a field already flagged
    by them gets no second message from the model.
    """
    problems: Problems = {k: list(v) for k, v in (extra_problems or {}).items()}
    cleaned = _clean(values, sheet, problems)
    model, found = validate_row(sheet, cleaned)
    flagged = set(problems)
    for name, message in found:
        if name not in flagged:
            problems.setdefault(name, []).append(message)
    return (model if not problems else None), problems


def _shown(db: Database, value: float, measure: str) -> str:
    """Return a value in the measure's unit and precision, UK style."""
    measures = queries.measures(db)
    row = measures[measures["code"] == measure].iloc[0]
    return formatting.number(value, str(row["unit"]), int(row["decimals"]))


def record_target(db: Database, author: str, target: Target, read_at: int | None) -> str:
    """Return what recording a target revision did, in a sentence; earlier revisions are kept.

    With `read_at` (the write counter when the form read the targets), refused with
    EditConflict if anyone saved this revision since.
    """
    outcome = apply_setup(db, [target], None, author, read_at=read_at).items[0].outcome
    if outcome == "unchanged":
        return f"That target revision is already recorded for {target.measure}; nothing saved."
    return (
        f"Target for {target.measure} saved: {_shown(db, target.value, target.measure)} from "
        f"{formatting.uk_date(target.effective_from)}. Earlier revisions are kept."
    )


def record_annotation(db: Database, author: str, note: Annotation, read_at: int | None) -> str:
    """Return what adding a chart annotation did, in a sentence (markdown).

    One with the date and kind of an existing annotation changes its label and reason; the
    audit log keeps the old.
    """
    outcome = apply_setup(db, [note], None, author, read_at=read_at).items[0].outcome
    if outcome == "unchanged":
        return f"That annotation is already on {note.measure}; nothing added."
    label = usertext.markdown(note.label, inline=True)
    if outcome == "changed":
        return (
            f"Changed the {note.kind.value} of {formatting.uk_date(note.date)} on "
            f"{note.measure} to '{label}'."
        )
    return f"Added the {note.kind.value} '{label}' to {note.measure}."


def target_rows(history: pd.DataFrame, unit: str, decimals: int) -> pd.DataFrame:
    """Return every target version of one measure (queries.target_history) as the page lists it."""
    return pd.DataFrame(
        {
            "Target": [formatting.number(v, unit, decimals) for v in history["value"]],
            "From": history["effective_from"].map(formatting.uk_date),
            "To": history["effective_to"].map(formatting.uk_date),
            "Reason": history["reason"],
            "Set by": history["set_by"],
            "Recorded": [
                f"{formatting.uk_date(at)} by {who}"
                for at, who in zip(history["recorded_at"], history["recorded_by"], strict=True)
            ],
            "State": [
                "✔ Current" if current else f"↺ Replaced {formatting.uk_date(at)}"
                for current, at in zip(history["is_current"], history["superseded_at"], strict=True)
            ],
        }
    )
