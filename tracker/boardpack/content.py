"""Assemble a pack's contents from a portfolio (and the last pack's): pure, no I/O."""

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

import pandas as pd

from tracker import formatting, qi_view, vocabulary
from tracker.attention import ExceptionKind
from tracker.boardpack import diff
from tracker.boardpack.fit import FOOTER_NAME_LIMIT, TEXT_LIMIT, cut, shorten
from tracker.boardpack.lookup import trajectories
from tracker.boardpack.model import (
    Changes,
    Cover,
    GoalBlock,
    GoalChart,
    InitiativeSection,
    MeasureBlock,
    MilestoneChart,
    PackContent,
    PackSpec,
    SpcChart,
    Table,
)
from tracker.boardpack.words import (
    PRESET_WORDS,
    confidence_text,
    filters_text,
    goal_text,
    rag_text,
    timestamp,
)
from tracker.charts import assurance_icon_text
from tracker.charts.labels import is_missing
from tracker.measure_view import MeasureView, measure_views
from tracker.progress import GoalStatus
from tracker.reports import MATRIX_ASSURANCE, MATRIX_VARIATION, Portfolio
from tracker.spc_settings import VariationFamily

FAMILY = vocabulary.VARIATION_FAMILIES

MEASURE_KINDS = {"outcome": "Outcome measure", "process": "Process measure",
                 "balancing": "Balancing measure"}  # fmt: skip
"""Measures are shown outcome first, then process, then balancing (Model for Improvement)."""

DIRECTION_WORDS = {
    "increase": "Higher is better",
    "decrease": "Lower is better",
    "neither": "Neither direction is better",
}
NARRATIVE = (
    ("progress", "Progress"),
    ("risks", "Risks and issues"),
    ("next_steps", "Next steps"),
    ("asks", "Asks of the board"),
)
"""The four parts of a check-in, with the headings the Initiative page uses."""


def _matrix(book: Portfolio) -> Table:
    counts = book.matrix.set_index(["variation", "assurance"])["n"]
    rows = []
    for variation in MATRIX_VARIATION:
        cells = [int(counts.get((variation, a), 0)) for a in MATRIX_ASSURANCE]
        words = vocabulary.text(VariationFamily, variation)
        rows.append((words, *map(str, cells), str(sum(cells))))
    columns = ("Variation \\ assurance", *map(assurance_icon_text, MATRIX_ASSURANCE))
    return Table(
        columns=(*columns, "Total"),
        rows=tuple(rows),
        widths=(2.4, 1, 1, 1, 1, 1),
    )


UPDATES_OVERDUE = "Updates overdue (data and check-ins)"
"""The tile counting who owes what; the registers' pages add their reviews and actuals to it."""


def _tiles(book: Portfolio) -> tuple[tuple[str, str], ...]:
    t = book.tiles
    rag = " · ".join(f"{term.label} {t[f'rag_{key}']}" for key, term in vocabulary.RAGS.items())
    if t["rag_none"]:
        rag += f" · no check-in {t['rag_none']}"
    return (
        ("Initiatives by RAG", rag),
        (
            "Goals",
            " · ".join(
                f"{vocabulary.text(GoalStatus, status)} {t[f'goals_{status}']}"
                for status in (GoalStatus.on_track, GoalStatus.at_risk, GoalStatus.off_track)
            ),
        ),
        (
            "Measures",
            f"{FAMILY[VariationFamily.improvement].symbol} Improvement "
            f"{t['measures_improvement']} · {FAMILY[VariationFamily.concern].symbol} Concern "
            f"{t['measures_concern']} of {t['measures']}",
        ),
        ("Failing their target", f"{t['assurance_fail']} measures"),
        ("Milestones late", str(t["milestones_late"])),
        (UPDATES_OVERDUE, str(t["updates_overdue"])),
    )


def _exceptions(book: Portfolio) -> Table:
    return exceptions_table(book.exceptions)


def exceptions_table(found: pd.DataFrame) -> Table:
    """Return an exceptions list (attention.exceptions) as the pack's table."""
    rows = tuple(
        (
            str(r.severity),
            vocabulary.label(ExceptionKind, r.kind),
            str(r.initiative),
            f"{r.code} {shorten(str(r.title))}",
            str(r.reason),
        )
        for r in found.itertuples()
    )
    return Table(
        columns=("Severity", "What", "Initiative", "Item", "Reason"),
        rows=rows,
        widths=(0.8, 1.6, 1, 3, 5),
        empty="Nothing needs the board's attention.",
    )


def _slip(days: Any) -> str:
    if is_missing(days):
        return "–"
    value = int(days)
    if value == 0:
        return "On time"
    return f"{value} days later" if value > 0 else f"{-value} days earlier"


