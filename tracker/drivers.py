"""Driver diagram rules: links to known nodes of the right kind, no loops, and the columns drawn."""

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from tracker.models import DRIVER_PARENT, DriverKind, DriverLink, DriverNode, LinkStrength

COLUMNS: tuple[DriverKind, ...] = tuple(DriverKind)
"""The diagram's columns after the aim, left to right."""
SEPARATOR = ";"
"""Between the codes of a list in one cell or form field: 'UEC-01-P1; UEC-01-P2'."""


@dataclass(frozen=True)
class Problem:
    """Why one node (or cycle) is refused: its code, the field at fault and the reason."""

    code: str
    field: str
    reason: str


def parse_codes(text: str) -> tuple[str, ...]:
    """Return the codes of 'A; B' text, blanks left out (a code's own rules apply later)."""
    return tuple(part.strip() for part in text.split(SEPARATOR) if part.strip())


def format_codes(codes: Iterable[str]) -> str:
    """Return codes as 'A; B' text ('' when there are none)."""
    return f"{SEPARATOR} ".join(codes)


def parse_links(text: str) -> tuple[DriverLink, ...]:
    """Return the links of 'A; B=hypothesised' text: a code alone is a strong link.

    Raises ValueError naming the strengths when one is not known.
    """
    found = []
    for part in parse_codes(text):
        code, _, strength = part.partition("=")
        try:
            kind = LinkStrength(strength.strip().lower() or LinkStrength.strong)
        except ValueError:
            allowed = " or ".join(s.value for s in LinkStrength)
            raise ValueError(f"{part}: a link's strength is {allowed}") from None
        found.append(DriverLink(code=code.strip(), strength=kind))
    return tuple(found)


def format_links(links: Iterable[DriverLink]) -> str:
    """Return links as 'A; B=hypothesised' text, a strong link as its code alone."""
    return format_codes(
        p.code if p.strength is LinkStrength.strong else f"{p.code}={p.strength.value}"
        for p in links
    )


def nodes_from_rows(rows: pd.DataFrame) -> list[DriverNode]:
    """Return the nodes of store rows (qi.diagram_nodes), parents and measures read from JSON."""
    lists = ("parents", "measures")
    fields = [f for f in DriverNode.model_fields if f not in lists]
    return [
        DriverNode.model_validate(
            {**{f: row[f] for f in fields}, **{f: json.loads(row[f]) for f in lists}}
        )
        for row in rows.to_dict("records")
    ]


def replace(nodes: Iterable[DriverNode], changed: Sequence[DriverNode]) -> list[DriverNode]:
    """Return the diagram with `changed` nodes put in (replacing those of the same code)."""
    new = {n.code: n for n in changed}
    kept = [new.pop(n.code, n) for n in nodes]
    return [*kept, *new.values()]


def children(nodes: Iterable[DriverNode], code: str) -> list[str]:
    """Return the codes of the nodes that link to `code`, in order."""
    return [n.code for n in nodes if any(p.code == code for p in n.parents)]


def _looping(nodes: dict[str, DriverNode]) -> set[str]:
    """Return the codes of nodes that are their own ancestor (on a loop of links)."""
    state: dict[str, int] = {}
    on_loop: set[str] = set()
    # Depth-first with an explicit stack: 0 = being visited, 1 = done.
    for start in nodes:
        if start in state:
            continue
        stack: list[tuple[str, int]] = [(start, 0)]
        path: list[str] = []
        while stack:
            code, index = stack.pop()
            if index == 0:
                state[code] = 0
                path.append(code)
            parents = [p.code for p in nodes[code].parents if p.code in nodes]
            if index < len(parents):
                stack.append((code, index + 1))
                nxt = parents[index]
                if state.get(nxt) == 0:
                    on_loop.update(path[path.index(nxt) :])
                elif nxt not in state:
                    stack.append((nxt, 0))
                continue
            state[code] = 1
            path.pop()
    return on_loop


def diagram_problems(
    nodes: Sequence[DriverNode], initiative: str, measures: Iterable[str]
) -> list[Problem]:
    """Return every reason the diagram of `initiative` cannot be kept: a node of another
    initiative, a link to an unknown node or one of the wrong kind, a node that is its own
    ancestor, or a measure that is not the initiative's."""
    found: list[Problem] = []
    by_code = {n.code: n for n in nodes}
    known = set(measures)
    looping = _looping(by_code)
    for node in nodes:
        if node.initiative != initiative:
            found.append(
                Problem(
                    node.code,
                    "initiative",
                    f"belongs to {node.initiative}, not "
                    f"{initiative}; a diagram holds one initiative's nodes",
                )
            )
        if node.code in looping:
            found.append(
                Problem(
                    node.code,
                    "parents",
                    f"{node.code} would be its own ancestor "
                    "(its links go round in a loop); link it to a node before it",
                )
            )
        wanted = DRIVER_PARENT[node.kind]
        for link in node.parents:
            parent = by_code.get(link.code)
            if parent is None:
                found.append(
                    Problem(
                        node.code,
                        "parents",
                        f"no node {link.code} in "
                        f"{initiative}'s driver diagram; add it first or check the code",
                    )
                )
            elif parent.kind is not wanted and node.code not in looping:
                found.append(
                    Problem(
                        node.code,
                        "parents",
                        f"{link.code} is a {parent.kind.value}; "
                        f"a {node.kind.value} serves a {wanted}",
                    )
                )
        for code in node.measures:
            if code not in known:
                found.append(
                    Problem(
                        node.code,
                        "measures",
                        f"no measure {code} in {initiative}; "
                        "link one of the initiative's own measures",
                    )
                )
    return found


def columns(nodes: Iterable[DriverNode]) -> dict[DriverKind, list[DriverNode]]:
    """Return the nodes in their columns, each top to bottom by position then code."""
    found: dict[DriverKind, list[DriverNode]] = {kind: [] for kind in COLUMNS}
    for node in sorted(nodes, key=lambda n: (n.position, n.code)):
        found[node.kind].append(node)
    return found
