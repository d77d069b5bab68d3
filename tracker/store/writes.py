"""Every INSERT/UPDATE: validated models in, one transaction, previous versions and audit rows kept."""

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from tracker.errors import Change, Conflict, EditConflict, NotFound
from tracker.models import (
    Annotation,
    CheckIn,
    Goal,
    Initiative,
    Measure,
    Milestone,
    Programme,
    Target,
    User,
    implausible_problem,
)
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


def _id_for(cur: Cursor, table: str, code: str, what: str) -> int:
    row = cur.execute(f"SELECT id FROM {table} WHERE code = ?", [code]).fetchall()
    if not row:
        raise NotFound(f"No {what} with code {code}; create it first or check the code.")
    return int(row[0][0])


def _row(cur: Cursor, sql: str, params: list[Any]) -> dict[str, Any] | None:
    result = cur.execute(sql, params)
    names = [d[0] for d in result.description]
    rows = result.fetchall()
    return dict(zip(names, rows[0], strict=True)) if rows else None


def _upsert_coded(
    cur: Cursor, table: str, code: str, fields: dict[str, Any], at: datetime, who: str
) -> tuple[int, str]:
    """Create or update a row by its code; audit it. Return (id, 'added'|'changed'|'unchanged')."""
    columns = list(fields)
    before = _row(cur, f"SELECT id, {', '.join(columns)} FROM {table} WHERE code = ?", [code])
    if before is None:
        placeholders = ", ".join("?" for _ in columns)
        new_id = cur.execute(
            f"INSERT INTO {table} (code, {', '.join(columns)}) VALUES (?, {placeholders}) "
            "RETURNING id",
            [code, *fields.values()],
        ).fetchall()[0][0]
        audit(cur, at, who, "create", table, new_id, code, None, {"code": code, **fields})
        return int(new_id), "added"
    row_id = int(before.pop("id"))
    if before == fields:
        return row_id, "unchanged"
    # Set only the changed columns: DuckDB rewrites a row when a key column is set (even to its
    # own value) and refuses that while other tables refer to the row.
    changed = {c: v for c, v in fields.items() if before[c] != v}
    assignments = ", ".join(f"{c} = ?" for c in changed)
    try:
        cur.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", [*changed.values(), row_id])
    except duckdb.ConstraintException:
        moved = ", ".join(c.removesuffix("_id") for c in changed if c.endswith("_id"))
        if not moved:
            raise
        raise Conflict(
            f"{table.capitalize()} {code} cannot change its {moved} while other records refer "
            f"to it; create a new {table} with a new code instead."
        ) from None
    audit(cur, at, who, "update", table, row_id, code, before, fields)
    return row_id, "changed"


def _write_version(
    cur: Cursor,
    table: str,
    key: dict[str, Any],
    fields: dict[str, Any],
    at: datetime,
    who: str,
    code: str,
    batch_id: int | None = None,
) -> str:
    """Add a new current version of a versioned row unless it is unchanged; keep the old one."""
    where = " AND ".join(f"{c} = ?" for c in key)
    columns = list(fields)
    before = _row(
        cur,
        f"SELECT id, {', '.join(columns)} FROM {table} WHERE {where} AND is_current",
        list(key.values()),
    )
    if before is not None:
        old_id = before.pop("id")
        if before == fields:
            return "unchanged"
        cur.execute(
            f"UPDATE {table} SET superseded_at = ?, superseded_by = ?, is_current = NULL "
            "WHERE id = ?",
            [at, who, old_id],
        )
    all_columns = [*key, *columns, "batch_id", "recorded_at", "recorded_by", "is_current"]
    if table == "check_in":
        all_columns.remove("batch_id")
        values = [*key.values(), *fields.values(), at, who, True]
    else:
        values = [*key.values(), *fields.values(), batch_id, at, who, True]
    new_id = cur.execute(
        f"INSERT INTO {table} ({', '.join(all_columns)}) "
        f"VALUES ({', '.join('?' for _ in all_columns)}) RETURNING id",
        values,
    ).fetchall()[0][0]
    action = "create" if before is None else "update"
    audit(cur, at, who, action, table, new_id, code, before, fields)
    return "added" if before is None else "changed"


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
            found.append(_Record(_CODED[type(item)][0], item.code))
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
    """Raise EditConflict, writing nothing, if anyone saved one of these records after `read_at`.

    `read_at` is the write counter (queries.write_counter) when the form read what it shows;
    each record is checked on its own, so saves to other records never block. None skips the
    check: an import or a script was not based on anything it showed.
    """
    if read_at is None:
        return
    changes: list[Change] = []
    latest = read_at
    for record in _records(items, points):
        rows = _written_since(cur, read_at, record)
        if rows:
            latest = max(latest, int(rows[-1][0]))
            changes += _changes(cur, record, rows)
    if latest > read_at:
        raise EditConflict(changes, latest)


