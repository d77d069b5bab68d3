"""PDSA cycle rules: a known change idea, a ramp within one idea, known measures; and counts."""

import json
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import pandas as pd

from tracker.drivers import Problem
from tracker.models import ActDecision, DriverKind, DriverNode, PdsaCycle


def cycles_from_rows(rows: pd.DataFrame) -> list[PdsaCycle]:
    """Return the cycles of store rows (qi.pdsa_cycles), measures read from JSON."""
    fields = [f for f in PdsaCycle.model_fields if f != "measures"]
    found = []
    for row in rows.to_dict("records"):
        values = {f: row[f] for f in fields if not _blank(row[f])}
        found.append(PdsaCycle(**values, measures=json.loads(row["measures"])))
    return found


def _blank(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def cycle_problems(
    cycles: Sequence[PdsaCycle], nodes: Sequence[DriverNode], measures: Iterable[str]
) -> list[Problem]:
    """Return every reason the cycles cannot be kept: a change idea not in the diagram, a cycle
    following one of another change idea (or an unknown one, or one numbered after it), two
    cycles of one idea with one number, or a measure that is not the initiative's."""
    ideas = {n.code for n in nodes if n.kind is DriverKind.change_idea}
    by_code = {c.code: c for c in cycles}
    known = set(measures)
    numbers: dict[tuple[str, int], str] = {}
    found: list[Problem] = []
    for cycle in cycles:
        if cycle.change_idea not in ideas:
            found.append(
                Problem(
                    cycle.code,
                    "change_idea",
                    f"no change idea {cycle.change_idea} "
                    "in the initiative's driver diagram; add it first",
                )
            )
        held = numbers.setdefault((cycle.change_idea, cycle.number), cycle.code)
        if held != cycle.code:
            found.append(
                Problem(
                    cycle.code,
                    "number",
                    f"{held} is already cycle {cycle.number} "
                    f"of {cycle.change_idea}; give this one the next number",
                )
            )
        if cycle.follows is not None:
            before = by_code.get(cycle.follows)
            if before is None:
                found.append(
                    Problem(cycle.code, "follows", f"no PDSA cycle {cycle.follows}; check the code")
                )
            elif before.change_idea != cycle.change_idea:
                found.append(
                    Problem(
                        cycle.code,
                        "follows",
                        f"{cycle.follows} tests "
                        f"{before.change_idea}, another change idea; a ramp of "
                        f"cycles tests one idea ({cycle.change_idea})",
                    )
                )
            elif before.number >= cycle.number:
                found.append(
                    Problem(
                        cycle.code,
                        "number",
                        f"cycle {cycle.number} follows "
                        f"{cycle.follows}, cycle {before.number}; number it after",
                    )
                )
        for code in cycle.measures:
            if code not in known:
                found.append(
                    Problem(
                        cycle.code,
                        "measures",
                        f"no measure {code} in the initiative; name one of its own measures",
                    )
                )
    return found


def decisions_between(cycles: Iterable[PdsaCycle], start: date, end: date) -> dict[str, int]:
    """Return how many cycles were adopted, adapted and abandoned from `start` to `end`."""
    counts = {d.value: 0 for d in ActDecision}
    for cycle in cycles:
        if cycle.act_decision is not None and cycle.act_date is not None:
            if start <= cycle.act_date <= end:
                counts[cycle.act_decision.value] += 1
    return counts


def ideas_being_tested(cycles: Iterable[PdsaCycle], day: date) -> int:
    """Return how many change ideas have a cycle under way on `day` (started, no act yet)."""
    return len({c.change_idea for c in cycles if c.start_date <= day and c.act_decision is None})
