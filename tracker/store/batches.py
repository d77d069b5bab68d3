"""Import batches: preview against current values, all-or-nothing commit, revert as a new version.

Also the check-in page's save, which writes values, milestones and the check-in together.
"""

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from tracker.errors import Conflict, NotAllowed, NotFound
from tracker.models import CheckIn, Milestone
from tracker.store import writes
from tracker.store.db import Database, utc_now
from tracker.store.writes import Cursor, WriteSummary

CONFLICTS_SHOWN = 10
"""How many conflicting rows a refused revert names; the count covers the rest."""


@dataclass(frozen=True)
class _Spec:
    """How one kind of import maps onto its versioned table (identifiers only, never values)."""

    kind: str
    table: str
    keys: tuple[tuple[str, str], ...]
    """(column, SQL giving it from the incoming row) per key column."""
    fields: tuple[tuple[str, str], ...]
    """(column, SQL type) per versioned field."""
    source: str
    """FROM clause joining `incoming i` to what resolves its keys."""
    code: str
    """SQL giving the audit code of an incoming row."""
    owner_join: str
    """JOIN from a stored row `b` to what names it, for the audit code of a revert."""
    owner_code: str
    """SQL giving the audit code of a stored row `b`."""


_DATA = _Spec(
    kind="datapoints",
    table="data_point",
    keys=(("measure_id", "m.id"), ("period", "CAST(i.period AS DATE)")),
    fields=(("value", "DOUBLE"), ("missing_reason", "VARCHAR"), ("note", "VARCHAR")),
    source="incoming AS i LEFT JOIN measure AS m ON m.code = i.measure",
    code="i.measure || ' ' || strftime(CAST(i.period AS DATE), '%Y-%m-%d')",
    owner_join="JOIN measure AS o ON o.id = b.measure_id",
    owner_code="o.code || ' ' || strftime(b.period, '%Y-%m-%d')",
)
_TARGETS = _Spec(
    kind="targets",
    table="target",
    keys=(("measure_id", "m.id"), ("effective_from", "CAST(i.effective_from AS DATE)")),
    fields=(
        ("value", "DOUBLE"),
        ("effective_to", "DATE"),
        ("reason", "VARCHAR"),
        ("set_by", "VARCHAR"),
    ),
    source="incoming AS i LEFT JOIN measure AS m ON m.code = i.measure",
    code="i.measure",
    owner_join="JOIN measure AS o ON o.id = b.measure_id",
    owner_code="o.code",
)
_MILESTONES = _Spec(
    kind="milestones",
    table="milestone_version",
    keys=(("milestone_id", "ms.id"),),
    fields=(
        ("title", "VARCHAR"),
        ("owner", "VARCHAR"),
        ("baseline_date", "DATE"),
        ("forecast_date", "DATE"),
        ("completed_date", "DATE"),
        ("status", "VARCHAR"),
        ("change_reason", "VARCHAR"),
    ),
    source="incoming AS i LEFT JOIN milestone AS ms ON ms.code = i.code",
    code="i.code",
    owner_join="JOIN milestone AS o ON o.id = b.milestone_id",
    owner_code="o.code",
)
SPECS = {s.kind: s for s in (_DATA, _TARGETS, _MILESTONES)}


def _names(spec: _Spec) -> list[str]:
    return [f for f, _ in spec.fields]


def _json(spec: _Spec, alias: str) -> str:
    return "json_object(" + ", ".join(f"'{f}', {alias}.{f}" for f in _names(spec)) + ")"


def _classify_sql(spec: _Spec) -> str:
    """Return a SELECT giving each row of `incoming` with its keys, old values and a status."""
    keys = ", ".join(f"{sql} AS {name}" for name, sql in spec.keys)
    fields = ", ".join(f"CAST(i.{f} AS {t}) AS {f}" for f, t in spec.fields)
    old = ", ".join(f"c.{f} AS old_{f}" for f in _names(spec))
    on = " AND ".join(f"c.{name} = {sql}" for name, sql in spec.keys)
    differs = " OR ".join(f"c.{f} IS DISTINCT FROM CAST(i.{f} AS {t})" for f, t in spec.fields)
    return (
        f"SELECT i.row_number, {spec.code} AS code, {keys}, {fields}, c.id AS old_id, {old}, "
        f"CASE WHEN c.id IS NULL THEN 'add' WHEN {differs} THEN 'change' "
        "ELSE 'unchanged' END AS action "
        f"FROM {spec.source} LEFT JOIN {spec.table} AS c ON {on} AND c.is_current"
    )


