"""The milestone timeline: baseline against forecast (or completion) per milestone, with Today."""

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from tracker import usertext, vocabulary
from tracker.charts.labels import is_missing, uk_date
from tracker.charts.spc_chart import require_columns
from tracker.charts.style import PALETTE, base_layout, date_axis
from tracker.models import MilestoneStatus

COMPLETE = vocabulary.MILESTONE_STATUSES[MilestoneStatus.complete]

MILESTONE_COLUMNS = (
    "code",
    "initiative",
    "title",
    "owner",
    "baseline_date",
    "forecast_date",
    "completed_date",
    "status",
    "slip_days",
    "is_late",
)
ROW_HEIGHT = 30  # px per milestone row, enough for a 13 px label
_LABEL_CHARS = 60  # a row label's most characters; a longer title is cut, hover shows it whole


def _row_label(row: pd.Series) -> str:
    # A code that starts with its initiative's code (UEC-01-MS1) names it already: repeating
    # it would take room from the title.
    code, initiative = str(row["code"]), str(row["initiative"])
    head = f"{code} " if code.startswith(f"{initiative}-") else f"{initiative} · {code} "
    # Cut on the title as typed, then escape it: cutting "&lt;" would leave half an entity.
    title = usertext.one_line(row["title"])
    room = max(_LABEL_CHARS - len(head), 1)
    if len(title) > room:
        title = title[: room - 1] + "…"
    return usertext.plotly(head + title)


def _hover(row: pd.Series) -> str:
    lines = [
        f"<b>{row['code']} {usertext.plotly(row['title'])}</b>",
        f"Initiative {row['initiative']} · owner {usertext.plotly(row['owner'])}",
        f"Baseline {uk_date(row['baseline_date'])}",
        f"Forecast {uk_date(row['forecast_date'])}",
    ]
    if row["done"]:
        lines.append(f"{COMPLETE.symbol} Completed {uk_date(row['completed_date'])}")
    if not is_missing(row["slip_days"]) and int(row["slip_days"]) != 0:
        days = int(row["slip_days"])
        lines.append(f"Slipped {days} days" if days > 0 else f"Ahead by {-days} days")
    lines.append(f"Status: {vocabulary.label(MilestoneStatus, row['status'])}")
    if row["late"]:
        lines.append("<b>Late</b>")
    return "<br>".join(lines)


def _segments(rows: pd.DataFrame) -> tuple[list[object], list[object]]:
    xs: list[object] = []
    ys: list[object] = []
    for y, row in rows.iterrows():
        xs.extend([row["baseline_date"], row["end"], None])
        ys.extend([y, y, None])
    return xs, ys


def _markers(
    rows: pd.DataFrame,
    x: str,
    *,
    name: str,
    colour: str,
    symbol: str,
    text: str | None = None,
) -> go.Scatter:
    return go.Scatter(
        x=rows[x],
        y=rows.index,
        mode="markers+text" if text else "markers",
        name=name,
        marker={"color": colour, "symbol": symbol, "size": 11, "line": {"color": colour}},
        text=[text] * len(rows) if text else None,
        textposition="middle right",
        # Labels in the text colour: the concern orange is 3:1, enough for a marker, not text.
        textfont={"color": PALETTE["text"], "size": 12},
        hovertext=rows["hover"],
        hovertemplate="%{hovertext}<extra></extra>",
    )


def in_timeline_order(milestones: pd.DataFrame) -> pd.DataFrame:
    """Return the milestones in the timeline's order, top to bottom: by initiative, then
    baseline date, then code."""
    return milestones.sort_values(["initiative", "baseline_date", "code"], kind="stable")