def _milestones(rows: pd.DataFrame) -> Table:
    ordered = rows.sort_values(["baseline_date", "code"], kind="stable")
    table = []
    for _, r in ordered.iterrows():
        done = r["status"] == "complete"
        when = r["completed_date"] if done else r["forecast_date"]
        table.append(
            (
                str(r["code"]),
                str(r["title"]),
                str(r["owner"]),
                formatting.uk_date(r["baseline_date"]),
                ("Completed " if done else "Forecast ") + formatting.uk_date(when),
                vocabulary.milestone_state(r["status"], bool(r["is_late"])),
                _slip(r["slip_days"]),
            )
        )
    return Table(
        columns=("Code", "Milestone", "Owner", "Baseline", "Forecast or done", "Status", "Moved"),
        rows=tuple(table),
        widths=(1.1, 3.4, 1.5, 1.1, 1.6, 1, 1.1),
        empty="No milestones.",
    )


def _measure_block(view: MeasureView) -> MeasureBlock:
    return MeasureBlock(
        code=view.code,
        name=shorten(view.name),
        kind=MEASURE_KINDS.get(view.type, view.type),
        variation=view.variation,
        assurance=view.assurance,
        variation_reading=view.variation_reading,
        assurance_reading=view.assurance_reading,
        chart=SpcChart(
            key=f"spc-{view.code}",
            points=view.points,
            targets=view.targets,
            annotations=view.annotations,
            unit=view.unit,
            decimals=view.decimals,
            median=view.median,
            name=view.name,
            variation_icon=view.variation_icon,
            assurance_icon=view.assurance_icon,
        ),
    )


def _goal_block(
    goal: pd.Series, views: dict[str, MeasureView], planned: dict[str, pd.DataFrame]
) -> GoalBlock:
    code = str(goal["code"])
    measure = views[str(goal["measure"])]
    return GoalBlock(
        code=code,
        statement=str(goal["statement"]),
        status=goal_text(goal["status"]),
        reason=str(goal["reason"]),
        chart=GoalChart(
            key=f"goal-{code}",
            actuals=measure.points[["period", "value"]],
            trajectory=planned[code],
            target_value=float(goal["target_value"]),
            target_date=pd.Timestamp(goal["target_date"]).date(),
            title=f"{goal['measure']} {shorten(measure.name)}",
            unit=measure.unit,
            decimals=measure.decimals,
        ),
    )


def _narrative(check_ins: pd.DataFrame) -> tuple[str, tuple[tuple[str, str], ...]]:
    if check_ins.empty:
        return "No check-in yet.", ()
    latest = check_ins.sort_values("period").iloc[-1]
    heading = f"Latest check-in: {formatting.uk_month(latest['period'])}, by {latest['author']}"
    parts = tuple(
        (label, cut(str(latest[column]), TEXT_LIMIT) or "–") for column, label in NARRATIVE
    )
    return heading, parts


def _section(
    book: Portfolio,
    views: dict[str, MeasureView],
    planned: dict[str, pd.DataFrame],
    item: pd.Series,
    today: date,
) -> InitiativeSection:
    code = str(item["code"])
    measures = book.measures[book.measures["initiative"] == code]
    order = list(MEASURE_KINDS)
    measures = measures.assign(
        _order=measures["type"].map(lambda t: order.index(t) if t in order else len(order))
    ).sort_values(["_order", "code"], kind="stable")
    goals = book.goals[book.goals["initiative"] == code]
    milestones = book.milestones[book.milestones["initiative"] == code]
    check_in, narrative = _narrative(book.check_ins[book.check_ins["initiative"] == code])
    if item["check_in_overdue"]:
        check_in += " · ⚠ the next check-in is overdue"
    facts = (
        f"Lead {item['lead']} · Executive sponsor {item['sponsor']} · "
        f"{shorten(str(item['theme']))} · {shorten(str(item['organisation']))} · "
        f"{str(item['status']).capitalize()} · "
        f"{formatting.uk_date(item['start_date'])} to {formatting.uk_date(item['planned_end'])}"
    )
    return InitiativeSection(
        code=code,
        name=shorten(str(item["name"])),
        aim=cut(str(item["aim"]), TEXT_LIMIT),
        facts=facts,
        rag=rag_text(item["rag"]),
        confidence=confidence_text(item["confidence"]),
        check_in=check_in,
        narrative=narrative,
        goals=tuple(_goal_block(g, views, planned) for _, g in goals.iterrows()),
        measures=tuple(_measure_block(views[str(c)]) for c in measures["code"]),
        milestones=_milestones(milestones),
        milestone_chart=None
        if milestones.empty
        else MilestoneChart(key=f"milestones-{code}", milestones=milestones, today=today),
    )


