"""Goal progress: actual values against the planned trajectory and the target."""

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from tracker.charts.labels import all_month_starts, uk_date, value_text
from tracker.charts.spc_chart import require_columns
from tracker.charts.style import PALETTE, base_layout, date_axis


def _hover(frame: pd.DataFrame, name: str, unit: str, decimals: int) -> list[str]:
    monthly = all_month_starts(frame["period"])
    return [
        f"<b>{uk_date(p, month_only=monthly)}</b><br>{name}: {value_text(v, unit, decimals)}"
        for p, v in zip(frame["period"], frame["value"], strict=True)
    ]


def _series(frame: pd.DataFrame | None, name: str) -> pd.DataFrame:
    if frame is None:
        return pd.DataFrame({"period": pd.Series(dtype="datetime64[ns]"), "value": []})
    require_columns(frame, ("period", "value"), name)
    out = frame[["period", "value"]].copy()
    out["period"] = pd.to_datetime(out["period"])
    return out.sort_values("period").reset_index(drop=True)


def goal_figure(
    actuals: pd.DataFrame | None,
    trajectory: pd.DataFrame | None,
    target_value: float,
    target_date: date,
    title: str = "",
    unit: str = "",
    decimals: int = 1,
    height: int = 320,
) -> go.Figure:
    """Return a goal's progress: actual values (solid), the planned trajectory (dashed) and the
    target as a point at `target_date`.

    `actuals` and `trajectory` each have period and value; either may be None or empty.
    """
    actual = _series(actuals, "actuals")
    planned = _series(trajectory, "trajectory")
    fig = go.Figure()
    base_layout(fig, title=title, height=height)
    date_axis(fig, pd.concat([actual["period"], planned["period"]]))
    fig.update_yaxes(title={"text": unit})
    if not planned.empty:
        fig.add_trace(
            go.Scatter(
                x=planned["period"],
                y=planned["value"],
                mode="lines",
                name="Planned trajectory",
                line={"color": PALETTE["trajectory"], "dash": "dash", "width": 2},
                text=_hover(planned, "Planned", unit, decimals),
                hovertemplate="%{text}<extra></extra>",
            )
        )
    if not actual.empty:
        fig.add_trace(
            go.Scatter(
                x=actual["period"],
                y=actual["value"],
                mode="lines+markers",
                name="Actual",
                line={"color": PALETTE["actual"], "width": 2},
                marker={"size": 7, "symbol": "circle"},
                text=_hover(actual, "Actual", unit, decimals),
                hovertemplate="%{text}<extra></extra>",
            )
        )
    target_text = f"Target {value_text(target_value, unit, decimals)}"
    fig.add_trace(
        go.Scatter(
            x=[pd.Timestamp(target_date)],
            y=[float(target_value)],
            mode="markers+text",
            name="Target",
            marker={"color": PALETTE["target"], "symbol": "star", "size": 16},
            text=[target_text],
            textposition="middle left",
            textfont={"color": PALETTE["target"]},
            cliponaxis=False,
            hovertemplate=f"<b>{target_text}</b><br>by {uk_date(target_date)}<extra></extra>",
        )
    )
    return fig
