"""The MDC summary matrix: how many measures have each variation icon and assurance icon."""

import pandas as pd
import plotly.graph_objects as go

from tracker.charts.labels import ASSURANCE_ICON_TEXTS, is_missing
from tracker.charts.spc_chart import require_columns
from tracker.charts.style import PALETTE, base_layout

VARIATION_ROWS: dict[str, tuple[str, str]] = {
    "improvement": ("Special cause improvement", PALETTE["improvement"]),
    "concern": ("Special cause concern", PALETTE["concern"]),
    "neutral": ("Special cause neutral", PALETTE["neutral"]),
    "common_cause": ("Common cause", PALETTE["common_cause"]),
    "none": ("No variation icon", PALETTE["text"]),
}
"""Matrix row key → (words, colour of the words)."""
ASSURANCE_COLUMNS = ("pass", "hit_and_miss", "fail", "none")


def variation_row(icon: object) -> str:
    """Return the matrix row key for a variation icon: improvement_high → "improvement".

    Accepts the detailed icons (improvement_high, concern_low …), the row keys themselves, and
    None/NaN for "none"; anything else raises ValueError.
    """
    if is_missing(icon):
        return "none"
    key = str(icon)
    for row in VARIATION_ROWS:
        if key == row or key in (f"{row}_high", f"{row}_low"):
            return row
    raise ValueError(f"variation_icon {icon!r} is not a known variation icon")


def assurance_column(icon: object) -> str:
    """Return the matrix column key for an assurance icon; None/NaN is "none"."""
    if is_missing(icon):
        return "none"
    if str(icon) not in ASSURANCE_COLUMNS:
        raise ValueError(f"assurance_icon {icon!r} is not one of {', '.join(ASSURANCE_COLUMNS)}")
    return str(icon)


def summary_matrix(counts: pd.DataFrame, title: str = "", height: int = 340) -> go.Figure:
    """Return the MDC summary matrix as a heatmap of measure counts, labelled in words.

    `counts` has variation_icon, assurance_icon and n (rows with the same pair are added up).
    Rows are improvement, concern, neutral, common cause and none; columns pass, hit and
    miss, fail and none. Each cell's customdata holds its [variation row, assurance column]
    keys so a page can list the measures behind a clicked cell.
    """
    require_columns(counts, ("variation_icon", "assurance_icon", "n"), "counts")
    grid = {(r, c): 0 for r in VARIATION_ROWS for c in ASSURANCE_COLUMNS}
    for row in counts.itertuples(index=False):
        key = (variation_row(row.variation_icon), assurance_column(row.assurance_icon))
        grid[key] += int(row.n)
    rows = list(VARIATION_ROWS)
    z = [[grid[(r, c)] for c in ASSURANCE_COLUMNS] for r in rows]
    row_words = [VARIATION_ROWS[r][0] for r in rows]
    column_words = [ASSURANCE_ICON_TEXTS[c] for c in ASSURANCE_COLUMNS]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=column_words,
            y=row_words,
            text=[[str(v) for v in line] for line in z],
            texttemplate="%{text}",
            textfont={"size": 16},
            customdata=[[[r, c] for c in ASSURANCE_COLUMNS] for r in rows],
            hovertemplate="%{y} · assurance %{x}<br>%{z} measure(s)<extra></extra>",
            colorscale=[[0, "#FFFFFF"], [1, "#9FC5E8"]],
            showscale=False,
            xgap=2,
            ygap=2,
        )
    )
    base_layout(fig, title=title, height=height, legend=False)
    fig.update_xaxes(side="top", title={"text": "Assurance"}, ticks="", linecolor="white")
    fig.update_yaxes(
        autorange="reversed",
        title={"text": "Variation"},
        tickvals=row_words,
        # A swatch in the MDC colour beside dark words: readable, and never colour alone.
        ticktext=[
            f'<span style="color:{VARIATION_ROWS[r][1]}">■</span> {VARIATION_ROWS[r][0]}'
            for r in rows
        ],
        showgrid=False,
    )
    fig.update_layout(margin={"t": 96 if title else 64, "l": 200})
    return fig
