"""`tracker audit`: the audit trail for an initiative or a person, newest first (as the Audit page)."""

from collections.abc import Iterable
from datetime import date
from typing import Annotated, Any

import typer

from tracker import audit_trail, formatting
from tracker.cli.app import DbOption, app, db_path, echo, user_errors
from tracker.errors import TrackerError
from tracker.store import Database


def _day(text: str | None, option: str) -> date | None:
    """Return an option's day, or None when not given; refuse anything but YYYY-MM-DD."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise TrackerError(f"{option} {text!r} is not a day; write it as YYYY-MM-DD.") from None


@app.command("audit")
def audit_command(
    db: DbOption = None,
    initiative: Annotated[
        str | None,
        typer.Option(
            "--initiative", help="Only this initiative and its measures, goals, milestones."
        ),
    ] = None,
    person: Annotated[
        str | None, typer.Option("--person", help="Only what this person changed (exact name).")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="From this day (YYYY-MM-DD).")
    ] = None,
    until: Annotated[str | None, typer.Option("--until", help="To this day (YYYY-MM-DD).")] = None,
    limit: Annotated[
        int, typer.Option("--limit", min=1, help="Newest rows shown.")
    ] = audit_trail.SHOWN,
) -> None:
    """List who changed what and when, with each value before and after, newest first.

    Example: tracker audit --initiative UEC-01 --since 2026-11-01 --db data/tracker.duckdb
    """
    with user_errors(), Database(db_path(db), read_only=True) as database:
        trail = audit_trail.audit_trail(
            database,
            who=person.strip() if person else None,
            initiative=initiative.strip().upper() if initiative else None,
            since=_day(since, "--since"),
            until=_day(until, "--until"),
            limit=limit,
        )
    rows = trail.rows
    more = " (older rows match too: narrow the filters to see them)" if trail.more else ""
    echo(f"{len(rows)} audit row(s), newest first{more}.")
    # pandas-stubs type a row's fields as any cell; these are the trail's TRAIL_COLUMNS.
    trail_rows: Iterable[Any] = rows.itertuples()
    for row in trail_rows:
        when = f"{formatting.uk_date(row.at)} {row.at:%H:%M} UTC"
        action = audit_trail.ACTIONS.get(str(row.action), str(row.action))
        echo(f"  {when} · {row.who} · {action} · {row.record} · {row.change}")
