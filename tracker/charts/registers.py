"""The registers' charts: the 5 × 5 risk heat map and benefits cumulative against plan, each with
its words."""

import pandas as pd
import plotly.graph_objects as go

from tracker import vocabulary
from tracker.charts.describe import ChartWords
from tracker.charts.style import PALETTE, base_layout, date_axis
from tracker.formatting import number, uk_month
from tracker.models import MATRIX_SIDE
from tracker.risks import CONSEQUENCE, LIKELIHOOD, Band, band

HEAT_MAP_HEIGHT = 460
"""Tall enough for five rows of two-line cells on a laptop."""
CUMULATIVE_HEIGHT = 360


TINT = 0.55
"""How much white a cell's band colour is mixed with: black text on it keeps a 4.5:1 contrast
(WCAG 1.4.3) while the four bands stay apart."""


def _tint(colour: str) -> str:
    """Return a hex colour mixed with TINT of white."""
    red, green, blue = (int(colour[n : n + 2], 16) for n in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * TINT):02X}" for c in (red, green, blue))


def _cell_band(likelihood: int, consequence: int, bands: tuple[int, int, int]) -> Band:
    return Band(band(pd.Series([likelihood * consequence]), *bands).iloc[0])


def heat_map_figure(grid: pd.DataFrame, bands: tuple[int, int, int], title: str) -> go.Figure:
    """Return the 5 × 5 heat map of risks.heat_map's counts: each cell coloured by its band and
    labelled with its count of risks, the band's symbol and its score (never colour alone)."""
    sides = list(range(1, MATRIX_SIDE + 1))
    kinds = [[_cell_band(li, co, bands) for co in sides] for li in grid.index]
    order = list(Band)
    # A discrete scale: each band's colour fills its own quarter of 0..1.
    scale = []
    for n, kind in enumerate(order):
        colour = _tint(vocabulary.term(Band, kind).colour)
        scale += [[n / len(order), colour], [(n + 1) / len(order), colour]]
    counts = grid.to_numpy()
    text = [
        [
            f"<b>{int(counts[r, c])} risk{'' if counts[r, c] == 1 else 's'}</b><br>"
            f"{vocabulary.term(Band, kinds[r][c]).symbol} score {li * co}"
            for c, co in enumerate(sides)
        ]
        for r, li in enumerate(grid.index)
    ]
    fig = go.Figure(
        go.Heatmap(
            z=[[order.index(k) + 0.5 for k in row] for row in kinds],
            x=[f"{co} {CONSEQUENCE[co - 1]}" for co in sides],
            y=[f"{li} {LIKELIHOOD[li - 1]}" for li in grid.index],
            text=text,
            texttemplate="%{text}",
            textfont={"size": 15, "color": vocabulary.TEXT_BLACK},
            colorscale=scale,
            zmin=0,
            zmax=len(order),
            showscale=False,
            xgap=3,
            ygap=3,
            hoverinfo="skip",
        )
    )
    base_layout(fig, title=title, height=HEAT_MAP_HEIGHT, legend=False)
    fig.update_xaxes(title={"text": "Consequence"}, side="bottom", showline=False)
    fig.update_yaxes(title={"text": "Likelihood"}, autorange="reversed", showgrid=False)
    return fig


def heat_map_words(grid: pd.DataFrame, cells: pd.DataFrame) -> ChartWords:
    """Return the heat map in words: how many open risks, and each non-empty cell with its risks.

    `cells` has likelihood, consequence, score, band and risks (their codes, comma-separated).
    """
    filled = cells[cells["count"] > 0]
    parts = [
        f"likelihood {li} × consequence {co} = {score} ({name.lower()}): {n} — {codes}"
        for li, co, score, name, n, codes in filled[
            ["likelihood", "consequence", "score", "band", "count", "risks"]
        ].itertuples(index=False)
    ]
    total = int(grid.to_numpy().sum())
    text = f"{total} open risks on the 5 × 5 matrix." + (
        " By cell, highest score first: " + "; ".join(parts) + "." if parts else ""
    )
    table = filled.rename(columns=str.capitalize)[
        ["Likelihood", "Consequence", "Score", "Band", "Count", "Risks"]
    ]
    return ChartWords("Risk heat map of current scores", text, table.reset_index(drop=True))


def cumulative_figure(path: pd.DataFrame, title: str) -> go.Figure:
    """Return cumulative £ benefits by month: planned (dashed), actual (solid, with points) and
    forecast to the year's outturn (dotted, with diamonds)."""
    fig = go.Figure()
    base_layout(fig, title=title, height=CUMULATIVE_HEIGHT)
    date_axis(fig, path["month"])
    fig.update_yaxes(title={"text": "£ cumulative"}, tickprefix="£", tickformat=",.0f")
    fig.add_trace(
        go.Scatter(
            x=path["month"],
            y=path["planned"],
            mode="lines",
            name="Planned",
            line={"color": PALETTE["trajectory"], "dash": "dash", "width": 2},
            hovertemplate="%{x|%b %Y}: planned £%{y:,.0f}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=path["month"],
            y=path["actual"],
            mode="lines+markers",
            name="Actual",
            line={"color": PALETTE["actual"], "width": 2},
            marker={"size": 7, "symbol": "circle"},
            hovertemplate="%{x|%b %Y}: actual £%{y:,.0f}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=path["month"],
            y=path["forecast"],
            mode="lines+markers",
            name="Forecast",
            line={"color": PALETTE["actual"], "dash": "dot", "width": 2},
            marker={"size": 7, "symbol": "diamond-open"},
            hovertemplate="%{x|%b %Y}: forecast £%{y:,.0f}<extra></extra>",
        )
    )
    return fig


def cumulative_words(path: pd.DataFrame, year: str) -> ChartWords:
    """Return the cumulative chart in words: the year's plan and where actuals stand."""
    done = path.dropna(subset=["actual"])
    plan_year = number(float(path["planned"].iloc[-1]), "£", 0)
    if done.empty:
        text = f"{year}: planned {plan_year} by March; no actuals yet."
    else:
        last = done.iloc[-1]
        text = (
            f"{year}: planned {plan_year} by March. To {uk_month(last['month'])}, "
            f"{number(float(last['actual']), '£', 0)} delivered against "
            f"{number(float(last['planned']), '£', 0)} planned; forecast outturn "
            f"{number(float(path['forecast'].iloc[-1]), '£', 0)}."
        )
    table = pd.DataFrame(
        {
            "Month": [uk_month(m) for m in path["month"]],
            "Planned (cumulative)": [number(v, "£", 0) for v in path["planned"]],
            "Actual (cumulative)": [number(v, "£", 0) for v in path["actual"]],
            "Forecast (cumulative)": [number(v, "£", 0) for v in path["forecast"]],
        }
    )
    return ChartWords("Benefits delivered against plan, cumulative by month", text, table)
