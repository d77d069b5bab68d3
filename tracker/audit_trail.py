"""Read the audit trail for an initiative or a person: filtered and paged by the store, in words."""

import json
from dataclasses import dataclass
from datetime import date, datetime, time

import pandas as pd

from tracker import formatting
from tracker.importers.preview import shown
from tracker.store import Database, queries

SHOWN = 1_000
"""Newest rows read: enough for any review; narrow the filters to see older ones."""

TRAIL_COLUMNS = ["id", "at", "who", "action", "entity", "code", "change"]


@dataclass(frozen=True, eq=False)
class AuditTrail:
    """The newest audit rows that match, newest first, and whether older ones match too.

    `rows` has TRAIL_COLUMNS: id, at (UTC), who, action (create, update or delete), entity (the
    table), code and change (what changed, in words: see readable()).
    """

    rows: pd.DataFrame
    more: bool


def authors(db: Database) -> list[str]:
    """Return everyone who has changed anything, in name order: the choices of a person filter."""
    return queries.audit_authors(db)


def audit_trail(
    db: Database,
    *,
    who: str | None = None,
    initiative: str | None = None,
    entity: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int = SHOWN,
) -> AuditTrail:
    """Return the newest `limit` audit rows matching every filter given (None: any), newest first.

    `initiative` keeps that initiative's rows and those of its measures (values, targets,
    annotations), milestones and goals; `since` and `until` are whole days (UTC), both included.
    The store filters and pages, so a million-row log costs no more to read than a small one.
    """
    log = queries.audit_log(
        db,
        who=who,
        entity=entity,
        initiative=initiative,
        since=None if since is None else datetime.combine(since, time.min),
        until=None if until is None else datetime.combine(until, time.max),
        limit=limit + 1,  # one more than shown tells whether older rows match too
    )
    page = log.head(limit)
    change = [readable(b, a) for b, a in zip(page["before"], page["after"], strict=True)]
    rows = page.assign(change=pd.Series(change, index=page.index, dtype=object))
    return AuditTrail(rows=rows[TRAIL_COLUMNS].reset_index(drop=True), more=len(log) > limit)


def readable(before: object, after: object) -> str:
    """Return a change as 'field old → new; …' (a creation lists its values; a withdrawal its old)."""
    old = json.loads(before) if isinstance(before, str) else {}
    new = json.loads(after) if isinstance(after, str) else {}
    if not old:
        return "; ".join(f"{k} {shown(_value(v))}" for k, v in new.items() if v not in ("", None))
    if not new:
        return "withdrawn: " + "; ".join(
            f"{k} {shown(_value(v))}" for k, v in old.items() if v not in ("", None)
        )
    return "; ".join(
        f"{k} {shown(_value(old.get(k)))} → {shown(_value(v))}"
        for k, v in new.items()
        if old.get(k) != v
    )


def _value(value: object) -> object:
    """Return ISO date text as a date, so it reads as 23 Nov 2026; anything else as it is."""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return formatting.as_date(value)
    return value
