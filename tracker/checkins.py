"""The check-in action: a period's measure values, milestone changes and narrative, saved as one.

A form is loaded from what is held, edited, then checked (every problem, or one line per change)
and saved in one transaction. Only the rows changed in the form are saved, based on what the
form read: if someone else saved one of those records meanwhile, nothing is written and
EditConflict names what they changed.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pandas as pd
from pydantic import ValidationError

from tracker import (
    access,
    audit_trail,
    checkin_grids,
    formatting,
    importers,
    register_entry,
    vocabulary,
)
from tracker.checkin_grids import MILESTONE_COLUMNS, VALUE_COLUMNS, VALUE_LABELS
from tracker.due import DueKind
from tracker.errors import ImportRejected, NotFound, RowError
from tracker.models import BenefitMonth, CheckIn, Milestone, Risk
from tracker.periods import Frequency, add_periods, last_complete_period
from tracker.store import Database, batches, queries, registers, writes
from tracker.store.writes import UpdateSummary, WriteSummary

NARRATIVE = {
    "progress": "Progress",
    "risks": "Risks and issues",
    "next_steps": "Next steps",
    "asks": "Asks of the board",
}
"""The check-in's narrative fields and their headings, in the order they are asked for."""

PERIODS_OFFERED = 12
"""Check-in periods to choose from: a year back, for late or corrected check-ins."""

NEW_CONFIDENCE = 3
"""A new check-in's confidence until someone moves it: the middle of 1 to 5, leaning neither way."""

NEXT_REVIEW_DAYS = 30
"""A review's next review is offered a month on: most trust policies review monthly."""


def _no_rows() -> pd.DataFrame:
    return pd.DataFrame(columns=["code", *register_entry.MONTH_COLUMNS])


@dataclass(frozen=True)
class CheckInForm:
    """What a check-in form holds: its grids as loaded and as edited, and the check-in typed."""

    initiative: str
    period: date
    values: pd.DataFrame
    """The values grid (checkin_grids.values_grid) as edited."""
    milestones: pd.DataFrame
    """The open milestones grid (checkin_grids.milestones_grid) as edited."""
    loaded_values: pd.DataFrame
    loaded_milestones: pd.DataFrame
    rag: str | None
    """None until someone chooses red, amber or green."""
    confidence: int
    on_behalf_of: str
    """Whom the check-in is written for, if not the person saving it; '' for themselves."""
    narrative: dict[str, str]
    """Text per field of NARRATIVE."""
    read_at: int | None
    """The write counter when the form read what it holds; None saves without the check."""
    progress_score: float | None = None
    """The IHI progress score (models.PROGRESS_SCORES); None when the team gives none."""
    reviews: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["code", *register_entry.REVIEW_COLUMNS])
    )
    """The initiative's open risks (register_entry.review_grid) as edited: ticked are reviewed."""
    benefits: pd.DataFrame = field(default_factory=_no_rows)
    """The benefits' months (register_entry.month_grid) as edited."""
    loaded_benefits: pd.DataFrame = field(default_factory=_no_rows)


@dataclass(frozen=True)
class Problems:
    """A form refused, nothing written: one line per problem, and each grid with its Problem
    column filled in."""

    lines: list[str]
    values: pd.DataFrame
    milestones: pd.DataFrame
    check_in: list[str] = field(default_factory=list)
    """The lines about the check-in's own fields (RAG, narrative), to show beside them too."""


@dataclass(frozen=True)
class Checked:
    """A valid form: what saving it writes, and one line per change it makes (old → new)."""

    points: pd.DataFrame
    milestones: list[Milestone]
    check_in: CheckIn
    lines: list[str]
    risks: list[Risk] = field(default_factory=list)
    """The risks reviewed, each a new version."""
    months: list[BenefitMonth] = field(default_factory=list)
    """The benefit months entered, each a new version."""


@dataclass(frozen=True)
class Saved:
    """A saved form: the lines of Checked, and what each of the writes did."""

    lines: list[str]
    summary: UpdateSummary
    registers: WriteSummary = WriteSummary(0, 0, 0)


