"""The improvement method's user actions: keep a driver diagram and its PDSA cycles, say what was done."""

from collections.abc import Sequence

import pandas as pd

from tracker import drivers, pdsa
from tracker.drivers import Problem
from tracker.errors import Conflict, ImportRejected, NotFound, RowError
from tracker.models import DriverNode, PdsaCycle
from tracker.store import Database, qi, queries
from tracker.store.writes import WriteSummary


def _refuse(problems: list[Problem], items: Sequence[DriverNode | PdsaCycle], source: str) -> None:
    """Raise ImportRejected naming each problem's row (its item's place, 1 if not among them)."""
    if not problems:
        return
    rows = {item.code: n for n, item in enumerate(items, start=1)}
    raise ImportRejected(
        [RowError(rows.get(p.code, 1), p.field, f"{p.code} {p.reason}") for p in problems], source
    )


def _measures(db: Database, initiative: str) -> list[str]:
    return [str(c) for c in queries.initiative_measures(db, initiative)["code"]]


def save_diagram(
    db: Database,
    who: str,
    initiative: str,
    nodes: Sequence[DriverNode],
    deleted: Sequence[str] = (),
) -> WriteSummary:
    """Add or change nodes of an initiative's driver diagram (and delete the `deleted` codes),
    as one write; refused with ImportRejected (row, field, reason), writing nothing, if the
    diagram would link to an unknown node, a node of the wrong kind or a measure of another
    initiative, hold a loop, or make a change idea that cycles test another kind of node;
    Conflict if a deleted node still has nodes or cycles on it."""
    measures = _measures(db, initiative)
    # Filled by the check, inside the write's transaction, with the deleted nodes as stored:
    # the write reads it after the check has run.
    gone: list[DriverNode] = []

    def check(current: pd.DataFrame) -> None:
        held = drivers.nodes_from_rows(current)
        unknown = sorted(set(deleted) - {n.code for n in held})
        if unknown:
            raise NotFound(
                f"No node {unknown[0]} in {initiative}'s driver diagram; nothing deleted."
            )
        diagram = [n for n in drivers.replace(held, nodes) if n.code not in deleted]
        for code in deleted:
            linked = drivers.children(diagram, code)
            if linked:
                raise Conflict(
                    f"{code} cannot be deleted: {', '.join(linked)} link to it. Link them to "
                    "another node (or delete them) first; nothing was deleted."
                )
        cycles = pdsa.cycles_from_rows(qi.pdsa_cycles(db, initiative))
        tested = [c for c in cycles if c.change_idea in deleted]
        if tested:
            raise Conflict(
                f"{tested[0].change_idea} cannot be deleted: PDSA cycles "
                f"{', '.join(c.code for c in tested)} test it, and their history is kept. "
                "Nothing was deleted."
            )
        gone.extend(n for n in held if n.code in deleted)
        problems = drivers.diagram_problems(diagram, initiative, measures)
        _refuse(problems + pdsa.retyped_ideas(nodes, cycles), nodes, "driver diagram")

    return qi.save_nodes(db, initiative, nodes, who, check, gone)


def save_node(db: Database, who: str, node: DriverNode) -> str:
    """Add or change one node of a driver diagram; return what was done, in a sentence."""
    done = save_diagram(db, who, node.initiative, [node])
    if done.unchanged:
        return f"{node.code} is already as given; nothing saved."
    verb = "Added" if done.added else "Saved"
    return f"{verb} the {node.kind.value} {node.code} '{node.title}'. Earlier versions are kept."


def delete_node(db: Database, who: str, initiative: str, code: str) -> str:
    """Delete one node that nothing links to; return what was done, in a sentence."""
    save_diagram(db, who, initiative, [], deleted=[code])
    return f"Deleted {code} from the driver diagram; its history is kept."


def _initiative_of(db: Database, change_idea: str) -> str | None:
    found = qi.diagram_nodes(db)
    match = found[found["code"] == change_idea]
    return None if match.empty else str(match["initiative"].iloc[0])


def save_cycles(db: Database, who: str, cycles: Sequence[PdsaCycle]) -> WriteSummary:
    """Add or change PDSA cycles (all of one initiative) as one write; refused with
    ImportRejected (row, field, reason), writing nothing, for a change idea not in the diagram,
    a cycle following one of another idea, a repeated number or a measure of another initiative."""
    if not cycles:
        return WriteSummary(0, 0, 0)
    homes = {c.change_idea: _initiative_of(db, c.change_idea) for c in cycles}
    unknown = [c for c in cycles if homes[c.change_idea] is None]
    if unknown:
        _refuse(
            [
                Problem(
                    c.code,
                    "change_idea",
                    f"no change idea {c.change_idea} in any driver diagram; add it first",
                )
                for c in unknown
            ],
            cycles,
            "PDSA cycles",
        )
    initiatives = sorted({str(h) for h in homes.values()})
    if len(initiatives) > 1:
        raise Conflict(
            f"These cycles test change ideas of {', '.join(initiatives)}; save each "
            "initiative's cycles on their own. Nothing was written."
        )
    initiative = initiatives[0]
    nodes = drivers.nodes_from_rows(qi.diagram_nodes(db, initiative))
    measures = _measures(db, initiative)

    def check(current: pd.DataFrame) -> None:
        held = pdsa.cycles_from_rows(current)
        new = {c.code: c for c in cycles}
        every = [new.pop(c.code, c) for c in held] + list(new.values())
        _refuse(pdsa.cycle_problems(every, nodes, measures), cycles, "PDSA cycles")

    return qi.save_cycles(db, initiative, cycles, who, check)


def save_cycle(db: Database, who: str, cycle: PdsaCycle) -> str:
    """Add or change one PDSA cycle; return what was done, in a sentence."""
    done = save_cycles(db, who, [cycle])
    if done.unchanged:
        return f"{cycle.code} is already as given; nothing saved."
    verb = "Added" if done.added else "Saved"
    return (
        f"{verb} PDSA cycle {cycle.number} ({cycle.code}) of {cycle.change_idea}. "
        "Earlier versions are kept."
    )