def _stage(cur: Cursor, spec: _Spec, rows: pd.DataFrame) -> None:
    """Create temp table `staged` from the classified incoming rows."""
    cur.register("incoming", rows.reset_index(names="row_number"))
    try:
        cur.execute(f"CREATE OR REPLACE TEMP TABLE staged AS {_classify_sql(spec)}")
    finally:
        cur.unregister("incoming")


def preview(db: Database, kind: str, rows: pd.DataFrame) -> pd.DataFrame:
    """Return validated rows classified against current values, in file order; writes nothing.

    Columns: row (file row), code (what the row is about, as in the audit log), action ('add',
    'change' or 'unchanged'), each field's new value and its old value as old_<field>.
    """
    spec = SPECS[kind]
    fields = ", ".join(f"{f}, old_{f}" for f in _names(spec))
    cur = db.cursor()
    cur.register("incoming", rows.reset_index(names="row_number"))
    try:
        return cur.execute(
            f"SELECT row_number AS row, code, action, {fields} "
            f"FROM ({_classify_sql(spec)}) ORDER BY row_number"
        ).df()
    finally:
        cur.unregister("incoming")


def _new_batch(
    cur: Cursor,
    kind: str,
    source: str,
    at: datetime,
    who: str,
    added: int,
    changed: int,
    reverts: int | None = None,
) -> int:
    return int(
        cur.execute(
            "INSERT INTO import_batch (kind, source, created_at, created_by, added, changed, "
            "reverts) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [kind, source, at, who, added, changed, reverts],
        ).fetchall()[0][0]
    )


def _apply_staged(cur: Cursor, spec: _Spec, at: datetime, who: str, batch_id: int) -> None:
    """Supersede changed rows, insert new versions and audit both, from the staged table."""
    keys = [name for name, _ in spec.keys]
    columns = ", ".join([*keys, *_names(spec)])
    cur.execute(
        f"UPDATE {spec.table} SET superseded_at = ?, superseded_by = ?, is_current = NULL "
        "WHERE id IN (SELECT old_id FROM staged WHERE action = 'change')",
        [at, who],
    )
    cur.execute(
        f"INSERT INTO {spec.table} ({columns}, batch_id, recorded_at, recorded_by, is_current) "
        f"SELECT {columns}, ?, ?, ?, TRUE FROM staged WHERE action <> 'unchanged'",
        [batch_id, at, who],
    )
    on = " AND ".join(f"n.{k} = s.{k}" for k in keys)
    old = "json_object(" + ", ".join(f"'{f}', s.old_{f}" for f in _names(spec)) + ")"
    cur.execute(
        "INSERT INTO audit (happened_at, who, action, entity, entity_id, code, before, after) "
        f"SELECT ?, ?, CASE WHEN s.action = 'add' THEN 'create' ELSE 'update' END, "
        f"'{spec.table}', n.id, s.code, CASE WHEN s.action = 'add' THEN NULL ELSE {old} END, "
        f"{_json(spec, 's')} FROM staged AS s JOIN {spec.table} AS n ON {on} AND n.is_current "
        "WHERE s.action <> 'unchanged' ORDER BY s.row_number",
        [at, who],
    )


def _ensure_milestones(cur: Cursor, rows: pd.DataFrame) -> None:
    """Create the identity row of each new milestone; refuse a code owned by another initiative."""
    cur.register("incoming", rows[["code", "initiative"]])
    try:
        clash = cur.execute(
            "SELECT i.code, o.code FROM incoming i JOIN milestone ms ON ms.code = i.code "
            "JOIN initiative o ON o.id = ms.initiative_id WHERE o.code <> i.initiative"
        ).fetchall()
        if clash:
            raise Conflict(
                f"Milestone {clash[0][0]} belongs to {clash[0][1]}; milestone codes are unique "
                "across the programme."
            )
        unknown = cur.execute(
            "SELECT i.initiative FROM incoming i LEFT JOIN initiative n ON n.code = i.initiative "
            "WHERE n.id IS NULL"
        ).fetchall()
        if unknown:
            raise NotFound(f"No initiative with code {unknown[0][0]}; create it first.")
        cur.execute(
            "INSERT INTO milestone (code, initiative_id) SELECT i.code, n.id FROM incoming i "
            "JOIN initiative n ON n.code = i.initiative "
            "WHERE i.code NOT IN (SELECT code FROM milestone)"
        )
    finally:
        cur.unregister("incoming")


