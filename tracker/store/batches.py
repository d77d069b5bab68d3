"""Import batches: preview against current values, all-or-nothing commit, revert as a new version."""

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from tracker.access_rules import Action
from tracker.errors import Conflict, NotAllowed, NotFound
from tracker.store import engine, people, specs, writes
from tracker.store.db import Database, utc_now
from tracker.store.writes import Cursor, WriteSummary


def preview(db: Database, kind: str, rows: pd.DataFrame) -> pd.DataFrame:
    """Return validated rows classified against current values, in file order; writes nothing.

    Columns: row (file row), code (what the row is about, as in the audit log), action ('add',
    'change' or 'unchanged'), each field's new value and its old value as old_<field>.
    """
    return classified(db, specs.IMPORTED[kind], rows)


def classified(db: Database, spec: engine.Spec, rows: pd.DataFrame) -> pd.DataFrame:
    """Return rows of one spec's kind classified as preview() does; writes nothing."""
    found = engine.classify(db.cursor(), spec, rows)
    found.insert(0, "row", rows.index.to_numpy()[found.pop("_seq").to_numpy()])
    return found.rename(columns=lambda name: name.removeprefix("_"))


def commit(db: Database, kind: str, rows: pd.DataFrame, author: str, source: str) -> WriteSummary:
    """Write validated rows of `kind` all or nothing, tagged with a new import batch; return counts.

    Changed rows supersede the current version (kept); identical rows are left alone; no batch
    is made when nothing changes.
    """
    if kind == "datapoints":
        return writes.write_data_points(db, rows, author, source=source)
    with db.transaction() as cur:
        done = engine.write(
            cur, specs.IMPORTED[kind], rows, utc_now(), author, engine.Batch(kind, source)
        )
    return WriteSummary(done.added, done.changed, done.unchanged, done.batch_id)


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
        # The batches are read once, materialised: DuckDB's recursion over an attached
        # PostgreSQL table stops after its first step.
        "WITH RECURSIVE batches AS MATERIALIZED (SELECT id, kind, reverts FROM import_batch), "
        "chain(id, kind, reverts) AS ("
        "SELECT id, kind, reverts FROM batches WHERE id = ? UNION ALL "
        "SELECT b.id, b.kind, b.reverts FROM batches b JOIN chain c ON b.id = c.reverts) "
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
        if batch.who.lower() != author.lower():
            # Their own batch's rows are checked as the engine writes them; another's is an admin's.
            people.check(cur, author, Action.revert_any)
        spec = specs.IMPORTED[batch.kind]
        done = engine.undo(cur, spec, (batch.id, batch.at, batch.who), at, author)
    # A batch always wrote something, so undoing it writes something and makes a batch.
    assert done.batch_id is not None
    return RevertSummary(done.batch_id, batch_id, done.added + done.changed, done.withdrawn)


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
