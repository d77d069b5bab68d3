"""The board pack's contents as plain data: what both the PowerPoint and the PDF writer lay out."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd
import plotly.graph_objects as go

from tracker import charts
from tracker.boardpack.diagram import Diagram
from tracker.charts.describe import ChartWords, goal_words, milestone_words, spc_words
from tracker.charts.qi import add_pdsa_cycles, pdsa_sentence
from tracker.models import PdsaCycle


@dataclass(frozen=True)
class PackSpec:
    """How to build a pack: the month it reports, its cut-off (UTC), author, preset and filters.

    `pack_id` is the published pack's id, or None for a draft that was not published.
    """

    period: date
    cut_off: datetime
    author: str
    preset: str = "mdc"
    filters: dict[str, str] = field(default_factory=dict)
    pack_id: int | None = None

    @property
    def as_at(self) -> date:
        """Return the date the pack's statuses are judged at: the day of the cut-off (UTC).

        Taking "today" from the cut-off, not the clock, is what keeps a rebuilt pack identical.
        """
        return self.cut_off.date()


@dataclass(frozen=True)
class Table:
    """A table of display text: column headings, rows, and relative column widths."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    empty: str = "None."
    """What to say instead of the table when it has no rows."""


SUMMARY = "Summary"
EXCEPTIONS = "Exceptions"
CHANGES = "What changed since the last published pack"
APPENDIX = "Appendix: measure definitions"
RISKS = "Risks"
BENEFITS = "Benefits"
"""Section headings, the same in the contents list, the slides and the PDF."""

CHART_WIDTH = 1100
"""Pixel width of every chart image: a plotly chart as wide as the app draws it on a laptop."""
SPC_HEIGHT = 300
"""Pixel height of an SPC chart image: two fit on an A4 landscape page with their readings."""
GOAL_HEIGHT = 280
"""Pixel height of a goal chart image (a milestone timeline grows with its rows instead)."""


@dataclass(frozen=True, eq=False)
class SpcChart:
    """One measure's SPC chart: the engine's points with the measure's targets and annotations.

    `name` and the engine's icons are what its words (the text alternative) name.
    """

    key: str
    points: pd.DataFrame
    targets: pd.DataFrame
    annotations: pd.DataFrame
    unit: str
    decimals: int
    median: float | None
    name: str = ""
    variation_icon: str = ""
    assurance_icon: str = ""
    cycles: tuple[PdsaCycle, ...] = ()
    """The PDSA cycles the measure's chart shows (qi_view.Method.cycles_on)."""
    titles: Mapping[str, str] = field(default_factory=dict)
    """The change ideas' titles by code, for the cycles' legend and words."""

    def figure(self) -> go.Figure:
        """Return the chart as the app draws it (tracker.charts.spc_figure), its PDSA cycles as
        spans and markers by act decision (tracker.charts.qi.add_pdsa_cycles)."""
        drawn = charts.spc_figure(
            self.points,
            targets=self.targets,
            annotations=self.annotations,
            unit=self.unit,
            decimals=self.decimals,
            median=self.median,
            height=SPC_HEIGHT,
        )
        return add_pdsa_cycles(drawn, self.cycles, dict(self.titles))

    def words(self) -> ChartWords:
        """Return the chart in words, its PDSA cycles named: the PDF's and the slide's text
        alternative."""
        said = self._spc_words()
        return ChartWords(said.what, said.text + pdsa_sentence(self.cycles, dict(self.titles)),
                          said.table)  # fmt: skip

    def _spc_words(self) -> ChartWords:
        return spc_words(
            self.points,
            self.targets,
            self.annotations,
            name=self.name,
            unit=self.unit,
            decimals=self.decimals,
            median=self.median,
            variation_icon=self.variation_icon,
            assurance_icon=self.assurance_icon,
        )


@dataclass(frozen=True, eq=False)
class GoalChart:
    """One goal's chart: actual values against the planned trajectory and the target."""

    key: str
    actuals: pd.DataFrame
    trajectory: pd.DataFrame
    target_value: float
    target_date: date
    title: str
    unit: str
    decimals: int

    def figure(self) -> go.Figure:
        """Return the chart as the app draws it (tracker.charts.goal_figure)."""
        return charts.goal_figure(
            self.actuals,
            self.trajectory,
            self.target_value,
            self.target_date,
            title=self.title,
            unit=self.unit,
            decimals=self.decimals,
            height=GOAL_HEIGHT,
        )

    def words(self) -> ChartWords:
        """Return the chart in words: the PDF's and the slide's text alternative."""
        return goal_words(
            self.actuals,
            self.trajectory,
            self.target_value,
            self.target_date,
            title=self.title,
            unit=self.unit,
            decimals=self.decimals,
        )