def owed(due: pd.DataFrame, initiative: str) -> pd.DataFrame:
    """Return the initiative's check-in owed, if any, from due.due_items (at most one row)."""
    return due[(due["kind"] == DueKind.check_in) & (due["code"] == initiative)]


def period_choices(
    frequency: Frequency, owed_now: pd.DataFrame, today: date
) -> tuple[list[date], date]:
    """Return the periods a check-in can be for, latest complete first, and the one to offer:
    the period owed (from owed()) if it is among them, else the latest."""
    latest = last_complete_period(today, frequency)
    options = [add_periods(latest, frequency, -k) for k in range(PERIODS_OFFERED)]
    wanted = pd.Timestamp(owed_now["period"].iloc[0]).date() if len(owed_now) else latest
    return options, wanted if wanted in options else latest


def _initiative(db: Database, code: queries.OneInitiative) -> pd.Series:
    found = queries.initiative_rows(db, code)
    if found.empty:
        name = code.code if isinstance(code, queries.InitiativeKeys) else code
        raise NotFound(f"No initiative with code {name}; choose one from the list.")
    return found.iloc[0]


def _held_check_in(db: Database, code: queries.OneInitiative, period: date) -> pd.DataFrame:
    held = queries.initiative_check_ins(db, code)
    return held[pd.to_datetime(held["period"]).dt.date == period]


def load_form(db: Database, initiative: str, period: date, today: date) -> CheckInForm:
    """Return the form for an initiative's check-in of `period`, filled with what is held now."""
    # Read first, so a save landing during the reads can at worst raise a needless conflict,
    # never be overwritten unseen.
    read_at = queries.write_counter(db)
    # Read once for the form's reads of the initiative, as preview_check_in does
    keys = queries.initiative_keys(db, initiative)
    item = _initiative(db, keys)
    values = checkin_grids.values_grid(
        queries.initiative_measures(db, keys),
        queries.initiative_data_points(db, keys),
        period,
        Frequency(item["checkin_frequency"]),
        today,
    )
    milestones = checkin_grids.milestones_grid(queries.initiative_milestones(db, keys))
    held = _held_check_in(db, keys, period)
    now = held.iloc[0] if len(held) else None
    reviews = register_entry.review_grid(
        registers.initiative_risks(db, initiative),
        initiative,
        today + timedelta(days=NEXT_REVIEW_DAYS),
    )
    # A benefit's month is the check-in's month, or the month a quarter or week starts in.
    month = period.replace(day=1)
    benefits = register_entry.month_grid(
        registers.benefits(db), register_entry.month_rows(db, month), initiative, month
    )
    return CheckInForm(
        initiative=initiative,
        period=period,
        values=values,
        milestones=milestones,
        loaded_values=values,
        loaded_milestones=milestones,
        rag=None if now is None else str(now["rag"]),
        confidence=NEW_CONFIDENCE if now is None else int(now["confidence"]),
        on_behalf_of="" if now is None else str(now["on_behalf_of"] or ""),
        narrative={f: "" if now is None else str(now[f]) for f in NARRATIVE},
        read_at=read_at,
        progress_score=None if now is None else _score(now["progress_score"]),
        reviews=reviews,
        benefits=benefits,
        loaded_benefits=benefits,
    )


def _score(value: Any) -> float | None:
    """Return a stored progress score, None for none (NULL reads as NaN in a frame)."""
    return None if value is None or pd.isna(value) else float(str(value))