def commit(db: Database, kind: str, rows: pd.DataFrame, author: str, source: str) -> WriteSummary:
    """Write validated rows of `kind` all or nothing, tagged with a new import batch; return counts.

    Changed rows supersede the current version (kept); identical rows are left alone; no batch
    is made when nothing changes.
    """
    if kind == _DATA.kind:
        return writes.write_data_points(db, rows, author, source=source)
    spec = SPECS[kind]
    at = utc_now()
    with db.transaction() as cur:
        if spec is _MILESTONES:
            _ensure_milestones(cur, rows)
        _stage(cur, spec, rows)
        unknown = cur.execute(
            "SELECT code FROM staged WHERE " + " OR ".join(f"{k} IS NULL" for k, _ in spec.keys)
        ).fetchall()
        if unknown:
            raise NotFound(
                f"{len(unknown)} row(s) name a code that does not exist: {unknown[0][0]}."
            )
        added, changed = cur.execute(
            "SELECT count(*) FILTER (action = 'add'), count(*) FILTER (action = 'change') "
            "FROM staged"
        ).fetchall()[0]
        batch_id = None
        if added or changed:
            batch_id = _new_batch(cur, kind, source, at, author, added, changed)
            _apply_staged(cur, spec, at, author, batch_id)
        cur.execute("DROP TABLE staged")
    return WriteSummary(int(added), int(changed), len(rows) - added - changed, batch_id)


CONFIRM_ABOVE = 100
"""Reverting a batch of more values than this asks for its name to be typed: one slip on a big
batch (the sample programme's 3,091 values) empties whole charts of the board view."""


@dataclass(frozen=True)
class RevertSummary:
    """What a revert did: values put back to their version before the batch, values withdrawn
    (the batch had added them), and the new batch that records the revert."""

    batch_id: int
    reverted: int
    restored: int
    withdrawn: int


@dataclass(frozen=True)
class _Batch:
    """An import batch as a revert needs it."""

    id: int
    kind: str
    """What it wrote: datapoints, targets or milestones (for a revert, what its chain wrote)."""
    name: str
    """Its source (the file it came from; for a revert, "revert of batch N"), typed to confirm."""
    size: int
    """How many values it added or changed."""
    at: datetime
    who: str
    reverted_by: int | None


def _batch(cur: Cursor, batch_id: int) -> _Batch:
    row = cur.execute(
        "WITH RECURSIVE chain(id, kind, reverts) AS ("
        "SELECT id, kind, reverts FROM import_batch WHERE id = ? UNION ALL "
        "SELECT b.id, b.kind, b.reverts FROM import_batch b JOIN chain c ON b.id = c.reverts) "
        "SELECT b.source, b.added + b.changed, b.created_at, b.created_by, "
        "(SELECT max(id) FROM import_batch WHERE reverts = b.id), "
        "(SELECT kind FROM chain WHERE kind <> 'revert') "
        "FROM import_batch b WHERE b.id = ?",
        [batch_id, batch_id],
    ).fetchall()
    if not row:
        raise NotFound(f"No import batch {batch_id}; `tracker import --list` lists them.")
    name, size, at, who, reverted_by, kind = row[0]
    return _Batch(batch_id, str(kind), str(name), int(size), at, str(who), reverted_by)


def _needed(batch: _Batch) -> str | None:
    return batch.name if batch.size > CONFIRM_ABOVE else None


def name_to_confirm(db: Database, batch_id: int) -> str | None:
    """Return the name to type to revert this batch (its source), or None if it is small enough
    to revert without."""
    return _needed(_batch(db.cursor(), batch_id))


