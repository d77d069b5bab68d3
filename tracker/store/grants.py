"""Granting and revoking roles, and recording people, through the write engine."""

from tracker.errors import Conflict, NotFound
from tracker.models import Grant, Role, User
from tracker.store import engine, people, specs
from tracker.store.db import Cursor, Database, utc_now

LAST_ADMIN = (
    "at least one admin must remain: grant admin to someone else first; nothing was written."
)


def _known_initiative(cur: Cursor, scope: str) -> None:
    if scope and not cur.execute("SELECT 1 FROM initiative WHERE code = ?", [scope]).fetchall():
        known = [c for (c,) in cur.execute("SELECT code FROM initiative ORDER BY code").fetchall()]
        raise NotFound(
            f"No initiative with code {scope}; nothing was written. Known initiatives: "
            f"{', '.join(known) or 'none yet'}."
        )


def _keeps_an_admin(cur: Cursor, leaving: set[str]) -> None:
    """Refuse (Conflict) a change that takes admin from everyone who has it."""
    held = set(people.admins(cur))
    if held and not held - leaving:
        raise Conflict(LAST_ADMIN)


def grant(db: Database, given: Grant, who: str) -> engine.Written:
    """Give a person a role over every initiative or one (replacing their role for that scope);
    refused for an unknown initiative, or when it takes admin from the last admin."""
    with db.transaction() as cur:
        _known_initiative(cur, given.scope)
        if given.role is not Role.admin and not given.scope:
            _keeps_an_admin(cur, {given.email})
        return engine.write(cur, specs.GRANTS, engine.frame([given]), utc_now(), who)


def revoke(db: Database, email: str, role: Role | None, scope: str | None, who: str) -> list[Grant]:
    """Take away a person's grants (only those of `role` and `scope` when given); return them.

    Refused (NotFound) when they hold no such grant, (Conflict) when it would leave no admin.
    """
    with db.transaction() as cur:
        found = cur.execute(
            "SELECT role, scope FROM access_grant WHERE is_current AND email = lower($email) "
            "AND ($role IS NULL OR role = $role) AND ($scope IS NULL OR scope = $scope) "
            "ORDER BY scope",
            {"email": email, "role": role, "scope": scope},
        ).fetchall()
        taken = [Grant(email=email, role=Role(r), scope=s) for r, s in found]
        if not taken:
            raise NotFound(f"{email} holds no such grant; nothing was written.")
        if any(g.role is Role.admin for g in taken):
            _keeps_an_admin(cur, {email.lower()})
        rows = engine.frame(taken).assign(_withdraw=True)
        engine.write(cur, specs.GRANTS, rows, utc_now(), who)
        return taken


def save_people(db: Database, users: list[User], who: str) -> engine.Written:
    """Create or rename people by email, in one transaction; refused (Conflict) for a name
    another person already has, since names are matched to leads, owners and authors."""
    if not users:
        return engine.Written(0, 0, 0)
    with db.transaction() as cur:
        found = cur.execute("SELECT name, email FROM person").fetchall()
        taken = {name.lower(): (name, email) for name, email in found}
        for user in users:
            name, other = taken.setdefault(user.name.lower(), (user.name, user.email))
            if other != user.email:
                raise Conflict(
                    f"{other} is already called {name}; give {user.email} a name that tells "
                    "them apart (names are matched to leads and owners). Nothing was written."
                )
        return engine.write(cur, specs.USERS, engine.frame(users), utc_now(), who)
