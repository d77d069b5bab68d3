"""People and access for pages and the command line: grant, revoke, list, check, sign-ins."""

from datetime import datetime

import pandas as pd
from pydantic import ValidationError

from tracker.access_rules import Action, Standing
from tracker.errors import Invalid
from tracker.models import Grant, Role, User
from tracker.store import Database, grants, people, queries


def _invalid(err: ValidationError) -> Invalid:
    reasons = "; ".join(
        f"{'.'.join(map(str, e['loc'])) or 'grant'}: {e['msg']}" for e in err.errors()
    )
    return Invalid(f"{reasons}. Nothing was written.")


def grant(db: Database, email: str, role: str, initiative: str | None, who: str) -> Grant:
    """Give `email` the role (over one initiative, an editor only, or every one), acting as
    `who` (an admin, or anyone while the database has none). Return the grant made."""
    try:
        given = Grant(email=email, role=role, scope=initiative or "")
    except ValidationError as err:
        raise _invalid(err) from None
    grants.grant(db, given, who)
    return given


def revoke(
    db: Database, email: str, role: str | None, initiative: str | None, who: str
) -> list[Grant]:
    """Take away `email`'s grants (of that role and initiative, when given), acting as `who`;
    return what was taken. The last admin cannot be revoked."""
    if role is not None and role not in {r.value for r in Role}:
        raise Invalid(
            f"No role {role!r}: roles are {', '.join(r.value for r in Role)}. Nothing was written."
        )
    scope = None if initiative is None else initiative.strip().upper()
    return grants.revoke(db, email.strip(), Role(role) if role else None, scope, who)


def people_and_grants(db: Database) -> pd.DataFrame:
    """Return everyone known, one row per grant: name, email, role, scope, last sign-in."""
    return people.listing(db)


def people_by_name_and_email(db: Database) -> dict[str, str]:
    """Return each listed person's lower-case name and email → their name, to match a person
    written either way."""
    found = queries.users(db)
    return {
        **{str(n).lower(): str(n) for n in found["name"]},
        **{str(e): str(n) for e, n in zip(found["email"], found["name"], strict=True)},
    }


def add_person(db: Database, name: str, email: str, who: str) -> User:
    """Add a person to the people list (or rename one, by email), acting as `who` (an admin)."""
    try:
        person = User(name=name, email=email)
    except ValidationError as err:
        raise _invalid(err) from None
    grants.save_people(db, [person], who)
    return person


def standing(db: Database, who: str) -> Standing:
    """Return what `who` (an email, or a name on the people list) may do."""
    cur = db.cursor()
    if not people.admins(cur):
        return Standing(who, full=True)
    return Standing(who, full=False, held=tuple(people.held(cur, who)))


def name_of(db: Database, who: str) -> str | None:
    """Return the acting person's name as leads, owners and authors are written (None: they
    are not on the people list)."""
    return people.name_of(db.cursor(), who)


def check(db: Database, who: str, action: Action, initiative: str | None = None) -> None:
    """Refuse (NotAllowed) an action `who` may not do (on the initiative); pages call this
    before offering an action, the library checks again when it writes."""
    people.check(db.cursor(), who, action, [initiative])


def record_sign_in(db: Database, email: str, at: datetime) -> None:
    """Record that `email` signed in at `at`: the People and access page shows it."""
    people.record_sign_in(db, email, at)