def _tally(outcomes: list[str], batch_id: int | None = None) -> WriteSummary:
    return WriteSummary(
        added=outcomes.count("added"),
        changed=outcomes.count("changed"),
        unchanged=outcomes.count("unchanged"),
        batch_id=batch_id,
    )


def save_users(db: Database, users: list[User], author: str) -> WriteSummary:
    """Create or update users by name, in one transaction."""
    at = utc_now()
    outcomes = []
    with db.transaction() as cur:
        for u in users:
            before = _row(cur, "SELECT id, email, role FROM app_user WHERE name = ?", [u.name])
            fields = {"email": u.email, "role": str(u.role)}
            if before is None:
                new_id = cur.execute(
                    "INSERT INTO app_user (name, email, role) VALUES (?, ?, ?) RETURNING id",
                    [u.name, u.email, str(u.role)],
                ).fetchall()[0][0]
                audit(cur, at, author, "create", "app_user", new_id, u.name, None, fields)
                outcomes.append("added")
                continue
            user_id = before.pop("id")
            if before == fields:
                outcomes.append("unchanged")
                continue
            cur.execute(
                "UPDATE app_user SET email = ?, role = ? WHERE id = ?",
                [u.email, str(u.role), user_id],
            )
            audit(cur, at, author, "update", "app_user", user_id, u.name, before, fields)
            outcomes.append("changed")
    return _tally(outcomes)


def _programme_fields(cur: Cursor, p: Programme) -> dict[str, Any]:
    return {"name": p.name, "description": p.description, "sro": p.sro}


def _initiative_fields(cur: Cursor, i: Initiative) -> dict[str, Any]:
    return {
        "programme_id": _id_for(cur, "programme", i.programme, "programme"),
        "name": i.name,
        "aim": i.aim,
        "lead": i.lead,
        "sponsor": i.sponsor,
        "theme": i.theme,
        "organisation": i.organisation,
        "start_date": i.start_date,
        "planned_end": i.planned_end,
        "status": str(i.status),
        "checkin_frequency": str(i.checkin_frequency),
    }


def _measure_fields(cur: Cursor, m: Measure) -> dict[str, Any]:
    return {
        "initiative_id": _id_for(cur, "initiative", m.initiative, "initiative"),
        "name": m.name,
        "definition": m.definition,
        "type": str(m.type),
        "unit": str(m.unit),
        "direction": str(m.direction),
        "frequency": str(m.frequency),
        "decimals": m.decimals,
        "data_source": m.data_source,
        "owner": m.owner,
        "update_lag_days": m.update_lag_days,
        "min_value": m.min_value,
        "max_value": m.max_value,
    }


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


def _goal_fields(cur: Cursor, g: Goal) -> dict[str, Any]:
    check_goal_measures(cur, [g])
    check_plausible(measure_ranges(cur, [g.measure]), f"Goal {g.code}", g.measure, goal_values(g))
    trajectory = [{"period": p.period.isoformat(), "value": p.value} for p in g.trajectory]
    return {
        "initiative_id": _id_for(cur, "initiative", g.initiative, "initiative"),
        "statement": g.statement,
        "measure_id": _id_for(cur, "measure", g.measure, "measure"),
        "baseline_value": g.baseline_value,
        "baseline_period": g.baseline_period,
        "target_value": g.target_value,
        "target_date": g.target_date,
        "trajectory": json.dumps(trajectory),
    }


