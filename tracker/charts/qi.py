"""The improvement method's charts: the driver diagram, the progress score and PDSA cycles on SPC."""

import textwrap
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from tracker import drivers, usertext, vocabulary
from tracker.charts.describe import ChartWords
from tracker.charts.labels import uk_date
from tracker.charts.style import PALETTE, base_layout, date_axis
from tracker.models import DriverKind, DriverNode, LinkStrength, PdsaCycle

DIAGRAM_COLUMNS = ("Aim", *(vocabulary.DRIVER_KINDS[k].label for k in drivers.COLUMNS))
"""The diagram's column headings, left to right."""
BOX_WIDTH = 0.86
"""A node's box as a share of its column: the rest is the gap its links cross."""
ROW_PX = 72
"""Pixels per node in the longest column: room for three lines of 12 px text and a gap."""
MIN_HEIGHT = 360
"""The least height, in pixels: a small diagram still reads as a diagram."""
HEADING_PX = 56
"""Pixels above the boxes for the column headings."""
WRAP_CHARS = 30
"""Characters per line in a box: a quarter of a 1280 px page in 12 px Arial."""
BOX_LINES = 3
"""Lines shown in a box; a longer title ends in '…' and hover gives it whole."""
AIM_LINES = 12
"""Lines of the aim shown in its box (it has the height of the whole diagram)."""
NODE_FONT_PX = 12
BOX_SHARE = 0.86
"""A box's height as a share of its row: the rest keeps boxes of one column apart."""


def _wrap(text: str, lines: int) -> str:
    """Return `text` wrapped to WRAP_CHARS, at most `lines` lines, as plotly text (escaped)."""
    found = textwrap.wrap(text, WRAP_CHARS)
    if len(found) > lines:
        found = [
            *found[: lines - 1],
            textwrap.shorten(" ".join(found[lines - 1 :]), WRAP_CHARS, placeholder=" …"),
        ]
    return "<br>".join(usertext.plotly(line) for line in found)


def diagram_height(nodes: Sequence[DriverNode]) -> int:
    """Return the pixel height that gives every node of the longest column its row."""
    longest = max((len(c) for c in drivers.columns(nodes).values()), default=0)
    return max(MIN_HEIGHT, HEADING_PX + longest * ROW_PX)


def node_places(nodes: Sequence[DriverNode]) -> dict[str, tuple[int, float]]:
    """Return each node's column (1 primary … 3 change idea) and the centre of its box, from 0
    (top) to 1, its column's nodes spread evenly down the whole height."""
    places: dict[str, tuple[int, float]] = {}
    for column, kind in enumerate(drivers.COLUMNS, start=1):
        found = drivers.columns(nodes)[kind]
        for row, node in enumerate(found):
            places[node.code] = (column, (row + 0.5) / len(found))
    return places


