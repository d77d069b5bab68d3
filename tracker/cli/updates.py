"""`tracker due`: who owes which data, check-ins, risk reviews and benefit actuals, overdue first
(the same list as the app's My updates)."""

from typing import Annotated

import pandas as pd
import typer

from tracker import clock, due, formatting, registers_view
from tracker.cli.app import DbOption, app, db_path, echo, user_errors
from tracker.store import Database, queries


def owed(database: Database) -> pd.DataFrame:
    """Return what is due or overdue today: due.due_items with the registers' own, as the app's
    My updates lists them (registers_view.owed)."""
    today = clock.today()
    initiatives = queries.initiatives(database)
    items = due.due_items(
        queries.measures(database),
        queries.data_points(database),
        initiatives,
        queries.check_ins(database),
        today,
    )
    regs = registers_view.load(database, today)
    return registers_view.owed(items, regs, initiatives["code"])


def _line(item: pd.Series) -> str:
    what = str(item["kind"])
    if item["kind"] != due.DueKind.risk_review:
        what += " for " + formatting.period_label(item["period"], item["frequency"])
    more = f" (+{item['periods_missing'] - 1} more)" if item["periods_missing"] > 1 else ""
    if item["status"] == due.DueStatus.overdue:
        when = (
            f"OVERDUE {item['days_overdue']} days (was due {formatting.uk_date(item['due_date'])})"
        )
    else:
        when = f"due {formatting.uk_date(item['due_date'])}"
    return f"{when}: {what}{more} · {item['code']} {item['title']} · {item['owner']}"


@app.command("due")
def due_command(
    db: DbOption = None,
    person: Annotated[
        str | None, typer.Option("--person", help="Only what this person owes (exact name).")
    ] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue items.")] = False,
) -> None:
    """List the data, check-ins, risk reviews and benefit actuals overdue or due in the next two
    weeks, and who owes them.

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
