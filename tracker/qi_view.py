"""An initiative's improvement method as the pages and the pack show it: diagram, cycles, counts."""

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
import plotly.graph_objects as go

from tracker import drivers, formatting, pdsa, usertext, vocabulary
from tracker.charts.describe import ChartWords
from tracker.charts.qi import add_pdsa_cycles, cycle_term, pdsa_sentence
from tracker.measure_view import MeasureView
from tracker.models import ActDecision, DriverKind, DriverNode, PdsaCycle
from tracker.periods import Frequency, last_complete_period, period_end
from tracker.store import Database, qi, queries


@dataclass(frozen=True)
class Method:
    """One initiative's aim, driver diagram and PDSA cycles, as they stood at one time."""

    code: str
    aim: str
    nodes: list[DriverNode]
    cycles: list[PdsaCycle]

    @property
    def titles(self) -> dict[str, str]:
        """Return each node's title by its code."""
        return {n.code: n.title for n in self.nodes}

    @property
    def change_ideas(self) -> list[DriverNode]:
        """Return the change ideas, top to bottom."""
        return drivers.columns(self.nodes)[DriverKind.change_idea]

    def cycles_of(self, idea: str) -> list[PdsaCycle]:
        """Return the cycles testing one change idea, by number."""
        return sorted((c for c in self.cycles if c.change_idea == idea), key=lambda c: c.number)

    def cycles_on(self, measure: str) -> list[PdsaCycle]:
        """Return the cycles a measure's chart shows: those naming the measure, and those
        testing a change idea linked to it."""
        linked = {n.code for n in self.nodes if measure in n.measures}
        return [c for c in self.cycles if measure in c.measures or c.change_idea in linked]


def method(db: Database, initiative: str, as_of: datetime | None = None) -> Method:
    """Return an initiative's method as recorded at `as_of` (default now)."""
    found = queries.initiative_rows(db, initiative)
    aim = str(found["aim"].iloc[0]) if not found.empty else ""
    nodes = drivers.nodes_from_rows(qi.diagram_nodes(db, initiative, as_of))
    cycles = pdsa.cycles_from_rows(qi.pdsa_cycles(db, initiative, as_of))
    return Method(initiative, aim, nodes, cycles)


def node_choices(found: Method) -> dict[str, str]:
    """Return each node's code → 'Kind · title' for a picker, in diagram order."""
    return {
        n.code: f"{vocabulary.DRIVER_KINDS[n.kind].label} {n.code} · {n.title}"
        for column in drivers.columns(found.nodes).values()
        for n in column
    }


def node_details(found: Method, code: str) -> list[str]:
    """Return what one node links to, a markdown line each (what people typed escaped): what it
    serves, what serves it and, for a change idea, its cycles."""
    node = next(n for n in found.nodes if n.code == code)
    titles = {c: usertext.markdown(t, inline=True) for c, t in found.titles.items()}
    serves = [
        f"{p.code} · {titles.get(p.code, p.code)} "
        f"({vocabulary.LINK_STRENGTHS[p.strength].label.lower()})"
        for p in node.parents
    ] or ["the aim"]
    lines = [f"**Serves:** {'; '.join(serves)}"]
    served_by = drivers.children(found.nodes, code)
    if served_by:
        lines.append(f"**Served by:** {'; '.join(f'{c} · {titles[c]}' for c in served_by)}")
    tested = found.cycles_of(code)
    if node.kind is DriverKind.change_idea:
        lines.append(
            f"**PDSA cycles:** {len(tested)}"
            + "".join(f"\n- {c.code} (cycle {c.number}): {cycle_term(c).text}" for c in tested)
        )
    return lines


def cycle_rows(cycles: list[PdsaCycle]) -> pd.DataFrame:
    """Return cycles as the PDSA tab lists them: one row each, the plan then the outcome (the
    owner and each step's words are in the cycle's story, under the table)."""
    return pd.DataFrame(
        {
            "Cycle": [f"{c.number} · {c.code}" for c in cycles],
            "Follows": [c.follows or "–" for c in cycles],
            "Objective": [c.objective for c in cycles],
            "Dates": [
                f"{formatting.uk_date(c.start_date)} to {formatting.uk_date(c.end_date)}"
                for c in cycles
            ],
            "Decision": [cycle_term(c).text for c in cycles],
        }
    )


