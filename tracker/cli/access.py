"""The `tracker access` command: grant, revoke and list people's roles (the first admin too)."""

from enum import StrEnum
from typing import Annotated, Any

import pandas as pd
import typer

from tracker import access, formatting
from tracker.cli.app import AsOption, DbOption, acting, app, db_path, echo, user_errors
from tracker.errors import TrackerError
from tracker.store import Database


class AccessAction(StrEnum):
    """What `tracker access` does."""

    grant = "grant"
    revoke = "revoke"
    list = "list"


def _scope(scope: str) -> str:
    return f"initiative {scope}" if scope else "every initiative"


def _print(listed: pd.DataFrame) -> None:
    if listed.empty:
        echo("Nobody is known yet: while no admin is granted, whoever runs the tracker may do "
             "everything.")  # fmt: skip
        return
    row: Any  # pandas types a row's fields as any scalar; these are the listing's columns
    for row in listed.itertuples(index=False):
        role = f"{row.role} of {_scope(row.scope)}" if row.role else "no access"
        seen = (
            f"last signed in {formatting.uk_date(row.last_sign_in)}"
            if pd.notna(row.last_sign_in)
            else "never signed in"
        )
        name = f"{row.name} <{row.email}>" if row.name else row.email
        echo(f"{name}: {role}; {seen}")


@app.command("access")
def access_command(
    what: Annotated[AccessAction, typer.Argument(help="grant, revoke or list.")],
    email: Annotated[
        str | None, typer.Argument(metavar="[EMAIL]", help="The person's email.")
    ] = None,
    role: Annotated[
        str | None,
        typer.Argument(
            metavar="[ROLE]", help="admin, editor or viewer (for revoke: only that role)."
        ),
    ] = None,
    initiative: Annotated[
        str | None,
        typer.Option(
            "--initiative", metavar="CODE", help="An editor's one initiative (default: every one)."
        ),
    ] = None,
    db: DbOption = None,
    person: AsOption = None,
) -> None:
    """Grant, revoke or list who may do what: admin, editor (of every initiative or one), viewer.

    An admin may do everything; an editor updates values, imports, milestones, check-ins and
    notes of their initiatives and reverts their own imports; a viewer reads the board pages.
    While no admin is granted, whoever runs the tracker may do everything: grant yourself admin
    first. At least one admin must remain.

    Example: tracker access grant you@trust.nhs.uk admin
    """
    with user_errors(), Database(db_path(db)) as database:
        if what is AccessAction.list:
            _print(access.people_and_grants(database))
            return
        if email is None:
            raise TrackerError(f"Give the person's EMAIL: tracker access {what} EMAIL ROLE.")
        who = acting(person)
        if what is AccessAction.grant:
            if role is None:
                raise TrackerError("Give a ROLE to grant: admin, editor or viewer.")
            given = access.grant(database, email, role, initiative, who)
            echo(f"{given.email} is now {given.role} of {_scope(given.scope)} (granted by {who}).")
            return
        taken = access.revoke(database, email, role, initiative, who)
        for grant in taken:
            echo(f"{grant.email} is no longer {grant.role} of {_scope(grant.scope)}.")