@dataclass(frozen=True, eq=False)
class MilestoneChart:
    """One initiative's milestone timeline at the pack's as-at date."""

    key: str
    milestones: pd.DataFrame
    today: date

    def figure(self) -> go.Figure:
        """Return the timeline as the app draws it (tracker.charts.milestone_gantt)."""
        return charts.milestone_gantt(self.milestones, self.today)

    def words(self) -> ChartWords:
        """Return the timeline in words: the PDF's text alternative."""
        return milestone_words(self.milestones, self.today)


Chart = SpcChart | GoalChart | MilestoneChart
"""Any chart in the pack."""


@dataclass(frozen=True, eq=False)
class MeasureBlock:
    """One measure in an initiative's section: icons in words, readings and its SPC chart."""

    code: str
    name: str
    kind: str
    variation: str
    assurance: str
    variation_reading: str
    assurance_reading: str
    chart: SpcChart


@dataclass(frozen=True, eq=False)
class GoalBlock:
    """One goal: its statement, status in words, the reason and its chart against trajectory."""

    code: str
    statement: str
    status: str
    reason: str
    chart: GoalChart


@dataclass(frozen=True, eq=False)
class InitiativeSection:
    """One initiative: aim, RAG and confidence, narrative, goals, measures and milestones."""

    code: str
    name: str
    aim: str
    facts: str
    rag: str
    confidence: str
    check_in: str
    narrative: tuple[tuple[str, str], ...]
    goals: tuple[GoalBlock, ...]
    measures: tuple[MeasureBlock, ...]
    milestones: Table
    milestone_chart: MilestoneChart | None

    @property
    def title(self) -> str:
        """Return the section heading: code · name."""
        return f"{self.code} · {self.name}"


@dataclass(frozen=True)
class Changes:
    """What changed since the last published pack; `since` says which pack that was."""

    since: str
    first: bool
    icons: Table
    goals: Table
    milestones: Table
    check_ins: Table

    @property
    def count(self) -> int:
        """Return how many changes there are in all."""
        return sum(len(t.rows) for t in (self.icons, self.goals, self.milestones, self.check_ins))


@dataclass(frozen=True)
class Cover:
    """The cover: programme, period, cut-off, author, SPC rules and the filters in words."""

    programme: str
    title: str
    period: str
    cut_off: str
    author: str
    rules: str
    scope: str
    status: str


@dataclass(frozen=True, eq=False)
class RegisterPages:
    """The risk and benefit registers as the pack shows them, after the changes."""

    risks_intro: str
    heat_map: Table
    heat_map_words: str
    top_risks: Table
    benefits_intro: str
    money: Table
    cumulative: pd.DataFrame
    """Cumulative £ planned and actual by month (benefits.cumulative)."""
    cumulative_words: str


@dataclass(frozen=True, eq=False)
class PackContent:
    """Everything in a pack, in reading order; sections 1–6 of the board pack (issue 6)."""

    cover: Cover
    footer: str
    tiles: tuple[tuple[str, str], ...]
    matrix: Table
    matrix_total: int
    exceptions: Table
    changes: Changes
    initiatives: tuple[InitiativeSection, ...]
    appendix: Table
    diagrams: Mapping[str, Diagram] = field(default_factory=dict)
    """Each initiative's driver diagram, by its code (none for one without a diagram)."""
    registers: RegisterPages | None = None

    def contents(self) -> list[str]:
        """Return the contents list: one line per section, in order."""
        return [
            SUMMARY,
            f"{EXCEPTIONS} ({len(self.exceptions.rows)})",
            f"{CHANGES} ({self.changes.count})",
            *([RISKS, BENEFITS] if self.registers is not None else []),
            *(s.title for s in self.initiatives),
            f"{APPENDIX} ({len(self.appendix.rows)})",
        ]

    def all_charts(self) -> list[Chart]:
        """Return every chart in the pack, in reading order."""
        found: list[Chart] = []
        for section in self.initiatives:
            found.extend(g.chart for g in section.goals)
            found.extend(m.chart for m in section.measures)
            if section.milestone_chart is not None:
                found.append(section.milestone_chart)
        return found