def _targets_in_force(targets: pd.DataFrame, today: date) -> pd.DataFrame:
    """Return the target revision in force on `today` for each measure that has one, by code."""
    stamp = pd.Timestamp(today)
    started = targets[pd.to_datetime(targets["effective_from"]) <= stamp]
    latest = started.sort_values("effective_from").groupby("measure").tail(1)
    ends = pd.to_datetime(latest["effective_to"])
    return latest[ends.isna() | (ends >= stamp)].set_index("measure")


def _appendix(book: Portfolio) -> Table:
    in_force = _targets_in_force(book.targets, book.today)
    rows = []
    for _, m in book.measures.sort_values("code").iterrows():
        value, source = "No target", "–"
        if m["code"] in in_force.index:
            target = in_force.loc[m["code"]]
            value = (
                f"{formatting.number(target['value'], str(m['unit']), int(m['decimals']))} "
                f"from {formatting.uk_date(target['effective_from'])}"
            )
            source = f"{target['reason']} (set by {target['set_by']})"
        rows.append(
            (
                f"{m['code']} {shorten(str(m['name']))}",
                MEASURE_KINDS.get(str(m["type"]), str(m["type"])).removesuffix(" measure"),
                str(m["definition"]),
                DIRECTION_WORDS.get(str(m["direction"]), str(m["direction"])),
                str(m["frequency"]).capitalize(),
                str(m["owner"]),
                value,
                source,
            )
        )
    return Table(
        columns=(
            "Measure",
            "Type",
            "Definition",
            "Direction",
            "Frequency",
            "Owner",
            "Target",
            "Target source",
        ),  # fmt: skip
        rows=tuple(rows),
        widths=(2.2, 0.9, 3.5, 1.2, 1.1, 1.2, 1.4, 2),
    )


def since_text(previous: PackSpec | None) -> str:
    """Return which pack the changes are measured from, in words."""
    if previous is None:
        return diff.FIRST_PACK
    return (
        f"Changes since the pack for {formatting.uk_month(previous.period)} "
        f"(cut-off {timestamp(previous.cut_off)})."
    )


def assemble(
    book: Portfolio,
    previous: Portfolio | None,
    spec: PackSpec,
    programme: str,
    previous_spec: PackSpec | None = None,
) -> PackContent:
    """Return the whole pack's contents for `book` (the portfolio at the cut-off).

    `previous` is the last published pack's portfolio (None for the first pack) and
    `previous_spec` how it was built; `programme` is the name printed on the cover.
    """
    changes: Changes = diff.changes(book, previous, since_text(previous_spec))
    period = formatting.uk_month(spec.period)
    status = (
        f"Published pack {spec.pack_id}" if spec.pack_id is not None else "Draft: not published"
    )
    cover = Cover(
        programme=shorten(programme),
        title=f"Board pack: {period}",
        period=f"Reporting period {period} ({formatting.financial_year(spec.period)})",
        cut_off=(
            f"Data as recorded at {timestamp(spec.cut_off)}; statuses as at "
            f"{formatting.uk_date(spec.as_at)}"
        ),
        author=f"Prepared by {spec.author}",
        rules=f"SPC rules: {PRESET_WORDS.get(spec.preset, spec.preset)}",
        scope=(
            f"{shorten(filters_text(spec.filters))}: {book.tiles['initiatives']} initiatives, "
            f"{book.tiles['measures']} measures"
        ),
        status=status,
    )
    initiatives = book.initiatives.sort_values("code")
    # Every measure's view and goal's trajectory at once: per item, filtering the portfolio's
    # tables took longer than writing the slides.
    views, planned = measure_views(book), trajectories(book)
    return PackContent(
        cover=cover,
        footer=(
            f"{shorten(programme, FOOTER_NAME_LIMIT)} · Board pack {period} · "
            f"cut-off {timestamp(spec.cut_off)}"
        ),
        tiles=_tiles(book),
        matrix=_matrix(book),
        matrix_total=int(book.matrix["n"].sum()),
        exceptions=_exceptions(book),
        changes=changes,
        initiatives=tuple(
            _section(book, views, planned, item, spec.as_at) for _, item in initiatives.iterrows()
        ),
        appendix=_appendix(book),
    )


def with_cycles(content: PackContent, methods: Mapping[str, qi_view.Method]) -> PackContent:
    """Return the pack with each measure's SPC chart showing its PDSA cycles (those naming the
    measure or testing a change idea linked to it: qi_view.Method.cycles_on)."""

    def marked(block: MeasureBlock, method: qi_view.Method | None) -> MeasureBlock:
        if method is None:
            return block
        cycles = tuple(method.cycles_on(block.code))
        return replace(block, chart=replace(block.chart, cycles=cycles, titles=method.titles))

    sections = tuple(
        replace(s, measures=tuple(marked(m, methods.get(s.code)) for m in s.measures))
        for s in content.initiatives
    )
    return replace(content, initiatives=sections)