def _check_values(
    db: Database, form: CheckInForm, today: date, keys: queries.InitiativeKeys
) -> tuple[pd.DataFrame, list[RowError]]:
    """Return (validated points to write, errors) from the edited values grid (its rows are the
    measures of the initiative whose `keys` are given)."""
    grid = form.values
    entered = grid[checkin_grids.edited(grid, form.loaded_values, list(VALUE_COLUMNS.values()))]
    if entered.empty:
        return pd.DataFrame(), []
    # The initiative's rows only: on PostgreSQL every initiative's would be copied to the app
    had = queries.initiative_data_points(db, keys)
    table = pd.DataFrame(
        {
            "measure": entered["measure"],
            "period": entered["period"],
            "value": entered["Value"].fillna(""),
            "missing_reason": entered["Missing reason"].fillna(""),
            "note": entered["Note"].fillna(""),
        }
    )
    # Row N of the table is grid row N-1, as the importer numbers a file's rows.
    table.index = entered.index + 1
    try:
        points = importers.validate_data_points(
            table, queries.initiative_measures(db, keys), today, only_initiative=form.initiative
        )
    except ImportRejected as err:
        return pd.DataFrame(), err.errors
    return points, importers.check_corrections(points, had)


def _check_milestones(
    db: Database, form: CheckInForm, today: date, keys: queries.InitiativeKeys
) -> tuple[list[Milestone], list[RowError]]:
    """Return (milestones whose facts changed, errors) from the edited milestones grid."""
    grid = form.milestones
    grid = grid[
        checkin_grids.edited(grid, form.loaded_milestones, list(MILESTONE_COLUMNS.values()))
    ]
    if grid.empty:
        return [], []
    held = queries.initiative_milestones(db, keys)
    current = held.set_index("code").loc[grid["code"]]
    iso = checkin_grids.iso
    table = pd.DataFrame(
        {
            "code": grid["code"].to_numpy(),
            "initiative": form.initiative,
            "title": current["title"].to_numpy(),
            "owner": current["owner"].to_numpy(),
            "baseline_date": [iso(d) for d in current["baseline_date"]],
            "forecast_date": [iso(d) for d in grid["Forecast"]],
            "status": grid["Status"].fillna("").astype(str).to_numpy(),
            "completed_date": [iso(d) for d in grid["Completed"]],
            "change_reason": grid["Reason for change"].fillna("").astype(str).to_numpy(),
        },
        index=grid.index + 1,
    )
    try:
        rows = importers.validate_milestones(
            table, queries.initiative_rows(db, keys), held, today, only_initiative=form.initiative
        )
    except ImportRejected as err:
        return [], err.errors
    classified = batches.preview(db, "milestones", rows)
    changed = rows[classified["action"].to_numpy() != "unchanged"]
    return [Milestone(**r) for r in changed.to_dict("records")], []


def _check_in(form: CheckInForm, author: str) -> tuple[CheckIn | None, list[str]]:
    """Return the check-in typed in the form by `author`, or the reasons it is not valid."""
    if form.rag is None:
        return None, ["RAG: choose red, amber or green."]
    try:
        return CheckIn(
            initiative=form.initiative,
            period=form.period,
            rag=form.rag,
            confidence=form.confidence,
            author=author,
            on_behalf_of=form.on_behalf_of.strip(),
            progress_score=form.progress_score,
            **form.narrative,
        ), []
    except ValidationError as err:
        return None, [
            f"{vocabulary.field_words(str(e['loc'][0]))}: {e['msg']}" for e in err.errors()
        ]


def _summary(
    db: Database,
    form: CheckInForm,
    keys: queries.InitiativeKeys,
    points: pd.DataFrame,
    milestones: list[Milestone],
    new: CheckIn,
) -> list[str]:
    """Return one line per change the save makes (old → new) in words, for the preview and the
    receipt: 'Measure value ELE-02-M1, Oct 2026 · Value: 61.4% → 62.0%'."""
    lines = []
    if len(points):
        measures = queries.initiative_measures(db, keys).set_index("code")
        found = batches.preview(db, "datapoints", points)
        measure_codes = [code.split(" ")[0] for code in found["code"]]
        units = [measures["unit"].get(m) for m in measure_codes]
        for code, said in zip(found["code"], _changes(found, units), strict=True):
            if said:
                record = audit_trail.audited_record("data_point", code, measures["frequency"])
                lines.append(f"{record} · {said}")
    if milestones:
        rows = pd.DataFrame([m.model_dump() for m in milestones])
        found = batches.preview(db, "milestones", rows)
        for code, said in zip(found["code"], _changes(found, [None] * len(found)), strict=True):
            lines.append(f"{audit_trail.record_name('milestone', code)} · {said}")
    frequency = Frequency(_initiative(db, keys)["checkin_frequency"])
    label = formatting.period_label(form.period, frequency)
    old = _held_check_in(db, keys, form.period)
    if old.empty:
        lines.append(f"Check-in {label} · new, {new.rag} with confidence {new.confidence}/5")
    else:
        fields = ("rag", "confidence", *NARRATIVE, "author", "on_behalf_of")
        before = {f: old.iloc[0][f] for f in fields}
        after = {f: getattr(new, f) for f in fields}
        held = _score(old.iloc[0]["progress_score"])
        if held != new.progress_score:
            before["progress_score"], after["progress_score"] = held, new.progress_score
        said = audit_trail.change_words(before, after)
        lines.append(f"Check-in {label} · {said or 'unchanged'}")
    return lines


