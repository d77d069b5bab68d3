"""`tracker due`: who owes which data and check-ins, overdue first (the same list as the app's)."""

from typing import Annotated

import pandas as pd
import typer

from tracker import clock, due, formatting
from tracker.cli.app import DbOption, app, db_path, echo, user_errors
from tracker.store import Database, queries


def owed(database: Database) -> pd.DataFrame:
    """Return what is due or overdue today, from the one due.due_items function."""
    return due.due_items(
        queries.measures(database),
        queries.data_points(database),
        queries.initiatives(database),
        queries.check_ins(database),
        clock.today(),
    )


def _line(item: pd.Series) -> str:
    what = "data" if item["kind"] == due.DueKind.data else "check-in"
    period = formatting.period_label(item["period"], item["frequency"])
    more = f" (+{item['periods_missing'] - 1} more)" if item["periods_missing"] > 1 else ""
    if item["status"] == due.DueStatus.overdue:
        when = (
            f"OVERDUE {item['days_overdue']} days (was due {formatting.uk_date(item['due_date'])})"
        )
    else:
        when = f"due {formatting.uk_date(item['due_date'])}"
    return f"{when}: {what} for {period}{more} · {item['code']} {item['title']} · {item['owner']}"


@app.command("due")
def due_command(
    db: DbOption = None,
    person: Annotated[
        str | None, typer.Option("--person", help="Only what this person owes (exact name).")
    ] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue items.")] = False,
) -> None:
    """List the data and check-ins that are overdue or due in the next two weeks, and who owes them.

    Example: tracker due --person "Marek Nowak" --db data/tracker.duckdb
    """
    with user_errors(), Database(db_path(db), read_only=True) as database:
        items = owed(database)
    if person:
        items = items[items["owner"].str.casefold() == person.strip().casefold()]
    if overdue:
        items = items[items["status"] == due.DueStatus.overdue]
    late = int((items["status"] == due.DueStatus.overdue).sum())
    who = f" for {person}" if person else ""
    echo(
        f"{len(items)} update(s) owed{who} on {formatting.uk_date(clock.today())}, {late} overdue."
    )
    for _, item in items.iterrows():
        echo(f"  {_line(item)}")
