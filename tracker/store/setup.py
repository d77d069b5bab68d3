"""Set-up writes: a whole programme in one transaction (or a dry run), and deleting an unused item."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import duckdb
import pandas as pd

from tracker.access_rules import Action
from tracker.errors import NotAllowed, NotFound
from tracker.models import (
    Annotation,
    Benefit,
    BenefitMonth,
    DriverNode,
    Goal,
    Initiative,
    Measure,
    Milestone,
    PdsaCycle,
    Programme,
    Risk,
    RiskSettings,
    Target,
)
from tracker.store import engine, people, registers, specs, writes
from tracker.store.db import Database, broke_a_rule, utc_now

SetupItem = (
    Programme | Initiative | Measure | Goal | Target | Milestone | Annotation | DriverNode
    | PdsaCycle | RiskSettings | Risk | Benefit | BenefitMonth
)  # fmt: skip


class Deletable(StrEnum):
    """What can be deleted when it was created by mistake and holds nothing yet."""

    programme = "programme"
    initiative = "initiative"
    measure = "measure"
    goal = "goal"
    milestone = "milestone"


_USES: dict[Deletable, list[tuple[str, str]]] = {
    Deletable.programme: [
        ("initiatives", "SELECT count(*) FROM initiative WHERE programme_id = ?")
    ],
    Deletable.initiative: [
        ("measures", "SELECT count(*) FROM measure WHERE initiative_id = ?"),
        ("goals", "SELECT count(*) FROM goal WHERE initiative_id = ?"),
        ("milestones", "SELECT count(*) FROM milestone WHERE initiative_id = ?"),
        ("check-ins", "SELECT count(*) FROM check_in WHERE initiative_id = ?"),
    ],
    Deletable.measure: [
        ("data points", "SELECT count(*) FROM data_point WHERE measure_id = ?"),
        ("targets", "SELECT count(*) FROM target WHERE measure_id = ?"),
        ("annotations", "SELECT count(*) FROM annotation WHERE measure_id = ?"),
        ("goals", "SELECT count(*) FROM goal WHERE measure_id = ?"),
    ],
    Deletable.goal: [],
    Deletable.milestone: [
        (
            "completed versions",
            "SELECT count(*) FROM milestone_version WHERE milestone_id = ? AND status = 'complete'",
        ),
        (
            "earlier versions",
            "SELECT greatest(count(*) - 1, 0) FROM milestone_version WHERE milestone_id = ?",
        ),
    ],
}
"""What counts as data for each kind: any of it means the item is real and must be kept."""


@dataclass(frozen=True)
class ItemOutcome:
    """What a set-up write did to one item: its kind (model name), key and outcome."""

    kind: str
    key: str
    outcome: str
    """'added', 'changed' or 'unchanged'."""


@dataclass(frozen=True)
class SetupResult:
    """What a set-up load did (or, for a dry run, would do) to each item and to the data points."""

    items: list[ItemOutcome] = field(default_factory=list)
    points: writes.WriteSummary = field(default_factory=lambda: writes.WriteSummary(0, 0, 0))
    dry_run: bool = False
    warnings: tuple[str, ...] = ()
    """What was loaded (or would be) but deserves a look: an owner not on the people list."""

    def keys(self, kind: str, outcome: str) -> list[str]:
        """Return the keys of the items of one kind with one outcome, in load order."""
        return [i.key for i in self.items if i.kind == kind and i.outcome == outcome]


class _DryRunDone(Exception):
    """Raised inside the transaction to roll a dry run back; carries what it would have done."""

    def __init__(self, result: SetupResult) -> None:
        super().__init__("dry run")
        self.result = result


def item_key(item: SetupItem) -> str:
    """Return how people name an item: its code, or measure and date for targets and notes."""
    if isinstance(item, Target):
        return f"{item.measure} from {item.effective_from.isoformat()}"
    if isinstance(item, Annotation):
        return f"{item.measure} {item.date.isoformat()} {item.kind.value}"
    if isinstance(item, RiskSettings):
        return item.programme
    if isinstance(item, BenefitMonth):
        return f"{item.benefit} {item.month.isoformat()}"
    return item.code


def apply_setup(
    db: Database,
    items: Sequence[SetupItem],
    points: pd.DataFrame | None,
    author: str,
    source: str = "",
    dry_run: bool = False,
    read_at: int | None = None,
) -> SetupResult:
    """Return what was written: every item created or updated by code, then the data points.

    All in ONE transaction: any error rolls everything back. Each kind is written set-based,
    parents first (programmes, initiatives, measures, goals, then targets, milestones,
    annotations, driver diagram nodes, PDSA cycles, risk settings, risks, benefits and benefit
    months: writes.WRITE_ORDER); an item given twice is written twice, in order. A dry run
    makes the same writes and rolls them back, so its counts are exactly what a load would do;
    it must not be called inside another transaction, which it would roll back too. With
    `read_at` (what a form read), refused with EditConflict if anyone saved an item since.
    """
    try:
        with db.transaction() as cur:
            edited = [i for i in items if isinstance(i, writes.Edited)]
            writes.refuse_if_changed(cur, read_at, edited)
            written = writes.write_models(cur, items, utc_now(), author, registers.CHECKS)
            outcomes = [
                ItemOutcome(type(item).__name__, item_key(item), outcome)
                for item, outcome in zip(items, written, strict=True)
            ]
            summary = writes.WriteSummary(0, 0, 0)
            if points is not None and not points.empty:
                summary = writes.write_data_points(db, points, author, source=source)
            result = SetupResult(outcomes, summary, dry_run)
            if dry_run:
                raise _DryRunDone(result)
    except _DryRunDone as done:
        return done.result
    return result


def _find(db: Database, kind: Deletable, code: str) -> tuple[int, dict[str, object]]:
    table = kind.value
    cur = db.cursor()
    result = cur.execute(f"SELECT * FROM {table} WHERE code = ?", [code])
    names = [d[0] for d in result.description]
    rows = result.fetchall()
    if not rows:
        raise NotFound(f"No {table} with code {code}.")
    row = dict(zip(names, rows[0], strict=True))
    if kind is Deletable.milestone:
        version = cur.execute(
            f"SELECT {', '.join(engine.facts(specs.MILESTONES))} FROM milestone_version "
            "WHERE milestone_id = ? AND is_current",
            [row["id"]],
        )
        facts = version.fetchall()
        if facts:
            row.update(zip([d[0] for d in version.description], facts[0], strict=True))
    return int(row.pop("id")), row


def uses(db: Database, kind: Deletable, code: str) -> dict[str, int]:
    """Return what an item holds (e.g. {'data points': 24}); empty when it is safe to delete."""
    row_id, _ = _find(db, kind, code)
    cur = db.cursor()
    counts = {what: int(cur.execute(sql, [row_id]).fetchall()[0][0]) for what, sql in _USES[kind]}
    return {what: n for what, n in counts.items() if n}


def delete_unused(db: Database, kind: Deletable, code: str, author: str) -> None:
    """Delete an item created by mistake, with an audit row holding what it was.

    Refuses (NotAllowed) when it holds anything, naming what: a real initiative is closed or
    paused instead, which keeps its history.
    """
    at = utc_now()
    with db.transaction() as cur:
        people.check(cur, author, Action.setup)
        row_id, before = _find(db, kind, code)
        held = uses(db, kind, code)
        if held:
            listed = ", ".join(f"{n} {what}" for what, n in held.items())
            instead = (
                " Close or pause it instead, which keeps its history."
                if kind is Deletable.initiative
                else ""
            )
            raise NotAllowed(
                f"{kind.value.capitalize()} {code} cannot be deleted: it has {listed}.{instead}"
            )
        writes.audit(cur, at, author, "delete", kind.value, row_id, code, before, None)
        if kind is not Deletable.milestone:
            try:
                cur.execute(f"DELETE FROM {kind.value} WHERE id = ?", [row_id])
            except duckdb.Error as err:
                if not broke_a_rule(err):
                    raise
                raise NotAllowed(
                    f"{kind.value.capitalize()} {code} cannot be deleted: other records refer to it."
                ) from None
            return
        cur.execute("DELETE FROM milestone_version WHERE milestone_id = ?", [row_id])
    # DuckDB checks a foreign key against rows deleted earlier in the same transaction (a
    # documented limitation), so the milestone's identity row goes in a second one. Should that
    # fail, the code stays reserved but shows nowhere, and saving the milestone again reuses it.
    with db.transaction() as cur:
        cur.execute("DELETE FROM milestone WHERE id = ?", [row_id])
