"""People and their grants as the store reads them, the access check every write passes, and
the sign-in log."""

from collections.abc import Iterable
from datetime import datetime

import pandas as pd

from tracker.access_rules import Action, Held, require
from tracker.models import Role
from tracker.store.db import Cursor, Database

GRANT_TABLES = ("person", "access_grant")
"""The tables the grants read here come from: a write to either forgets what was read."""

_OF_WHO = (
    "g.is_current AND (g.email = lower($who) OR g.email IN "
    "(SELECT email FROM person WHERE lower(name) = lower($who)))"
)
"""The acting person's current grants: `who` is their email, or their name as the people list
has it (a local user named by TRACKER_USER)."""


def forget(cur: Cursor) -> None:
    """Forget the grants this transaction has read: it has just written people or grants."""
    kept = cur.remembered()
    if kept is not None:
        kept.clear()


def held(cur: Cursor, who: str) -> list[Held]:
    """Return the current grants of the person `who` names (by email or name)."""

    def read() -> list[Held]:
        found = cur.execute(
            f"SELECT role, scope FROM access_grant AS g WHERE {_OF_WHO} ORDER BY scope, role",
            {"who": who},
        ).fetchall()
        return [Held(Role(role), scope) for role, scope in found]

    return cur.kept(("held", who.lower()), read)


def name_of(cur: Cursor, who: str) -> str | None:
    """Return the name on the people list of the person `who` names (by email or name)."""
    found = cur.execute(
        "SELECT name FROM person WHERE email = lower($who) OR lower(name) = lower($who)",
        {"who": who},
    ).fetchall()
    return str(found[0][0]) if found else None


def admins(cur: Cursor) -> list[str]:
    """Return the emails of everyone currently granted admin."""

    def read() -> list[str]:
        found = cur.execute(
            "SELECT email FROM access_grant WHERE is_current AND role = 'admin' ORDER BY email"
        ).fetchall()
        return [email for (email,) in found]

    return cur.kept(("admins",), read)


def check(
    cur: Cursor, who: str, action: Action, initiatives: Iterable[str | None] = (None,)
) -> None:
    """Refuse (NotAllowed) an action the person's grants do not allow on these initiatives.

    While the database has no admin it is a one-person database: whoever acts has full rights.
    """
    if not admins(cur):
        return
    require(who, held(cur, who), action, initiatives)


def record_sign_in(db: Database, email: str, at: datetime) -> None:
    """Record that someone signed in at `at` (their latest sign-in replaces the one before)."""
    with db.transaction() as cur:
        cur.execute("DELETE FROM sign_in WHERE email = lower($email)", {"email": email})
        cur.execute("INSERT INTO sign_in VALUES (lower($email), $at)", {"email": email, "at": at})


def listing(db: Database) -> pd.DataFrame:
    """Return everyone known or signed in, one row per grant (or one with no role): name, email,
    role, scope ('' every initiative) and last sign-in (NaT if never)."""
    return (
        db.cursor()
        .execute(
            "WITH known AS (SELECT email, name FROM person UNION ALL SELECT email, '' FROM sign_in "
            "WHERE email NOT IN (SELECT email FROM person) UNION ALL SELECT DISTINCT email, '' "
            "FROM access_grant WHERE is_current AND email NOT IN (SELECT email FROM person) "
            "AND email NOT IN (SELECT email FROM sign_in)) "
            "SELECT k.name, k.email, coalesce(g.role, '') AS role, coalesce(g.scope, '') AS scope, "
            "s.last_at AS last_sign_in FROM known AS k "
            "LEFT JOIN access_grant AS g ON g.email = k.email AND g.is_current "
            "LEFT JOIN sign_in AS s ON s.email = k.email ORDER BY k.name = '', k.name, k.email, "
            "g.scope"
        )
        .df()
    )
