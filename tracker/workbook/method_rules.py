"""Rules across rows of the method and register sheets: diagrams, ramps, owners and profiles."""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from pydantic import BaseModel

from tracker import drivers, pdsa
from tracker.drivers import Problem
from tracker.models import Benefit, BenefitMonth, DriverNode, PdsaCycle, Risk
from tracker.workbook.layout import BENEFIT_MONTHS, BENEFITS, DRIVERS, PDSA, RISKS, Sheet

Note = Callable[[Sheet, int, str, str], None]
"""Notes one problem: sheet, Excel row number (0: a stored row not on the sheet), column, reason."""

Rows = Sequence[tuple[int, BaseModel]]
"""A sheet's good rows: (Excel row number, model)."""

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Held:
    """What the database holds that the method and register sheets' rows are checked against."""

    nodes: Sequence[DriverNode]
    cycles: Sequence[PdsaCycle]
    programme_of: Mapping[str, str]
    """Initiative code → its programme's code (the workbook's own rows included)."""
    measure_owners: Mapping[str, str]
    """Measure code → its initiative's code (the workbook's own rows included)."""
    profiles: Mapping[str, tuple[str, date, date]]
    """Benefit code → its initiative, first and last month of its profile (stored only)."""
    unread: frozenset[str] = frozenset()
    """Codes on the Drivers and PDSA sheets whose rows have a problem already noted: a link to
    one is not reported again as a link to an unknown code."""


def _of(rows: Rows, model: type[M]) -> list[tuple[int, M]]:
    return [(n, item) for n, item in rows if isinstance(item, model)]


def _note_problems(
    sheet: Sheet, problems: Iterable[Problem], row_of: Mapping[str, int], note: Note
) -> None:
    """Note each problem on its row; one of a stored row not on the sheet names its code."""
    for p in problems:
        row = row_of.get(p.code)
        if row is None:
            note(sheet, 0, "", f"{p.code} (held, not on this sheet), {p.field}: {p.reason}")
        else:
            note(sheet, row, p.field, f"{p.code} {p.reason}")


def _measures_by_initiative(owners: Mapping[str, str]) -> dict[str, set[str]]:
    """Return each initiative's measure codes (once, not a scan of every measure per diagram)."""
    found: dict[str, set[str]] = {}
    for code, owner in owners.items():
        found.setdefault(owner, set()).add(code)
    return found


def check_diagrams(rows: Rows, held: Held, note: Note) -> list[DriverNode]:
    """Note every diagram rule a Drivers row breaks, each initiative's diagram taken as it would
    stand after the load, and every change idea held cycles test that a row makes another kind
    of node; return every node after the load (held ones replaced by the rows')."""
    given = _of(rows, DriverNode)
    home = {n.code: n.initiative for n in held.nodes}
    for number, node in given:
        owner = home.get(node.code)
        if owner is not None and owner != node.initiative:
            note(DRIVERS, number, "initiative",
                 f"node {node.code} already belongs to initiative {owner}; node codes are unique "
                 "across the programme, so give this one a new code")  # fmt: skip
    given = [
        (number, node.model_copy(update={"parents": tuple(
            p for p in node.parents if p.code not in held.unread)}))
        for number, node in given
    ]  # fmt: skip
    after = drivers.replace(held.nodes, [node for _, node in given])
    row_of = {node.code: number for number, node in given}
    measures = _measures_by_initiative(held.measure_owners)
    for initiative in dict.fromkeys(node.initiative for _, node in given):
        diagram = [n for n in after if n.initiative == initiative]
        problems = drivers.diagram_problems(diagram, initiative, measures.get(initiative, set()))
        _note_problems(DRIVERS, problems, row_of, note)
    # Cycles on the PDSA sheet that test a retyped node are that sheet's to report.
    _note_problems(DRIVERS, pdsa.retyped_ideas([n for _, n in given], held.cycles), row_of, note)
    return after


def check_cycles(rows: Rows, held: Held, nodes: Sequence[DriverNode], note: Note) -> None:
    """Note every PDSA rule a PDSA row breaks (a ramp across change ideas, a repeated number, an
    unknown measure), each initiative's cycles taken as they would stand after the load. A
    change idea on no sheet and not held is the references check's to report."""
    given = _of(rows, PdsaCycle)
    idea_home = {n.code: n.initiative for n in nodes}
    held_ideas = {c.code: c.change_idea for c in held.cycles}
    for number, cycle in given:
        was = held_ideas.get(cycle.code)
        if was is not None and was != cycle.change_idea:
            note(PDSA, number, "change_idea",
                 f"cycle {cycle.code} already tests change idea {was}; a cycle keeps its change "
                 "idea, so give this one a new code")  # fmt: skip
    # A cycle of an unknown change idea is reported by the references check, and so is unread.
    unread = held.unread | {c.code for _, c in given if c.change_idea not in idea_home}
    new = {
        c.code: c.model_copy(update={"follows": None}) if c.follows in unread else c
        for _, c in given
        if c.change_idea in idea_home
    }
    every = [new.pop(c.code, c) for c in held.cycles] + list(new.values())
    row_of = {cycle.code: number for number, cycle in given}
    measures = _measures_by_initiative(held.measure_owners)
    for initiative in dict.fromkeys(idea_home[c.change_idea] for _, c in given
                                    if c.change_idea in idea_home):  # fmt: skip
        cycles = [c for c in every if idea_home.get(c.change_idea) == initiative]
        diagram = [n for n in nodes if n.initiative == initiative]
        problems = pdsa.cycle_problems(cycles, diagram, measures.get(initiative, set()))
        _note_problems(PDSA, problems, row_of, note)


def check_risks(rows: Rows, held: Held, note: Note) -> None:
    """Note every risk whose initiative belongs to another programme."""
    for number, risk in _of(rows, Risk):
        owner = held.programme_of.get(risk.initiative or "")
        if owner is not None and owner != risk.programme:
            note(RISKS, number, "initiative",
                 f"initiative {risk.initiative} belongs to programme {owner}, not "
                 f"{risk.programme}; give the risk its initiative's programme")  # fmt: skip


def check_benefits(benefits: Rows, months: Rows, held: Held, note: Note) -> None:
    """Note every benefit linked to a measure of another initiative, and every month outside
    its benefit's profile (as the Benefits sheet gives it, else as held)."""
    given = _of(benefits, Benefit)
    for number, benefit in given:
        owner = held.measure_owners.get(benefit.measure or "")
        if owner is not None and owner != benefit.initiative:
            note(BENEFITS, number, "measure",
                 f"measure {benefit.measure} belongs to initiative {owner}, not "
                 f"{benefit.initiative}; link one of the benefit's own initiative's measures")  # fmt: skip
    profiles = {code: (start, end) for code, (_, start, end) in held.profiles.items()}
    profiles.update({b.code: (b.profile_from, b.profile_to) for _, b in given})
    for number, month in _of(months, BenefitMonth):
        if month.benefit not in profiles:
            continue
        start, end = profiles[month.benefit]
        if not start <= month.month <= end:
            note(BENEFIT_MONTHS, number, "month",
                 f"{month.month:%b %Y} is outside benefit {month.benefit}'s profile "
                 f"({start:%b %Y} to {end:%b %Y}); check the month or widen the profile")  # fmt: skip