def driver_diagram_figure(aim: str, nodes: Sequence[DriverNode]) -> go.Figure:
    """Return the driver diagram left to right: the aim, primary and secondary drivers and change
    ideas as boxes, each link a line (solid strong, dotted hypothesised); hover gives a node's
    whole title, code and links."""
    fig = go.Figure()
    base_layout(fig, title="", height=diagram_height(nodes))
    places = node_places(nodes)
    half = BOX_WIDTH / 2
    lines: dict[LinkStrength, tuple[list[float | None], list[float | None]]] = {
        s: ([], []) for s in LinkStrength
    }
    for node in nodes:
        column, middle = places[node.code]
        # A primary driver serves the aim: a strong line from the aim's box.
        links = [(0, 0.5, LinkStrength.strong)] if node.kind is DriverKind.primary else []
        links += [(*places[p.code], p.strength) for p in node.parents if p.code in places]
        for parent_column, parent_middle, strength in links:
            xs, ys = lines[strength]
            xs += [parent_column + 0.5 + half, column + 0.5 - half, None]
            ys += [parent_middle, middle, None]
    for strength, (xs, ys) in lines.items():
        term = vocabulary.LINK_STRENGTHS[strength]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                name=f"{term.label} link",
                line={"color": term.colour, "dash": term.marker, "width": 1.5},
                hoverinfo="skip",
                showlegend=bool(xs),
            )
        )
    longest = max((len(c) for c in drivers.columns(nodes).values()), default=1)
    tall = min(0.9 / longest, 0.3) * BOX_SHARE
    boxes = [_box(0, 0.5, 0.98, vocabulary.NHS_BLUE, _wrap(aim, AIM_LINES))]
    boxes += [
        _box(
            *places[n.code], tall, vocabulary.DRIVER_KINDS[n.kind].colour, _wrap(n.title, BOX_LINES)
        )
        for n in nodes
    ]
    headings = [
        {
            "x": column + 0.5,
            "y": 1,
            "xref": "x",
            "yref": "paper",
            "yanchor": "bottom",
            "yshift": 8,
            "text": f"<b>{heading}</b>",
            "showarrow": False,
        }
        for column, heading in enumerate(DIAGRAM_COLUMNS)
    ]
    fig.add_trace(
        go.Scatter(
            x=[places[n.code][0] + 0.5 for n in nodes],
            y=[places[n.code][1] for n in nodes],
            mode="markers",
            marker={"size": 1, "color": "white", "opacity": 0},
            showlegend=False,
            customdata=[n.code for n in nodes],
            hovertext=[_node_hover(n) for n in nodes],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    # Shapes and labels are set at once: adding each in turn validates the whole layout every
    # time (half a second for 30 nodes).
    fig.update_layout(
        shapes=[shape for shape, _ in boxes],
        annotations=headings + [label for _, label in boxes],
        margin={"l": 8, "r": 8, "t": HEADING_PX, "b": 8},
        hovermode="closest",
        legend={"y": 1, "yanchor": "top", "x": 1, "xanchor": "right"},
    )
    fig.update_xaxes(visible=False, range=[0, len(DIAGRAM_COLUMNS)], fixedrange=True)
    fig.update_yaxes(visible=False, range=[1.02, -0.02], fixedrange=True)
    return fig


def _box(
    column: int, middle: float, tall: float, colour: str, text: str
) -> tuple[dict[str, object], dict[str, object]]:
    """Return one node's white box with a coloured border, and its words."""
    half = BOX_WIDTH / 2
    shape = {
        "type": "rect",
        "x0": column + 0.5 - half,
        "x1": column + 0.5 + half,
        "y0": middle - tall / 2,
        "y1": middle + tall / 2,
        "line": {"color": colour, "width": 2},
        "fillcolor": "white",
        "layer": "below",
    }
    label = {
        "x": column + 0.5,
        "y": middle,
        "text": text,
        "showarrow": False,
        "font": {"size": NODE_FONT_PX, "color": PALETTE["text"]},
    }
    return shape, label


def _node_hover(node: DriverNode) -> str:
    kind = vocabulary.DRIVER_KINDS[node.kind].label
    serves = "; ".join(
        f"{p.code} ({vocabulary.LINK_STRENGTHS[p.strength].label.lower()})" for p in node.parents
    )
    parts = [f"<b>{kind} {node.code}</b>", usertext.plotly(node.title)]
    if serves:
        parts.append(f"Serves {serves}")
    if node.measures:
        parts.append(f"Measures {', '.join(node.measures)}")
    return "<br>".join(parts)


def diagram_words(aim: str, nodes: Sequence[DriverNode]) -> ChartWords:
    """Return the driver diagram in words and as a table: a row per node with what it serves."""
    found = drivers.columns(nodes)
    table = pd.DataFrame(
        {
            "Code": [n.code for c in found.values() for n in c],
            "Kind": [vocabulary.DRIVER_KINDS[n.kind].label for c in found.values() for n in c],
            "Title": [n.title for c in found.values() for n in c],
            "Serves": [
                "; ".join(
                    f"{p.code} ({vocabulary.LINK_STRENGTHS[p.strength].label.lower()})"
                    for p in n.parents
                )
                or "the aim"
                for c in found.values()
                for n in c
            ],
            "Measures": [", ".join(n.measures) for c in found.values() for n in c],
        }
    )
    if not nodes:
        return ChartWords("Driver diagram", "Driver diagram: no drivers yet.", table)
    counts = ", ".join(
        f"{len(found[k])} {vocabulary.DRIVER_KINDS[k].label.lower()}s" for k in drivers.COLUMNS
    )
    hypotheses = sum(p.strength is LinkStrength.hypothesised for n in nodes for p in n.parents)
    text = (
        f"Driver diagram, read left to right from the aim ({aim}): {counts}. "
        f"{hypotheses} link(s) are hypothesised (dotted), the rest strong (solid). "
        "The table lists every node with the nodes it serves."
    )
    return ChartWords("Driver diagram", text, table)


def progress_score_figure(check_ins: pd.DataFrame, height: int = 260) -> go.Figure:
    """Return the team's IHI progress score (0.5–5) at each check-in that gave one; hover gives
    the scale's wording."""
    rows = check_ins.dropna(subset=["progress_score"]).sort_values("period")
    fig = go.Figure()
    base_layout(fig, title="", height=height, legend=False)
    date_axis(fig, rows["period"])
    fig.update_yaxes(
        title={"text": "Progress score (0.5–5)"}, range=[0, 5.4], tickvals=[1, 2, 3, 4, 5]
    )
    if rows.empty:
        fig.add_annotation(
            text="No progress score given yet",
            x=0.5,
            y=0.5,
            xref="paper",
            yref="paper",
            showarrow=False,
        )
        return fig
    fig.add_trace(
        go.Scatter(
            x=pd.to_datetime(rows["period"]),
            y=rows["progress_score"],
            mode="lines+markers",
            name="Progress score",
            line={"color": PALETTE["actual"], "width": 2, "shape": "hv"},
            marker={"size": 9, "color": PALETTE["actual"]},
            hovertext=[
                f"<b>{uk_date(p, month_only=True)}</b><br>{vocabulary.progress_score_text(s)}"
                for p, s in zip(rows["period"], rows["progress_score"], strict=True)
            ],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    return fig


def progress_score_words(check_ins: pd.DataFrame) -> ChartWords:
    """Return the progress score over time in words and as a table."""
    rows = check_ins.dropna(subset=["progress_score"]).sort_values("period")
    table = pd.DataFrame(
        {
            "Period": [uk_date(p, month_only=True) for p in rows["period"]],
            "Progress score": [vocabulary.progress_score_text(s) for s in rows["progress_score"]],
        }
    )
    if rows.empty:
        return ChartWords("Progress score", "Progress score: none given yet.", table)
    first, last = table.iloc[0], table.iloc[-1]
    text = (
        f"Progress score on the IHI scale (0.5 to 5) at {len(rows)} check-ins: from "
        f"{first['Progress score']} in {first['Period']} to {last['Progress score']} in "
        f"{last['Period']}."
    )
    return ChartWords("Progress score", text, table)


def cycle_term(cycle: PdsaCycle) -> vocabulary.Term:
    """Return how a cycle's state is shown: its act decision, or running."""
    if cycle.act_decision is None:
        return vocabulary.PDSA_RUNNING
    return vocabulary.ACT_DECISIONS[cycle.act_decision]


def pdsa_groups(
    cycles: Sequence[PdsaCycle],
) -> list[tuple[vocabulary.Term, str, list[PdsaCycle]]]:
    """Return the cycles as a chart's legend groups them: by act decision, then running, each
    with its term and legend name ('PDSA: adopt'); a group with no cycles is left out. The
    screen's chart and the pack's native chart both mark them so."""
    groups = []
    for term in (*vocabulary.ACT_DECISIONS.values(), vocabulary.PDSA_RUNNING):
        shown = [c for c in cycles if cycle_term(c) == term]
        if shown:
            groups.append((term, f"PDSA: {term.label.lower()}", shown))
    return groups


def add_pdsa_cycles(
    fig: go.Figure, cycles: Sequence[PdsaCycle], titles: dict[str, str]
) -> go.Figure:
    """Return `fig` (an SPC chart) with each PDSA cycle as a shaded span from its start to its
    end and a marker at the top, shaped and coloured by its act decision, named in the legend;
    hover gives the change idea (`titles` maps its code to its title) and the decision."""
    # Shapes set at once: add_vrect validates the whole layout per call (a tenth of a second).
    spans = [
        {
            "type": "rect",
            "xref": "x",
            "yref": "paper",
            "x0": c.start_date,
            "x1": c.end_date,
            "y0": 0,
            "y1": 1,
            "fillcolor": PALETTE["band"],
            "opacity": 0.8,
            "line": {"width": 0},
            "layer": "below",
        }
        for c in cycles
    ]
    if spans:
        fig.update_layout(shapes=[*fig.layout.shapes, *spans])
    for term, name, shown in pdsa_groups(cycles):
        fig.add_trace(
            go.Scatter(
                x=[pd.Timestamp(c.end_date) for c in shown],
                y=[1.0] * len(shown),
                yaxis="y2",
                mode="markers",
                name=name,
                marker={
                    "symbol": term.marker,
                    "size": 11,
                    "color": term.colour,
                    "line": {"color": PALETTE["text"], "width": 1},
                },
                hovertext=[_cycle_hover(c, titles) for c in shown],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    if cycles:
        fig.update_layout(
            yaxis2={"overlaying": "y", "range": [0, 1.05], "visible": False, "fixedrange": True}
        )
    return fig


def _cycle_hover(cycle: PdsaCycle, titles: dict[str, str]) -> str:
    idea = usertext.plotly(titles.get(cycle.change_idea, cycle.change_idea))
    return (
        f"<b>PDSA {cycle.code}</b> · cycle {cycle.number}<br>{idea}<br>"
        f"{uk_date(cycle.start_date)} to {uk_date(cycle.end_date)}<br>{cycle_term(cycle).text}"
    )


def pdsa_rows(cycles: Sequence[PdsaCycle], titles: dict[str, str]) -> pd.DataFrame:
    """Return the cycles as the list under a chart shows them, by start date."""
    ordered = sorted(cycles, key=lambda c: (c.start_date, c.code))
    return pd.DataFrame(
        {
            "Cycle": [f"{c.code} (cycle {c.number})" for c in ordered],
            "Change idea": [titles.get(c.change_idea, c.change_idea) for c in ordered],
            "From": [uk_date(c.start_date) for c in ordered],
            "To": [uk_date(c.end_date) for c in ordered],
            "Decision": [cycle_term(c).text for c in ordered],
        }
    )


def pdsa_sentence(cycles: Sequence[PdsaCycle], titles: dict[str, str]) -> str:
    """Return the chart's PDSA cycles in a sentence, for its words ('' when there are none)."""
    if not cycles:
        return ""
    parts = [
        f"{c.code} testing {titles.get(c.change_idea, c.change_idea)} from "
        f"{uk_date(c.start_date)} to {uk_date(c.end_date)} ({cycle_term(c).label.lower()})"
        for c in sorted(cycles, key=lambda c: (c.start_date, c.code))
    ]
    return f" PDSA cycles shown as shaded spans: {'; '.join(parts)}."