_CODED: dict[type, tuple[str, Callable[[Cursor, Any], dict[str, Any]]]] = {
    Programme: ("programme", _programme_fields),
    Initiative: ("initiative", _initiative_fields),
    Measure: ("measure", _measure_fields),
    Goal: ("goal", _goal_fields),
}


def save_entities(
    db: Database,
    items: list[Programme | Initiative | Measure | Goal],
    author: str,
    read_at: int | None = None,
) -> WriteSummary:
    """Create or update programmes, initiatives, measures and goals by code, in one transaction.

    Items are written in the order given, so parents must come before their children. With
    `read_at` (what a form read), refused by refuse_if_changed if anyone saved one since.
    """
    at = utc_now()
    outcomes = []
    with db.transaction() as cur:
        refuse_if_changed(cur, read_at, items)
        for item in items:
            table, fields_of = _CODED[type(item)]
            outcomes.append(
                _upsert_coded(cur, table, item.code, fields_of(cur, item), at, author)[1]
            )
    return _tally(outcomes)


def add_annotations(
    db: Database, annotations: list[Annotation], author: str, read_at: int | None = None
) -> WriteSummary:
    """Save annotations keyed by measure, date and kind: a new key adds one, a new label or
    reason for a key changes it (the audit keeps the old), an identical one is left alone.

    With `read_at`, refused (EditConflict) if anyone saved an annotation of that day since.
    """
    at = utc_now()
    outcomes = []
    with db.transaction() as cur:
        refuse_if_changed(cur, read_at, annotations)
        for a in annotations:
            measure_id = _id_for(cur, "measure", a.measure, "measure")
            fields = {"date": a.date, "kind": str(a.kind), "label": a.label, "reason": a.reason}
            # The newest of a key: a database from before keying may hold several.
            before = _row(
                cur,
                "SELECT id, date, kind, label, reason FROM annotation "
                "WHERE measure_id = ? AND date = ? AND kind = ? ORDER BY id DESC LIMIT 1",
                [measure_id, a.date, str(a.kind)],
            )
            if before is None:
                new_id = cur.execute(
                    "INSERT INTO annotation (measure_id, date, kind, label, reason) "
                    "VALUES (?, ?, ?, ?, ?) RETURNING id",
                    [measure_id, *fields.values()],
                ).fetchall()[0][0]
                audit(cur, at, author, "create", "annotation", new_id, a.measure, None, fields)
                outcomes.append("added")
                continue
            row_id = before.pop("id")
            if before == fields:
                outcomes.append("unchanged")
                continue
            cur.execute(
                "UPDATE annotation SET label = ?, reason = ? WHERE id = ?",
                [a.label, a.reason, row_id],
            )
            audit(cur, at, author, "update", "annotation", row_id, a.measure, before, fields)
            outcomes.append("changed")
    return _tally(outcomes)


def save_targets(
    db: Database, targets: list[Target], author: str, read_at: int | None = None
) -> WriteSummary:
    """Record target revisions; a changed target keeps its previous version.

    With `read_at` (what a form read), refused by refuse_if_changed if anyone saved one since.
    """
    at = utc_now()
    outcomes = []
    with db.transaction() as cur:
        refuse_if_changed(cur, read_at, targets)
        for t in targets:
            ranges = measure_ranges(cur, [t.measure])
            check_plausible(ranges, f"Target for {t.measure}", t.measure, [t.value])
            key = {
                "measure_id": _id_for(cur, "measure", t.measure, "measure"),
                "effective_from": t.effective_from,
            }
            fields = {
                "value": t.value,
                "effective_to": t.effective_to,
                "reason": t.reason,
                "set_by": t.set_by,
            }
            outcomes.append(_write_version(cur, "target", key, fields, at, author, t.measure))
    return _tally(outcomes)


