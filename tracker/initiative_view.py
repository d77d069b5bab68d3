"""One initiative as its page shows it: the header, goal and measure tables, goal charts, check-ins."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from tracker import charts, formatting, glossary, progress, reports, usertext, vocabulary
from tracker.boardpack.words import confidence_text
from tracker.charts.describe import ChartWords, goal_words
from tracker.measure_view import MeasureView, measure_views
from tracker.progress import GoalStatus
from tracker.screen_words import rag_text

MEASURE_TYPES = {
    "outcome": "Outcome measures",
    "process": "Process measures",
    "balancing": "Balancing measures",
}
"""Measure types in the order the Measures tab groups them, with each group's heading."""
NARRATIVE = [
    ("Progress", "progress"),
    ("Risks and issues", "risks"),
    ("Next steps", "next_steps"),
    ("Asks of the board", "asks"),
]
"""The four parts of a check-in's narrative: the label shown and the check-in's field."""
GOAL_HELP = glossary.column_help(["Way from baseline", "Planned by now"])
"""The goal table's statistical headers → their help marks."""
MEASURE_HELP = glossary.column_help(["Variation", "Assurance"])
"""The measures table's statistical headers → their help marks."""
HEADLINE_HELP = glossary.column_help(["RAG"])
"""The headline figures' statistical labels → their help marks."""
GOAL_CHART_HEIGHT = 260
"""Pixels: a goal's chart sits beside its words, so it is no taller than a few lines of them."""


@dataclass(frozen=True, eq=False)
class GoalCard:
    """One goal as the Goals tab draws it: words on the left (markdown), its chart on the right."""

    code: str
    measure: str
    heading: str
    status: str
    confidence: str
    figure: go.Figure
    words: ChartWords


def header_caption(item: pd.Series) -> str:
    """Return the line under the aim (markdown): people, theme, dates, and an overdue check-in."""
    shown = {
        f: usertext.markdown(item[f], inline=True)
        for f in ("lead", "sponsor", "theme", "organisation")
    }
    return (
        f"Lead {shown['lead']} · Executive sponsor {shown['sponsor']} · {shown['theme']} · "
        f"{shown['organisation']} · {formatting.uk_date(item['start_date'])} to "
        f"{formatting.uk_date(item['planned_end'])}"
        + (" · ⚠ check-in overdue" if item["check_in_overdue"] else "")
    )


def headline(item: pd.Series) -> dict[str, str]:
    """Return the four figures above the tabs: status, RAG, confidence and last check-in."""
    return {
        "Status": str(item["status"]).capitalize(),
        "RAG": rag_text(item["rag"]),
        "Confidence": confidence_text(item["confidence"]),
        "Last check-in": formatting.uk_month(item["last_check_in"]),
    }


def goal_rows(book: reports.Portfolio) -> pd.DataFrame:
    """Return every goal: status, share of the way from baseline, latest, planned and target
    (the Goals tab says why each has its status: too long for a row on a laptop).

    "Way from baseline" is a share (0 at the baseline, 1 at the target) for a progress bar.
    """
    goals = book.goals
    measures = book.measures.set_index("code").loc[goals["measure"]]
    units, decimals = measures["unit"].tolist(), measures["decimals"].astype(int).tolist()
    baselines = book.goal_definitions.set_index("code").loc[goals["code"], "baseline_value"]

    def numbers(values: pd.Series) -> list[str]:
        return [formatting.number(v, u, d) for v, u, d in zip(values, units, decimals, strict=True)]

    return pd.DataFrame(
        {
            # The statement alone: its code would push the targets off a laptop's screen
            "Goal": goals["statement"],
            "Status": goals["status"].map(lambda s: vocabulary.text(GoalStatus, s)),
            "Way from baseline": progress.share_of_the_way(
                baselines.reset_index(drop=True),
                goals["latest_value"].reset_index(drop=True),
                goals["target_value"].reset_index(drop=True),
            ),
            "Latest": numbers(goals["latest_value"]),
            "Planned by now": numbers(goals["planned_value"]),
            "Target": [
                f"{n} by {formatting.uk_month(d)}"
                for n, d in zip(numbers(goals["target_value"]), goals["target_date"], strict=True)
            ],
        }
    ).reset_index(drop=True)