def milestone_gantt(
    milestones: pd.DataFrame, today: date, title: str = "", height: int | None = None
) -> go.Figure:
    """Return the milestone timeline: one row per milestone, grouped by initiative.

    `milestones` has code, initiative, title, owner, baseline_date, forecast_date,
    completed_date (empty until done), status, slip_days and is_late. Each row shows the
    baseline date (hollow circle) and the forecast (diamond), or the completion date (✔),
    joined by a line whose length is the slippage; late rows are in the concern colour and say
    "Late". A dotted vertical line marks `today`. Height grows by ROW_HEIGHT per row unless
    `height` is given.
    """
    require_columns(milestones, MILESTONE_COLUMNS, "milestones")
    rows = milestones.copy()
    for column in ("baseline_date", "forecast_date", "completed_date"):
        rows[column] = pd.to_datetime(rows[column])
    rows = in_timeline_order(rows).reset_index(drop=True)
    rows["done"] = rows["completed_date"].notna()
    rows["late"] = rows["is_late"].fillna(False).astype(bool) & ~rows["done"]
    rows["end"] = rows["completed_date"].where(rows["done"], rows["forecast_date"])
    rows["hover"] = [_hover(row) for _, row in rows.iterrows()]

    n = len(rows)
    fig = go.Figure()
    base_layout(fig, title=title, height=height or max(230, 160 + ROW_HEIGHT * n))
    fig.update_layout(margin={"l": 16}, hovermode="closest")
    date_axis(fig)
    fig.update_xaxes(showgrid=True, gridcolor=PALETTE["grid"])
    fig.update_yaxes(
        tickvals=list(range(n)),
        ticktext=[_row_label(row) for _, row in rows.iterrows()],
        range=[n - 0.5, -0.5],  # first milestone at the top
        showgrid=False,
        automargin=True,
    )
    if not n:
        fig.add_annotation(
            text="No milestones", x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False
        )
    # Light bands behind every other initiative show the grouping. Set at once: plotly's
    # add_shape checks every shape already added again, which for a thousand initiatives took
    # 18 s of CPU.
    fig.update_layout(
        shapes=[
            {
                "type": "rect",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "yref": "y",
                "y0": group.index.min() - 0.5,
                "y1": group.index.max() + 0.5,
                "fillcolor": PALETTE["band"],
                "line": {"width": 0},
                "layer": "below",
            }
            for i, (_, group) in enumerate(rows.groupby("initiative", sort=False))
            if i % 2 == 0
        ]
    )

    late, on_time = rows[rows["late"]], rows[~rows["late"]]
    for part, name, colour, width in (
        (on_time, "Slippage (baseline → forecast)", PALETTE["baseline"], 2),
        (late, "Slippage, late", PALETTE["concern"], 3),
    ):
        if part.empty:
            continue
        xs, ys = _segments(part)
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                name=name,
                hoverinfo="skip",
                line={"color": colour, "width": width},
            )
        )
    if n:
        fig.add_trace(
            go.Scatter(
                x=rows["baseline_date"],
                y=rows.index,
                mode="markers",
                name="Baseline date",
                marker={
                    "color": "white",
                    "symbol": "circle",
                    "size": 10,
                    "line": {"color": PALETTE["baseline"], "width": 2},
                },
                hovertext=rows["hover"],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    open_on_time = rows[~rows["done"] & ~rows["late"]]
    traces = [
        (open_on_time, "forecast_date", "Forecast", PALETTE["milestone"], "diamond", None),
        (late, "forecast_date", "Forecast, late", PALETTE["concern"], "diamond", "Late"),
        (
            rows[rows["done"]],
            "completed_date",
            f"Completed {COMPLETE.symbol}",
            COMPLETE.colour,
            "circle",
            COMPLETE.symbol,
        ),
    ]
    for part, x, name, colour, symbol, text in traces:
        if not part.empty:
            fig.add_trace(_markers(part, x, name=name, colour=colour, symbol=symbol, text=text))

    today_ts = pd.Timestamp(today)
    fig.add_shape(
        type="line",
        x0=today_ts,
        x1=today_ts,
        xref="x",
        y0=0,
        y1=1,
        yref="paper",
        line={"color": PALETTE["today"], "dash": "dot", "width": 2},
        name="Today",
    )
    fig.add_annotation(
        x=today_ts,
        y=1,
        xref="x",
        yref="paper",
        yanchor="bottom",
        showarrow=False,
        text=f"Today {uk_date(today_ts)}",
        font={"color": PALETTE["today"], "size": 12},
    )
    return fig
