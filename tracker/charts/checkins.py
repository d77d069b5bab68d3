"""Check-in history: the owner's confidence over time, each point labelled with its RAG."""

import pandas as pd
import plotly.graph_objects as go

from tracker.charts.labels import all_month_starts, uk_date
from tracker.charts.spc_chart import require_columns
from tracker.charts.style import PALETTE, base_layout, date_axis
from tracker.models import Rag
from tracker.vocabulary import RAGS

_ALIASES = {term.label[0].lower(): rag.value for rag, term in RAGS.items()}


def rag_key(rag: object) -> str:
    """Return red, amber or green for a RAG value (any case, or R/A/G); others raise ValueError."""
    key = str(rag).strip().lower()
    key = _ALIASES.get(key, key)
    if key not in set(Rag):
        raise ValueError(f"rag {rag!r} is not one of red, amber, green")
    return key


def rag_history_figure(check_ins: pd.DataFrame, title: str = "", height: int = 260) -> go.Figure:
    """Return confidence (1–5) over time with one marker per check-in, coloured by RAG and
    labelled R, A or G so it never relies on colour alone.

    `check_ins` has period, rag (red/amber/green) and confidence (1–5).
    """
    require_columns(check_ins, ("period", "rag", "confidence"), "check_ins")
    rows = check_ins[["period", "rag", "confidence"]].copy()
    rows["period"] = pd.to_datetime(rows["period"])
    rows = rows.sort_values("period").reset_index(drop=True)
    rows["rag"] = [rag_key(r) for r in rows["rag"]]
    monthly = all_month_starts(rows["period"])
    fig = go.Figure()
    base_layout(fig, title=title, height=height)
    date_axis(fig, rows["period"])
    fig.update_yaxes(title={"text": "Confidence (1–5)"}, range=[0.5, 5.7], tickvals=[1, 2, 3, 4, 5])
    if rows.empty:
        fig.add_annotation(
            text="No check-ins yet", x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False
        )
        return fig
    fig.add_trace(
        go.Scatter(
            x=rows["period"],
            y=rows["confidence"],
            mode="lines",
            name="Confidence",
            showlegend=False,
            hoverinfo="skip",
            line={"color": PALETTE["trajectory"], "width": 1.5},
        )
    )
    for key, term in RAGS.items():
        letter, words = term.label[0], term.label
        part = rows[rows["rag"] == key]
        if part.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=part["period"],
                y=part["confidence"],
                mode="markers+text",
                name=f"{letter} = {words}",
                marker={
                    "color": term.colour,
                    "symbol": term.marker,
                    "size": 13,
                    "line": {"color": PALETTE["text"], "width": 1},
                },
                text=[letter] * len(part),
                textposition="top center",
                textfont={"color": PALETTE["text"], "size": 12},
                hovertext=[
                    f"<b>{uk_date(p, month_only=monthly)}</b><br>RAG {words}<br>"
                    f"Confidence {int(c)} of 5"
                    for p, c in zip(part["period"], part["confidence"], strict=True)
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    return fig