def goal_cards(book: reports.Portfolio) -> Iterator[GoalCard]:
    """Yield each goal's words and its chart of actuals against the trajectory, in goal order."""
    item = book.initiatives.iloc[0]
    measures = book.measures.set_index("code")
    # pandas-stubs type a row's fields as any cell; these are the goals table's.
    goals: Iterable[Any] = book.goals.itertuples()
    for goal in goals:
        measure = measures.loc[goal.measure]
        actuals = reports.measure_points(book, str(goal.measure))[["period", "value"]]
        planned = reports.goal_trajectory(book, str(goal.code))
        target_date = pd.Timestamp(goal.target_date).date()
        title, unit, decimals = str(measure["name"]), str(measure["unit"]), int(measure["decimals"])
        yield GoalCard(
            code=str(goal.code),
            measure=str(goal.measure),
            heading=f"**{goal.code}** · {usertext.markdown(goal.statement, inline=True)}",
            status=f"**{vocabulary.text(GoalStatus, goal.status)}** — "
            f"{usertext.markdown(goal.reason, inline=True)}",
            confidence=f"Owner's confidence: {rag_text(item['rag'])}, "
            f"{confidence_text(item['confidence'])}",
            figure=charts.goal_figure(
                actuals,
                planned,
                float(goal.target_value),
                target_date,
                title=title,
                unit=unit,
                decimals=decimals,
                height=GOAL_CHART_HEIGHT,
            ),
            words=goal_words(
                actuals,
                planned,
                float(goal.target_value),
                target_date,
                title=title,
                unit=unit,
                decimals=decimals,
            ),
        )


def measure_rows(book: reports.Portfolio) -> pd.DataFrame:
    """Return every measure with both icons and its latest value (and month); the Measures tab
    has each one's reading in words, too long for a table row."""
    measures = book.measures
    views = measure_views(book).values()
    # pandas-stubs type a row's fields as any cell; these are the measures table's.
    rows: Iterable[Any] = measures.itertuples()
    return pd.DataFrame(
        {
            "Code": measures["code"],
            "Measure": measures["name"],
            "Type": measures["type"].str.capitalize(),
            "Latest": [
                "–"
                if pd.isna(m.last_value)
                else f"{formatting.number(m.last_value, m.unit, int(m.decimals))} "
                f"({formatting.uk_month(m.last_period)})"
                for m in rows
            ],
            "Variation": [v.variation for v in views],
            "Assurance": [v.assurance for v in views],
        }
    ).reset_index(drop=True)


def measure_groups(book: reports.Portfolio) -> list[tuple[str, list[MeasureView]]]:
    """Return the measures grouped by type (outcome, process, balancing), empty groups left out."""
    views = measure_views(book).values()
    groups = [(h, [v for v in views if v.type == kind]) for kind, h in MEASURE_TYPES.items()]
    return [(heading, group) for heading, group in groups if group]


def history(book: reports.Portfolio) -> pd.DataFrame:
    """Return the initiative's check-ins, newest first."""
    return book.check_ins.sort_values("period", ascending=False)


def check_in_line(check_in: Any) -> str:
    """Return a check-in's one-line heading (markdown): month, RAG, confidence and author (and
    whom it was written for)."""
    written_for = check_in.on_behalf_of or ""
    on_behalf = (
        f" on behalf of {usertext.markdown(written_for, inline=True)}" if written_for else ""
    )
    return (
        f"{formatting.uk_month(check_in.period)} · {rag_text(check_in.rag)} · "
        f"confidence {check_in.confidence}/5 · "
        f"{usertext.markdown(check_in.author, inline=True)}{on_behalf}"
    )


def narrative(check_in: Any) -> list[str]:
    """Return the four parts of a check-in's narrative as markdown paragraphs, "–" when blank."""
    return [
        f"**{label}.** {usertext.markdown(getattr(check_in, field)) or '–'}"
        for label, field in NARRATIVE
    ]