def _changes(found: pd.DataFrame, units: list[str | None]) -> list[str]:
    """Return per row of a preview (batches.preview) what it changes in words, '' when nothing;
    `units` gives each row's measure unit (None when its values are not a measure's)."""
    fields = [c.removeprefix("old_") for c in found.columns if c.startswith("old_")]
    said = []
    for row, unit in zip(found.to_dict("records"), units, strict=True):
        new = {f: row[f] for f in fields}
        old = {f: row["old_" + f] for f in fields} if row["action"] == "change" else None
        unchanged = row["action"] == "unchanged"
        said.append("" if unchanged else audit_trail.change_words(old, new, unit))
    return said


def preview_check_in(
    db: Database, actor: str, form: CheckInForm, today: date
) -> Checked | Problems:
    """Return what saving the form by `actor` would write and change, or every problem in it;
    writes nothing. The check-in's author is the actor, by their name on the people list."""
    keys = queries.initiative_keys(db, form.initiative)
    points, value_errors = _check_values(db, form, today, keys)
    milestones, milestone_errors = _check_milestones(db, form, today, keys)
    check_in, check_in_errors = _check_in(form, access.name_of(db, actor) or actor)
    risks, months, register_errors = register_entry.checked_entries(
        db, form.reviews, form.benefits, form.loaded_benefits, form.period.replace(day=1), today
    )
    found = (
        checkin_grids.messages(form.values, value_errors, form.milestones, milestone_errors)
        + check_in_errors
        + register_errors
    )
    if found or check_in is None:
        return Problems(
            found,
            checkin_grids.problems(form.values, value_errors, VALUE_LABELS),
            checkin_grids.problems(form.milestones, milestone_errors, MILESTONE_COLUMNS),
            check_in_errors,
        )
    units = dict(zip(form.benefits["code"], form.benefits.get("Unit", []), strict=False))
    lines = _summary(db, form, keys, points, milestones, check_in)
    return Checked(
        points,
        milestones,
        check_in,
        lines + register_entry.entry_lines(risks, months, units),
        risks,
        months,
    )


def save_check_in(db: Database, actor: str, form: CheckInForm, today: date) -> Saved | Problems:
    """Save the form's values, milestone changes, check-in, risk reviews and benefit months by
    `actor` in one transaction: a refused part writes nothing of the others.

    Return every problem instead, writing nothing, if any entry is not valid. Raise
    EditConflict, writing nothing, if someone saved one of the form's changed records after
    `form.read_at`; saving again with read_at set to the conflict's `latest` puts the form's
    values over theirs as new versions (theirs stay in the history).
    """
    checked = preview_check_in(db, actor, form, today)
    if isinstance(checked, Problems):
        return checked
    # Scoped: on PostgreSQL it holds only its own records' locks, so leads saving different
    # initiatives' check-ins do not wait for each other.
    with db.transaction(scoped=True):
        summary = writes.save_update(
            db, checked.points, checked.milestones, checked.check_in, actor, read_at=form.read_at
        )
        entered = register_entry.write_entries(db, checked.risks, checked.months, actor)
    return Saved(checked.lines, summary, entered)