def confirmed(needed: str | None, typed: str | None) -> bool:
    """Return True if `typed` confirms a revert needing the name `needed` (None: none needed);
    spaces around what was typed do not count."""
    return needed is None or (typed or "").strip() == needed


def _stage_revert(cur: Cursor, spec: _Spec, batch: _Batch) -> None:
    """Create temp table `reverting`: per value the batch wrote or withdrew, the version it left
    (after: gone if it withdrew the value), the version before it, and the current version.

    A batch's own rows are the versions it wrote; the version each replaced was closed at the
    moment the batch was recorded. A revert also closes versions without writing new ones
    (the values it withdrew): those are the rows it closed with no row of its own beside them.
    """
    keys = [name for name, _ in spec.keys]
    same = " AND ".join(f"{{a}}.{k} = {{b}}.{k}" for k in keys)
    fields = _names(spec)
    current = ", ".join(f"c.{f} AS cur_{f}" for f in fields)
    earlier = ", ".join(f"p.{f} AS prev_{f}" for f in fields)
    kept = " AND ".join(f"c.{f} IS NOT DISTINCT FROM a.{f}" for f in fields)
    cur.execute(
        f"CREATE OR REPLACE TEMP TABLE reverting AS WITH b AS ("
        f"SELECT {', '.join('a.' + k for k in keys)}, a.id AS after_id, p.id AS before_id "
        f"FROM {spec.table} AS a LEFT JOIN {spec.table} AS p ON {same.format(a='p', b='a')} "
        "AND p.id < a.id AND p.superseded_at = a.recorded_at WHERE a.batch_id = $batch "
        f"UNION ALL SELECT {', '.join('w.' + k for k in keys)}, NULL, w.id "
        f"FROM {spec.table} AS w WHERE w.superseded_at = $at AND w.superseded_by = $who "
        f"AND NOT EXISTS (SELECT 1 FROM {spec.table} AS a WHERE a.batch_id = $batch "
        f"AND {same.format(a='a', b='w')})) "
        f"SELECT {', '.join('b.' + k for k in keys)}, {spec.owner_code} AS code, "
        f"c.id AS current_id, {current}, p.id AS prev_id, {earlier}, "
        f"CASE WHEN b.after_id IS NULL THEN c.id IS NULL ELSE c.id IS NOT NULL AND {kept} END "
        "AS unchanged_since "
        f"FROM b {spec.owner_join} "
        f"LEFT JOIN {spec.table} AS a ON a.id = b.after_id "
        f"LEFT JOIN {spec.table} AS p ON p.id = b.before_id "
        f"LEFT JOIN {spec.table} AS c ON {same.format(a='c', b='b')} AND c.is_current",
        {"batch": batch.id, "at": batch.at, "who": batch.who},
    )


def revert(db: Database, batch_id: int, author: str, confirm: str | None = None) -> RevertSummary:
    """Undo an import batch as a new, audited version; return what it did. History is kept.

    Each value the batch changed gets its earlier version back as a new current version; each
    value it added is withdrawn (its version is closed, not deleted). A revert is a batch too,
    so it can be reverted in turn, putting back what it undid. A batch of more than
    CONFIRM_ABOVE values is reverted only with its name (its source) given as `confirm`.
    Refused, writing nothing, if the batch was already reverted, if its name is needed and not
    given, or if any of its values was changed after it (those later changes would be lost).
    """
    at = utc_now()
    with db.transaction() as cur:
        batch = _batch(cur, batch_id)
        if batch.reverted_by is not None:
            raise Conflict(
                f"Batch {batch_id} was already reverted by batch {batch.reverted_by}; "
                f"revert batch {batch.reverted_by} to put its values back."
            )
        if not confirmed(_needed(batch), confirm):
            raise NotAllowed(
                f"Batch {batch_id} holds {batch.size:,} values; to revert it, type its name, "
                f"{batch.name}, to confirm. Nothing was written."
            )
        spec = SPECS[batch.kind]
        _stage_revert(cur, spec, batch)
        moved = cur.execute(
            "SELECT code FROM reverting WHERE NOT unchanged_since ORDER BY code"
        ).fetchall()
        if moved:
            named = ", ".join(str(r[0]) for r in moved[:CONFLICTS_SHOWN])
            more = (
                f" and {len(moved) - CONFLICTS_SHOWN} more" if len(moved) > CONFLICTS_SHOWN else ""
            )
            raise Conflict(
                f"Batch {batch_id} cannot be reverted: {len(moved)} of its values were changed "
                f"after it ({named}{more}). Correct those values directly; nothing was written."
            )
        added, restored, withdrawn = cur.execute(
            "SELECT count(*) FILTER (prev_id IS NOT NULL AND current_id IS NULL), "
            "count(*) FILTER (prev_id IS NOT NULL), count(*) FILTER (prev_id IS NULL) "
            "FROM reverting"
        ).fetchall()[0]
        new_batch = _new_batch(
            cur,
            "revert",
            f"revert of batch {batch_id}",
            at,
            author,
            added,
            restored + withdrawn - added,
            reverts=batch_id,
        )
        _apply_revert(cur, spec, at, author, new_batch)
        cur.execute("DROP TABLE reverting")
    return RevertSummary(new_batch, batch_id, int(restored), int(withdrawn))