def save_milestones(
    db: Database, milestones: list[Milestone], author: str, read_at: int | None = None
) -> WriteSummary:
    """Create milestones or record their new facts; forecast changes keep earlier versions.

    With `read_at` (what a form read), refused by refuse_if_changed if anyone saved one since.
    """
    at = utc_now()
    outcomes = []
    with db.transaction() as cur:
        refuse_if_changed(cur, read_at, milestones)
        for m in milestones:
            initiative_id = _id_for(cur, "initiative", m.initiative, "initiative")
            row = cur.execute(
                "SELECT id, initiative_id FROM milestone WHERE code = ?", [m.code]
            ).fetchall()
            if row and row[0][1] != initiative_id:
                raise Conflict(
                    f"Milestone {m.code} belongs to another initiative; milestone codes are "
                    "unique across the programme."
                )
            if row:
                milestone_id = row[0][0]
            else:
                milestone_id = cur.execute(
                    "INSERT INTO milestone (code, initiative_id) VALUES (?, ?) RETURNING id",
                    [m.code, initiative_id],
                ).fetchall()[0][0]
            fields = {
                "title": m.title,
                "owner": m.owner,
                "baseline_date": m.baseline_date,
                "forecast_date": m.forecast_date,
                "completed_date": m.completed_date,
                "status": str(m.status),
                "change_reason": m.change_reason,
            }
            key = {"milestone_id": milestone_id}
            outcomes.append(
                _write_version(cur, "milestone_version", key, fields, at, author, m.code)
            )
    return _tally(outcomes)


def save_check_ins(
    db: Database, check_ins: list[CheckIn], author: str, read_at: int | None = None
) -> WriteSummary:
    """Record check-ins; a re-submitted check-in for the same period keeps the earlier version.

    With `read_at` (what a form read), refused by refuse_if_changed if anyone saved one since.
    """
    at = utc_now()
    outcomes = []
    with db.transaction() as cur:
        refuse_if_changed(cur, read_at, check_ins)
        for c in check_ins:
            key = {
                "initiative_id": _id_for(cur, "initiative", c.initiative, "initiative"),
                "period": c.period,
            }
            fields = {
                "rag": str(c.rag),
                "confidence": c.confidence,
                "progress": c.progress,
                "risks": c.risks,
                "next_steps": c.next_steps,
                "asks": c.asks,
                "author": c.author,
            }
            outcomes.append(_write_version(cur, "check_in", key, fields, at, author, c.initiative))
    return _tally(outcomes)


# Each row to write takes its new id here, so its audit row needs no join back to data_point
# (a million-row join in a large import).
_STAGE_DATA_POINTS = """
CREATE OR REPLACE TEMP TABLE staged AS
SELECT *, CASE WHEN old_id IS NULL OR changed THEN nextval('id_seq') END AS new_id
FROM (
    SELECT m.id AS measure_id, i.measure AS code, i.period, i.value, i.missing_reason, i.note,
           d.id AS old_id, d.value AS old_value, d.missing_reason AS old_missing_reason,
           d.note AS old_note,
           d.id IS NOT NULL AND (d.value IS DISTINCT FROM i.value
                OR d.missing_reason <> i.missing_reason OR d.note <> i.note) AS changed
    FROM (SELECT measure, CAST(period AS DATE) AS period, value, missing_reason, note
          FROM incoming) AS i
    JOIN measure AS m ON m.code = i.measure
    LEFT JOIN data_point AS d
           ON d.measure_id = m.id AND d.period = i.period AND d.is_current
)
"""