def cycle_story(cycle: PdsaCycle) -> str:
    """Return a cycle's plan, do, study and act as markdown (what people typed escaped)."""

    def step(name: str, day: date | None, text: str) -> str:
        when = f" ({formatting.uk_date(day)})" if day else ""
        return f"**{name}{when}.** {usertext.markdown(text, inline=True) if text else '–'}"

    plan = (
        f"{usertext.markdown(cycle.objective, inline=True)}. Prediction: "
        f"{usertext.markdown(cycle.prediction, inline=True)}. Owner "
        f"{usertext.markdown(cycle.owner, inline=True)}; measures "
        f"{', '.join(cycle.measures) or '–'}."
    )
    decision = cycle_term(cycle).text
    return "\n\n".join(
        [
            f"**Plan ({formatting.uk_date(cycle.start_date)} to "
            f"{formatting.uk_date(cycle.end_date)}).** {plan}",
            step("Do", cycle.do_date, cycle.do_notes),
            step("Study", cycle.study_date, cycle.study_notes),
            step(f"Act: {decision}", cycle.act_date, cycle.act_notes),
        ]
    )


def stage(cycle: PdsaCycle) -> str:
    """Return how far a cycle has gone: Plan, Do, Study or Act."""
    if cycle.act_decision is not None:
        return "Act"
    if cycle.study_notes or cycle.study_date:
        return "Study"
    if cycle.do_notes or cycle.do_date:
        return "Do"
    return "Plan"


def running(cycles: list[PdsaCycle], day: date) -> list[PdsaCycle]:
    """Return the cycles a lead updates at a check-in: started by `day`, with no act yet."""
    return [c for c in cycles if c.start_date <= day and c.act_decision is None]


def chart_with_cycles(
    view: MeasureView, cycles: list[PdsaCycle], titles: dict[str, str], height: int, title: str = ""
) -> tuple[go.Figure, ChartWords]:
    """Return a measure's SPC chart with its PDSA cycles drawn on it, and its words naming them."""
    figure = add_pdsa_cycles(view.figure(height=height, title=title), cycles, titles)
    words = view.words()
    return figure, ChartWords(words.what, words.text + pdsa_sentence(cycles, titles), words.table)


def idea_choices(found: Method, cycles: list[PdsaCycle]) -> dict[str, str]:
    """Return the change ideas the cycles test, code → 'code · title', in diagram order."""
    tested = {c.change_idea for c in cycles}
    return {n.code: f"{n.code} · {n.title}" for n in found.change_ideas if n.code in tested}


@dataclass(frozen=True)
class BoardCounts:
    """What the board reads of the method for a period: ideas under test and the decisions."""

    start: date
    end: date
    ideas_tested: int
    decisions: dict[str, int]
    """Cycles decided in the period, by act decision (adopt, adapt, abandon)."""

    @property
    def line(self) -> str:
        """Return the counts in a sentence: '4 change ideas being tested; in Oct 2026 …'."""
        decided = ", ".join(
            f"{vocabulary.ACT_DECISIONS[ActDecision(d)].text} {n}"
            for d, n in self.decisions.items()
        )
        return (
            f"{self.ideas_tested} change idea(s) being tested in PDSA cycles; cycles decided "
            f"{formatting.uk_date(self.start)} to {formatting.uk_date(self.end)}: {decided}."
        )


def board_counts(cycles: list[PdsaCycle], today: date, month: date | None = None) -> BoardCounts:
    """Return the ideas under test on `today` and the decisions of `month` (its first day; the
    last complete month when None)."""
    start = month or last_complete_period(today, Frequency.monthly)
    end = period_end(start, Frequency.monthly)
    return BoardCounts(
        start,
        end,
        pdsa.ideas_being_tested(cycles, today),
        pdsa.decisions_between(cycles, start, end),
    )


def portfolio_cycles(db: Database, as_of: datetime | None = None) -> pd.DataFrame:
    """Return every initiative's PDSA cycles as recorded at `as_of` (qi.pdsa_cycles rows)."""
    return qi.pdsa_cycles(db, None, as_of)


def progress_rows(
    initiatives: pd.DataFrame, check_ins: pd.DataFrame, cycles: pd.DataFrame, today: date
) -> pd.DataFrame:
    """Return each initiative's latest progress score (and its wording) beside its PDSA cycles
    under way, as the overview lists them: sortable by the score, blank when none given."""
    scored = check_ins.dropna(subset=["progress_score"]).sort_values("period")
    latest = initiatives["code"].map(scored.groupby("initiative")["progress_score"].last())
    started = pd.to_datetime(cycles["start_date"]).dt.date <= today
    running = cycles[started & cycles["act_decision"].isna()]["initiative"].value_counts()
    return pd.DataFrame(
        {
            "Code": initiatives["code"],
            "Initiative": initiatives["name"],
            "Progress score": latest,
            "Meaning": latest.map(vocabulary.progress_score_text),
            "Cycles under way": initiatives["code"].map(running).fillna(0).astype(int),
        }
    ).reset_index(drop=True)
