"""Every INSERT/UPDATE: validated models in, one transaction, previous versions and audit rows kept."""

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

import pandas as pd
from pydantic import BaseModel

from tracker.errors import Change, Conflict, EditConflict
from tracker.models import (
    Annotation,
    CheckIn,
    DataPoint,
    Goal,
    Initiative,
    Measure,
    Milestone,
    Programme,
    Target,
    implausible_problem,
)
from tracker.store import engine, specs
from tracker.store.db import Cursor, Database, utc_now


@dataclass(frozen=True)
class WriteSummary:
    """What a write did: rows added, rows whose value changed (old kept), rows left alone."""

    added: int
    changed: int
    unchanged: int
    batch_id: int | None = None


def _json(values: dict[str, Any] | None) -> str | None:
    if values is None:
        return None
    return json.dumps(values, default=_json_default, ensure_ascii=False, sort_keys=True)


def _json_default(value: object) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def audit(
    cur: Cursor,
    at: datetime,
    who: str,
    action: str,
    entity: str,
    entity_id: int,
    code: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    """Append one audit row (create / update / delete) with the row before and after as JSON."""
    cur.execute(
        "INSERT INTO audit (happened_at, who, action, entity, entity_id, code, before, after) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [at, who, action, entity, entity_id, code, _json(before), _json(after)],
    )


_DAY_COLUMN = {"check_in": "period", "target": "effective_from", "annotation": "date"}
"""Versioned tables whose audit code names only the owner; the record's date key is this column."""

_OWNERS = {
    "programme_id": "programme",
    "initiative_id": "initiative",
    "measure_id": "measure",
}
"""Key columns a change is reported by: the code of the row they refer to reads better than an id."""

Edited = Programme | Initiative | Measure | Goal | Target | Milestone | CheckIn | Annotation
"""What a form edits whole; data points come as a frame."""


@dataclass(frozen=True)
class _Record:
    """One record a form shows, named as its audit rows name it."""

    entity: str
    code: str
    day: date | None = None

    def audited_as(self) -> tuple[tuple[str, ...], str]:
        """Return the audit entities and the audit code of this record's writes."""
        if self.entity == "data_point" and self.day is not None:
            return (self.entity,), f"{self.code} {self.day.isoformat()}"
        if self.entity == "milestone_version":
            # Deleting a milestone made by mistake is audited on its identity row.
            return (self.entity, "milestone"), self.code
        return (self.entity,), self.code


def _records(items: Sequence[Edited], points: pd.DataFrame | None) -> list[_Record]:
    found = []
    if points is not None and len(points):
        for measure, period in zip(points["measure"], points["period"], strict=True):
            found.append(_Record("data_point", str(measure), pd.Timestamp(period).date()))
    for item in items:
        if isinstance(item, CheckIn):
            found.append(_Record("check_in", item.initiative, item.period))
        elif isinstance(item, Target):
            found.append(_Record("target", item.measure, item.effective_from))
        elif isinstance(item, Milestone):
            found.append(_Record("milestone_version", item.code))
        elif isinstance(item, Annotation):
            found.append(_Record("annotation", item.measure, item.date))
        else:
            found.append(_Record(specs.OF_MODEL[type(item)].table, item.code))
    return found


def _written_since(cur: Cursor, read_at: int, record: _Record) -> list[tuple[Any, ...]]:
    """Return the audit rows (id, who, at, before, after) of writes to `record` after `read_at`."""
    entities, code = record.audited_as()
    sql = (
        "SELECT id, who, happened_at, CAST(before AS VARCHAR), CAST(after AS VARCHAR) FROM audit "
        f"WHERE id > ? AND entity IN ({', '.join('?' for _ in entities)}) AND code = ?"
    )
    params: list[Any] = [read_at, *entities, code]
    if record.entity in _DAY_COLUMN:
        sql += (
            f" AND entity_id IN (SELECT id FROM {record.entity} "
            f"WHERE {_DAY_COLUMN[record.entity]} = ?)"
        )
        params.append(record.day)
    return cur.execute(sql + " ORDER BY id", params).fetchall()


def _readable(cur: Cursor, change: Change) -> Change:
    """Return the change with a key column as the code it names and a date as a date."""
    if change.field in _OWNERS:
        table = _OWNERS[change.field]
        row = cur.execute(f"SELECT code FROM {table} WHERE id = ?", [change.value]).fetchall()
        return replace(change, field=table, value=row[0][0] if row else change.value)
    kind = cur.execute(
        "SELECT data_type FROM information_schema.columns WHERE table_name = ? AND column_name = ?",
        [change.entity, change.field],
    ).fetchall()
    if kind and kind[0][0] == "DATE" and isinstance(change.value, str):
        return replace(change, value=date.fromisoformat(change.value))
    return change


def _changes(cur: Cursor, record: _Record, rows: list[tuple[Any, ...]]) -> list[Change]:
    """Return each field the audit rows changed, with its latest value, who and when."""
    found: dict[str, Change] = {}
    for _, who, at, before, after in rows:
        if after is None:
            found = {"": Change(record.entity, record.code, record.day, "", None, who, at)}
            continue
        found.pop("", None)
        old = json.loads(before) if before is not None else {}
        for name, value in json.loads(after).items():
            if name != "code" and (before is None or old.get(name) != value):
                found[name] = Change(record.entity, record.code, record.day, name, value, who, at)
    return [_readable(cur, c) for c in found.values()]


def refuse_if_changed(
    cur: Cursor,
    read_at: int | None,
    items: Sequence[Edited] = (),
    points: pd.DataFrame | None = None,
) -> None:
    """Raise EditConflict, writing nothing, if anyone saved one of these records after `read_at`;
    first hold their locks (Cursor.hold).

    `read_at` is the write counter (queries.write_counter) when the form read what it shows;
    each record is checked on its own, so saves to other records never block. None skips the
    check: an import or a script was not based on anything it showed.
    """
    if len(items) + (0 if points is None else len(points)) > engine.NAMED_ROWS:
        cur.hold(None)  # as the engine holds for a write this large: the whole database
        if read_at is None:
            return
    records = _records(items, points)
    # All at once, in one order, and held until the write commits: no one saves these records
    # between this check and the write, and two saves of the same records never each hold one
    # the other waits for.
    cur.hold([f"{r.entity}:{r.code}" for r in records])
    if read_at is None or not records:
        return
    # One query finds the few records written since (usually none); only those are read whole.
    # The codes as constants: PostgreSQL is then sent the whole filter, and DuckDB plans no join
    # (1.4–1.7 ms → 1.2 ms of a check-in save).
    codes = sorted({r.audited_as()[1] for r in records})
    touched = set(
        cur.execute(
            f"SELECT DISTINCT entity, code FROM audit WHERE id > ? AND {engine.among('code', codes)}",
            [read_at],
        ).fetchall()
    )
    changes: list[Change] = []
    latest = read_at
    for record in records:
        entities, code = record.audited_as()
        if not any((entity, code) in touched for entity in entities):
            continue
        rows = _written_since(cur, read_at, record)
        if rows:
            latest = max(latest, int(rows[-1][0]))
            changes += _changes(cur, record, rows)
    if latest > read_at:
        raise EditConflict(changes, latest)


def _summary(written: engine.Written) -> WriteSummary:
    return WriteSummary(written.added, written.changed, written.unchanged, written.batch_id)


def _save(
    db: Database,
    spec: engine.Spec,
    items: Sequence[Edited],
    author: str,
    read_at: int | None = None,
) -> WriteSummary:
    """Write models of one kind through the engine in one transaction; with `read_at`, refused
    by refuse_if_changed if anyone saved one of them since."""
    with db.transaction(scoped=True) as cur:
        refuse_if_changed(cur, read_at, items)
        # Once the records' locks are held: a version is never recorded before the one it
        # replaces, however long the save waited for another.
        at = utc_now()
        if not items:
            return WriteSummary(0, 0, 0)
        if spec in _CHECKS:
            _CHECKS[spec](cur, items)
        return _summary(engine.write(cur, spec, engine.frame(items), at, author))


MeasureRanges = dict[str, tuple[str, float | None, float | None]]
"""Measure code → its unit and own min and max (None when unset)."""


def measure_ranges(cur: Cursor, codes: Sequence[str]) -> MeasureRanges:
    """Return the unit and own bounds of the measures named (unknown codes are left out)."""
    found = cur.execute(
        "SELECT code, unit, min_value, max_value FROM measure WHERE code IN (SELECT unnest(?))",
        [sorted(set(codes))],
    ).fetchall()
    return {code: (unit, low, high) for code, unit, low, high in found}


def check_plausible(
    ranges: MeasureRanges, what: str, measure: str, values: Sequence[float]
) -> None:
    """Refuse (Conflict) a value outside the measure's plausible range; `what` names the item.

    An unknown measure is left to the write, which reports it.
    """
    if measure not in ranges:
        return
    unit, low, high = ranges[measure]
    for value in values:
        problem = implausible_problem(value, unit, low, high, measure)
        if problem:
            raise Conflict(f"{what}: {problem}.")


def goal_values(g: Goal) -> list[float]:
    """Return every value a goal names: baseline, target and trajectory points."""
    return [g.baseline_value, g.target_value, *(p.value for p in g.trajectory)]


def check_goal_measures(cur: Cursor, goals: Sequence[Goal]) -> None:
    """Refuse (Conflict) a goal on a measure of another initiative: a goal moves its own."""
    if not goals:
        return
    owners = dict(
        cur.execute(
            "SELECT m.code, i.code FROM measure m JOIN initiative i ON i.id = m.initiative_id "
            "WHERE m.code IN (SELECT unnest(?))",
            [sorted({g.measure for g in goals})],
        ).fetchall()
    )
    for g in goals:
        owner = owners.get(g.measure)
        if owner is not None and owner != g.initiative:
            raise Conflict(
                f"Goal {g.code}: measure {g.measure} belongs to initiative {owner}, not "
                f"{g.initiative}; a goal moves one of its own initiative's measures."
            )


def check_goals(cur: Cursor, goals: Sequence[Goal]) -> None:
    """Refuse (Conflict) a goal on another initiative's measure or with an implausible value."""
    check_goal_measures(cur, goals)
    ranges = measure_ranges(cur, [g.measure for g in goals])
    for g in goals:
        check_plausible(ranges, f"Goal {g.code}", g.measure, goal_values(g))


def check_targets(cur: Cursor, targets: Sequence[Target]) -> None:
    """Refuse (Conflict) a target outside its measure's plausible range."""
    ranges = measure_ranges(cur, [t.measure for t in targets])
    for t in targets:
        check_plausible(ranges, f"Target for {t.measure}", t.measure, [t.value])


_CHECKS: dict[engine.Spec, Callable[[Cursor, Any], None]] = {
    specs.GOALS: check_goals,
    specs.TARGETS: check_targets,
}
"""The checks a kind's rows pass before they are written (rules that need the database)."""

WRITE_ORDER = (
    *specs.ENTITIES, specs.TARGETS, specs.MILESTONES, specs.ANNOTATIONS, specs.CHECK_INS,
    specs.DIAGRAM_NODES, specs.PDSA_CYCLES, *specs.REGISTERS,
)  # fmt: skip
"""Kinds of model in the order a mixed write makes them: each after the kinds it refers to."""

Checks = Mapping[engine.Spec, Callable[[Cursor, Any], None]]
"""Rules a kind's rows pass, inside the transaction, before they are written."""


def write_models(
    cur: Cursor,
    items: Sequence[BaseModel],
    at: datetime,
    author: str,
    checks: Checks | None = None,
) -> list[str]:
    """Write models of several kinds set-based, parents first, inside the caller's transaction;
    return each item's outcome ('added', 'changed' or 'unchanged') in the order given.

    `checks` adds rules of kinds this module does not know (the registers'), each run just
    before its kind is written, so it sees the parents written before it."""
    outcomes = [""] * len(items)
    every = {**_CHECKS, **(checks or {})}
    for spec in WRITE_ORDER:
        places = [n for n, item in enumerate(items) if type(item) is spec.model]
        if not places:
            continue
        of_kind = [items[n] for n in places]
        if spec in every:
            every[spec](cur, of_kind)
        done = engine.write(cur, spec, engine.frame(of_kind), at, author, outcomes=True)
        for n, outcome in zip(places, done.outcomes, strict=True):
            outcomes[n] = outcome
    return outcomes


def _tally(outcomes: list[str]) -> WriteSummary:
    return WriteSummary(
        outcomes.count("added"), outcomes.count("changed"), outcomes.count("unchanged")
    )


def save_entities(
    db: Database,
    items: Sequence[Programme | Initiative | Measure | Goal],
    author: str,
    read_at: int | None = None,
) -> WriteSummary:
    """Create or update programmes, initiatives, measures and goals by code, in one transaction.

    Kinds are written parents first (programmes, initiatives, measures, goals), so a child may
    come before its parent in `items`; an item given twice is written twice, in order. With
    `read_at` (what a form read), refused by refuse_if_changed if anyone saved one since.
    """
    at = utc_now()
    with db.transaction() as cur:
        refuse_if_changed(cur, read_at, items)
        return _tally(write_models(cur, items, at, author))


def add_annotations(
    db: Database, annotations: list[Annotation], author: str, read_at: int | None = None
) -> WriteSummary:
    """Save annotations keyed by measure, date and kind: a new key adds one, a new label or
    reason for a key changes it (the audit keeps the old), an identical one is left alone.

    With `read_at`, refused (EditConflict) if anyone saved an annotation of that day since.
    """
    return _save(db, specs.ANNOTATIONS, annotations, author, read_at)


def save_targets(
    db: Database, targets: list[Target], author: str, read_at: int | None = None
) -> WriteSummary:
    """Record target revisions; a changed target keeps its previous version.

    With `read_at` (what a form read), refused by refuse_if_changed if anyone saved one since.
    """
    return _save(db, specs.TARGETS, targets, author, read_at)


def save_milestones(
    db: Database, milestones: list[Milestone], author: str, read_at: int | None = None
) -> WriteSummary:
    """Create milestones or record their new facts; forecast changes keep earlier versions.

    With `read_at` (what a form read), refused by refuse_if_changed if anyone saved one since.
    """
    return _save(db, specs.MILESTONES, milestones, author, read_at)


def save_check_ins(
    db: Database, check_ins: list[CheckIn], author: str, read_at: int | None = None
) -> WriteSummary:
    """Record check-ins; a re-submitted check-in for the same period keeps the earlier version.

    With `read_at` (what a form read), refused by refuse_if_changed if anyone saved one since.
    """
    return _save(db, specs.CHECK_INS, check_ins, author, read_at)


def write_data_points(
    db: Database,
    points: pd.DataFrame,
    author: str,
    source: str = "",
    batch: bool = True,
    read_at: int | None = None,
) -> WriteSummary:
    """Write validated data points set-based in one transaction; return what changed.

    `points` has columns measure (code), period (date), value (float or NaN with a
    missing_reason), missing_reason, note — validated beforehand by the importer. New
    (measure, period) pairs are added, changed values supersede the old version (kept), identical
    ones are left alone. With `batch` an import batch records the write so it can be reverted.
    With `read_at` (what a form read), refused by refuse_if_changed if anyone saved one since.
    """
    incoming = points[list(engine.field_types(DataPoint))].copy()
    incoming["period"] = pd.to_datetime(incoming["period"])
    tag = engine.Batch("datapoints", source) if batch else None
    # A form's few values are scoped; an import's many take the whole database.
    with db.transaction(scoped=len(points) <= engine.NAMED_ROWS) as cur:
        refuse_if_changed(cur, read_at, points=points)
        at = utc_now()  # once the locks are held (see _save)
        return _summary(engine.write(cur, specs.DATA_POINTS, incoming, at, author, tag))


@dataclass(frozen=True)
class UpdateSummary:
    """What one check-in save wrote: measure values, milestones and the check-in itself."""

    values: WriteSummary
    milestones: WriteSummary
    check_in: WriteSummary


def save_update(
    db: Database,
    points: pd.DataFrame,
    milestones: list[Milestone],
    check_in: CheckIn,
    author: str,
    read_at: int | None = None,
) -> UpdateSummary:
    """Write a check-in with its measure values and milestone changes in ONE transaction.

    Any failure rolls back all three, so a check-in is never saved without its figures. With
    `read_at` (the write counter when the form read them), refused by refuse_if_changed,
    naming every record of the three that someone saved since.
    """
    with db.transaction(scoped=True) as cur:
        refuse_if_changed(cur, read_at, [*milestones, check_in], points)
        values = (
            write_data_points(db, points, author, source="check-in", batch=False)
            if len(points)
            else WriteSummary(0, 0, 0)
        )
        changed = save_milestones(db, milestones, author)
        saved = save_check_ins(db, [check_in], author)
    return UpdateSummary(values, changed, saved)
