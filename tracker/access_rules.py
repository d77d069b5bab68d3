"""Who may do what: each role's actions over the initiatives its grants cover, in one place."""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from tracker.errors import NotAllowed
from tracker.models import Role


class Action(StrEnum):
    """Something a person does, as a refusal names it."""

    read = "read the board pages"
    values = "update measure values"
    import_data = "import data"
    milestones = "change milestones"
    check_ins = "write check-ins"
    annotations = "annotate charts"
    revert_own = "revert their own import"
    revert_any = "revert another person's import"
    setup = "change the set-up"
    workbook = "load a programme workbook"
    publish = "publish a board pack"
    access = "change who has access"


EDITOR_ACTIONS = frozenset(
    {
        Action.values,
        Action.import_data,
        Action.milestones,
        Action.check_ins,
        Action.annotations,
        Action.revert_own,
    }
)
"""What an editor may do on the initiatives their grant covers."""

PROGRAMME_ACTIONS = frozenset(
    {Action.revert_any, Action.setup, Action.workbook, Action.publish, Action.access}
)
"""Actions over the whole programme: an admin's alone."""


@dataclass(frozen=True)
class Held:
    """One grant a person holds: a role, over every initiative (scope '') or one."""

    role: Role
    scope: str = ""


def allows(held: Iterable[Held], action: Action, initiative: str | None = None) -> bool:
    """Return whether grants allow an action on an initiative (None: no one initiative).

    An admin may do everything; an editor may read, and do an editor's actions on the
    initiatives their grants cover; a viewer may read; no grant allows nothing.
    """
    for grant in held:
        if grant.role is Role.admin or action is Action.read:
            return True
        covers = grant.scope == "" or (initiative is not None and grant.scope == initiative)
        if grant.role is Role.editor and action in EDITOR_ACTIONS and covers:
            return True
    return False


def describe(held: Iterable[Held]) -> str:
    """Return a person's grants in words: 'editor for UEC-01', 'viewer', or 'no access'."""
    words = sorted(f"{g.role} for {g.scope}" if g.scope else str(g.role) for g in held)
    return ", ".join(words) or "no access"


def require(
    who: str,
    held: Iterable[Held],
    action: Action,
    initiatives: Iterable[str | None] = (None,),
) -> None:
    """Raise NotAllowed, naming who, what and which initiative, unless the grants allow the
    action on every initiative given."""
    grants = list(held)
    for initiative in sorted(initiatives, key=lambda code: code or ""):
        if not allows(grants, action, initiative):
            where = f" for initiative {initiative}" if initiative else ""
            raise NotAllowed(
                f"{who} may not {action}{where}: their access is {describe(grants)}. Ask an "
                "admin (the programme office) for access; nothing was written."
            )


@dataclass(frozen=True)
class Standing:
    """What one person may do: full rights (a database with no admin yet), or their grants."""

    who: str
    full: bool
    held: tuple[Held, ...] = ()

    def may(self, action: Action, initiative: str | None = None) -> bool:
        """Return whether they may do the action (on the initiative)."""
        return self.full or allows(self.held, action, initiative)

    def may_somewhere(self, action: Action) -> bool:
        """Return whether they may do the action on at least one initiative."""
        return self.full or any(allows([g], action, g.scope or None) for g in self.held)

    @property
    def has_access(self) -> bool:
        """Return whether they may open the tracker at all (they hold a grant)."""
        return self.full or bool(self.held)