_AUDIT_DATA_POINTS = """
INSERT INTO audit (happened_at, who, action, entity, entity_id, code, before, after)
SELECT $at, $who, CASE WHEN s.old_id IS NULL THEN 'create' ELSE 'update' END, 'data_point',
       s.new_id, s.code || ' ' || strftime(s.period, '%Y-%m-%d'),
       CASE WHEN s.old_id IS NULL THEN NULL ELSE json_object('value', s.old_value,
            'missing_reason', s.old_missing_reason, 'note', s.old_note) END,
       json_object('value', s.value, 'missing_reason', s.missing_reason, 'note', s.note)
FROM staged AS s
WHERE s.new_id IS NOT NULL
"""


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
    at = utc_now()
    incoming = points[["measure", "period", "value", "missing_reason", "note"]].copy()
    incoming["period"] = pd.to_datetime(incoming["period"])
    # Through Arrow: DuckDB scans it without a Python object per cell (seconds at 1M rows).
    incoming = pa.Table.from_pandas(incoming, preserve_index=False)
    with db.transaction() as cur:
        refuse_if_changed(cur, read_at, points=points)
        cur.register("incoming", incoming)
        try:
            cur.execute(_STAGE_DATA_POINTS)
        finally:
            cur.unregister("incoming")
        unknown = incoming.num_rows - cur.execute("SELECT count(*) FROM staged").fetchall()[0][0]
        if unknown:
            raise NotFound(f"{unknown} data point(s) name a measure code that does not exist.")
        added, changed = cur.execute(
            "SELECT count(*) FILTER (old_id IS NULL), count(*) FILTER (changed) FROM staged"
        ).fetchall()[0]
        batch_id = None
        if batch and (added or changed):
            batch_id = cur.execute(
                "INSERT INTO import_batch (kind, source, created_at, created_by, added, changed) "
                "VALUES ('datapoints', ?, ?, ?, ?, ?) RETURNING id",
                [source, at, author, added, changed],
            ).fetchall()[0][0]
        cur.execute(
            "UPDATE data_point SET superseded_at = ?, superseded_by = ?, is_current = NULL "
            "WHERE id IN (SELECT old_id FROM staged WHERE changed)",
            [at, author],
        )
        cur.execute(
            "INSERT INTO data_point (id, measure_id, period, value, missing_reason, note, "
            "batch_id, recorded_at, recorded_by, is_current) "
            "SELECT new_id, measure_id, period, value, missing_reason, note, ?, ?, ?, TRUE "
            "FROM staged WHERE new_id IS NOT NULL",
            [batch_id, at, author],
        )
        cur.execute(_AUDIT_DATA_POINTS, {"at": at, "who": author})
        cur.execute("DROP TABLE staged")
    return WriteSummary(
        added=int(added),
        changed=int(changed),
        unchanged=incoming.num_rows - int(added) - int(changed),
        batch_id=batch_id,
    )


_PERIOD_LENGTH = (
    "CASE {frequency} WHEN 'weekly' THEN INTERVAL 7 DAY WHEN 'monthly' THEN INTERVAL 1 MONTH "
    "ELSE INTERVAL 3 MONTH END"
)


def date_as_entered(db: Database, checkin_lag_days: int) -> None:
    """Date current data points, check-ins and targets as if each was entered when it was due.

    For the demo only, on a database just loaded: a board page "as at" a past day then shows
    what the sample would have held that day. A data point is dated its measure's update lag
    after its period ends, a check-in `checkin_lag_days` after its period ends, and a target
    the day it takes effect; none later than when it was really recorded. Milestones keep the
    load time: the sample holds one version of each, and an earlier date would show a
    completion before it happened. The audit log keeps the real time of the load.
    """
    with db.transaction() as cur:
        cur.execute(
            "UPDATE data_point AS d SET recorded_at = least(d.recorded_at, "
            "CAST(d.period AS TIMESTAMP) + "
            + _PERIOD_LENGTH.format(frequency="m.frequency")
            + " + to_days(m.update_lag_days)) "
            "FROM measure AS m WHERE m.id = d.measure_id AND d.is_current"
        )
        cur.execute(
            "UPDATE check_in AS c SET recorded_at = least(c.recorded_at, "
            "CAST(c.period AS TIMESTAMP) + "
            + _PERIOD_LENGTH.format(frequency="i.checkin_frequency")
            + " + to_days(?)) FROM initiative AS i WHERE i.id = c.initiative_id AND c.is_current",
            [checkin_lag_days],
        )
        cur.execute(
            "UPDATE target SET recorded_at = least(recorded_at, CAST(effective_from AS TIMESTAMP)) "
            "WHERE is_current"
        )