def _apply_revert(cur: Cursor, spec: _Spec, at: datetime, who: str, batch_id: int) -> None:
    keys = [name for name, _ in spec.keys]
    fields = _names(spec)
    cur.execute(
        f"UPDATE {spec.table} SET superseded_at = ?, superseded_by = ?, is_current = NULL "
        "WHERE id IN (SELECT current_id FROM reverting)",
        [at, who],
    )
    cur.execute(
        f"INSERT INTO {spec.table} ({', '.join([*keys, *fields])}, batch_id, recorded_at, "
        f"recorded_by, is_current) SELECT {', '.join(keys)}, "
        f"{', '.join('prev_' + f for f in fields)}, ?, ?, ?, TRUE FROM reverting "
        "WHERE prev_id IS NOT NULL",
        [batch_id, at, who],
    )
    before = (
        "CASE WHEN r.current_id IS NULL THEN NULL ELSE json_object("
        + ", ".join(f"'{f}', r.cur_{f}" for f in fields)
        + ") END"
    )
    after = "json_object(" + ", ".join(f"'{f}', r.prev_{f}" for f in fields) + ")"
    on = " AND ".join(f"n.{k} = r.{k}" for k in keys)
    cur.execute(
        "INSERT INTO audit (happened_at, who, action, entity, entity_id, code, before, after) "
        "SELECT ?, ?, CASE WHEN r.current_id IS NULL THEN 'create' ELSE 'update' END, "
        f"'{spec.table}', n.id, r.code, {before}, {after} "
        f"FROM reverting AS r JOIN {spec.table} AS n ON {on} AND n.is_current "
        "WHERE r.prev_id IS NOT NULL ORDER BY r.code",
        [at, who],
    )
    cur.execute(
        "INSERT INTO audit (happened_at, who, action, entity, entity_id, code, before, after) "
        f"SELECT ?, ?, 'delete', '{spec.table}', r.current_id, r.code, {before}, NULL "
        "FROM reverting AS r WHERE r.prev_id IS NULL ORDER BY r.code",
        [at, who],
    )


def import_batches(db: Database) -> pd.DataFrame:
    """Return every import batch, newest first, with the batch that reverted it (if any)."""
    return (
        db.cursor()
        .execute(
            "SELECT b.id, b.kind, b.source, b.created_at, b.created_by, b.added, b.changed, "
            "b.reverts, r.id AS reverted_by FROM import_batch b "
            "LEFT JOIN import_batch r ON r.reverts = b.id ORDER BY b.id DESC"
        )
        .df()
    )


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
    `read_at` (the write counter when the form read them), refused by writes.refuse_if_changed,
    naming every record of the three that someone saved since.
    """
    with db.transaction() as cur:
        writes.refuse_if_changed(cur, read_at, [*milestones, check_in], points)
        values = (
            writes.write_data_points(db, points, author, source="check-in", batch=False)
            if len(points)
            else WriteSummary(0, 0, 0)
        )
        changed = writes.save_milestones(db, milestones, author)
        saved = writes.save_check_ins(db, [check_in], author)
    return UpdateSummary(values, changed, saved)
