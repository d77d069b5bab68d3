"""Owners of PDSA cycles, risks, risk actions and benefits against the people list: one not on a
list that has anyone is kept as written, with a warning (leads name clinicians who never sign in)."""

from collections.abc import Iterable, Mapping

import pandas as pd
from pydantic import BaseModel

from tracker import access
from tracker.importers import ImportKind
from tracker.models import Benefit, PdsaCycle, Risk
from tracker.store import Database

KINDS: dict[type[BaseModel], str] = {
    PdsaCycle: "PDSA cycle",
    Risk: "risk",
    Benefit: "benefit",
}
"""The records whose owners are free text, by how a warning names them."""


def _owned(item: BaseModel) -> list[tuple[str, str]]:
    """Return (person, what they own) for the item's owner and, for a risk, each action's."""
    code = str(getattr(item, "code", ""))
    found = [(str(getattr(item, "owner", "")), f"{KINDS[type(item)]} {code}")]
    if isinstance(item, Risk):
        found += [(a.owner, f"action {n} of risk {code}") for n, a in enumerate(item.actions, 1)]
    return found


def _warnings(owned: Iterable[tuple[str, str]], people: Mapping[str, str]) -> list[str]:
    """Return one warning per person not on `people` (none when it is empty), naming what they
    own, in the order first named."""
    if not people:
        return []
    missing: dict[str, list[str]] = {}
    for person, what in owned:
        if person.strip().lower() not in people:
            missing.setdefault(person, []).append(what)
    return [
        f"{person} (owner of {', '.join(things)}) is not on the people list; kept as written. "
        "Add them on People and access, or write the name as listed, for their items to show "
        "in My updates."
        for person, things in missing.items()
    ]


def unlisted(items: Iterable[BaseModel], people: Mapping[str, str]) -> list[str]:
    """Return one warning per owner of a PDSA cycle, risk, risk action or benefit among `items`
    who is not on `people` (access.people_by_name_and_email); none when the list is empty."""
    return _warnings((o for item in items if type(item) in KINDS for o in _owned(item)), people)


def import_warnings(db: Database, kind: ImportKind, rows: pd.DataFrame) -> list[str]:
    """Return one warning per owner in an import's valid rows (importing.Parsed.rows) who is not
    on the people list; only PDSA cycles among the import kinds have owners."""
    if kind is not ImportKind.pdsa or rows.empty:
        return []
    owned = ((str(o), f"PDSA cycle {c}") for c, o in zip(rows["code"], rows["owner"], strict=True))
    return _warnings(owned, access.people_by_name_and_email(db))
