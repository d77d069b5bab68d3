"""PDSA cycle rules: a known change idea, a ramp within one idea, known measures; and counts."""

import json
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from tracker.attention import REGISTER_COLUMNS, ExceptionKind
from tracker.drivers import Problem
from tracker.formatting import uk_date
from tracker.models import ActDecision, DriverKind, DriverNode, InitiativeStatus, PdsaCycle
from tracker.vocabulary import DRIVER_KINDS

STUDY_GRACE_DAYS = 14
"""Days after a cycle's end date a team has to write its study before the board hears of it
(issue 17: "no study written for more than 14 days")."""

QUIET_DAYS = 90
"""An active initiative with change ideas but no PDSA cycle under way in this many days is an
exception: its theory of change is not being tested."""


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


def retyped_ideas(nodes: Iterable[DriverNode], cycles: Iterable[PdsaCycle]) -> list[Problem]:
    """Return a problem for each node that PDSA cycles test but that is no longer a change idea.

    A cycle keeps its change idea for good (it is part of the cycle's identity, and its history
    is kept), so the node it tests must stay a change idea; a driver is added as a new node.
    """
    testing: dict[str, list[str]] = {}
    for cycle in cycles:
        testing.setdefault(cycle.change_idea, []).append(cycle.code)
    return [
        Problem(
            node.code,
            "kind",
            f"cannot become a {DRIVER_KINDS[node.kind].label.lower()}: PDSA cycles "
            f"{', '.join(sorted(testing[node.code]))} test it, and a cycle keeps its change idea "
            "and its history. Keep it a change idea, and add the "
            f"{DRIVER_KINDS[node.kind].label.lower()} as a new node",
        )
        for node in nodes
        if node.kind is not DriverKind.change_idea and node.code in testing
    ]


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


def _days_ago(days: pd.Series) -> pd.Series:
    return days.astype(str) + pd.Series(
        np.where(days == 1, " day", " days"), index=days.index, dtype=object
    )


def awaiting_study(cycles: pd.DataFrame, today: date) -> pd.DataFrame:
    """Return the cycles (store rows, qi.pdsa_cycles) whose end date passed more than
    STUDY_GRACE_DAYS ago with no study written, as exception rows (attention.REGISTER_COLUMNS)."""
    ended = pd.to_datetime(cycles["end_date"])
    since = (pd.Timestamp(today) - ended).dt.days
    unstudied = cycles["study_date"].isna() & (cycles["study_notes"].fillna("") == "")
    late = unstudied & (since > STUDY_GRACE_DAYS)
    chosen = cycles[late]
    reasons = (
        "Ended on "
        + ended[late].map({d: uk_date(d) for d in ended[late].unique()}).astype(object)
        + ", "
        + _days_ago(since[late])
        + " ago, and no study has been written; owed by "
        + chosen["owner"]
        + "."
    )
    return pd.DataFrame(
        {
            "kind": ExceptionKind.pdsa_awaiting_study.value,
            "code": chosen["code"].to_numpy(),
            "initiative": chosen["initiative"].to_numpy(),
            "title": chosen["objective"].to_numpy(),
            "reason": reasons.to_numpy(),
        },
        columns=REGISTER_COLUMNS,
    )


def quiet_initiatives(
    initiatives: pd.DataFrame, nodes: pd.DataFrame, cycles: pd.DataFrame, today: date
) -> pd.DataFrame:
    """Return the active initiatives with change ideas (store rows, qi.diagram_nodes) and no
    PDSA cycle under way in the last QUIET_DAYS days, as exception rows
    (attention.REGISTER_COLUMNS). A cycle is under way from its start date to its end date, so
    one running today, or ended QUIET_DAYS days ago, counts; one not yet started does not."""
    stamp = pd.Timestamp(today)
    ideas = nodes[nodes["kind"] == DriverKind.change_idea.value].groupby("initiative").size()
    started = cycles[pd.to_datetime(cycles["start_date"]) <= stamp]
    ended_on = pd.to_datetime(started["end_date"]).astype("datetime64[us]")
    ends = ended_on.where(ended_on < stamp, stamp)
    last = ends.groupby(started["initiative"].to_numpy()).max()
    active = initiatives[
        (initiatives["status"] == InitiativeStatus.active) & initiatives["code"].isin(ideas.index)
    ]
    # reindex, not map: map cannot take an empty Series of dates
    ended = pd.Series(last.reindex(active["code"]).to_numpy(), index=active.index)
    since = (stamp - ended).dt.days
    quiet = active[since.isna() | (since > QUIET_DAYS)]
    days = since[quiet.index]
    ended = ended[quiet.index]
    count = quiet["code"].map(ideas).astype(int).astype(str)
    # Formatted per quiet initiative only: the rule above is one pass over every initiative.
    reasons = pd.Series(
        [
            f"No PDSA cycle has tested any of its {n} change ideas."
            if pd.isna(d)
            else f"Its last PDSA cycle ended on {uk_date(e)}, {int(d)} days ago: none of its "
            f"{n} change ideas has been tested since."
            for e, d, n in zip(ended.tolist(), days.tolist(), count.tolist(), strict=True)
        ],
        index=quiet.index,
        dtype=object,
    )
    return pd.DataFrame(
        {
            "kind": ExceptionKind.pdsa_none_in_90_days.value,
            "code": quiet["code"].to_numpy(),
            "initiative": quiet["code"].to_numpy(),
            "title": quiet["name"].to_numpy(),
            "reason": reasons.to_numpy(),
        },
        columns=REGISTER_COLUMNS,
    )
