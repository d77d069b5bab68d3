"""The Making Data Count SPC chart (XmR, or a run chart when there are too few points)."""

from collections.abc import Iterable

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from tracker import usertext, vocabulary
from tracker.charts.labels import (
    all_month_starts,
    point_type_words,
    rules_words,
    uk_date,
    value_text,
)
from tracker.charts.style import PALETTE, base_layout, date_axis
from tracker.spc_settings import PointType

POINT_COLUMNS = (
    "period",
    "value",
    "partition",
    "mean",
    "lpl",
    "upl",
    "lower_two_sigma",
    "upper_two_sigma",
    "has_limits",
    "rules",
    "point_type",
)
TARGET_COLUMNS = ("value", "effective_from", "effective_to")
ANNOTATION_COLUMNS = ("date", "kind", "label")
ANNOTATION_KIND_WORDS = {
    "recalculation": "Recalculation",
    "baseline": "Baseline",
    "intervention": "Intervention",
    "note": "Note",
}
_LABEL_CHARS = 28  # longer annotation labels are cut on the chart; hover shows them in full
LABEL_FONT_PX = 11
LABEL_CHAR_PX = 0.6 * LABEL_FONT_PX
"""Estimated width of one label character: 0.6 em is wider than Arial's average (about 0.5 em),
so a label of capitals and digits still fits the room it was given."""
LABEL_PLOT_PX = 640
"""Plot width (px) the labels are fitted to: narrower than the chart on a 1280 px laptop with the
sidebar open (about 800 px) and the board pack's (1016 px). A wider plot spreads the labels'
starts further apart while their widths stay the same, so labels that do not overlap here do not
overlap on any wider chart."""
PLOT_CHARS = LABEL_PLOT_PX / LABEL_CHAR_PX
"""Label characters across the plot at LABEL_PLOT_PX."""
MAX_LABEL_ROWS = 4
"""Rows of labels above the plot: each takes 14 px, and four leave most of a 300 px board pack
chart to the data. A label with no room in any row is drawn in another's hover instead."""
MIN_LABEL_CHARS = 6
"""Shortest cut label ("Note…"): cutting one to make room for the next never leaves less."""
_ROW_HEIGHT = 14
_RANGE_PAD = 0.02  # of the dates' span, each side: the first and last markers are not cut in half
_COMMON_MARKER = 7
_SPECIAL_MARKER = 10


def require_columns(frame: pd.DataFrame, columns: Iterable[str], name: str) -> None:
    """Raise ValueError naming the missing columns when `frame` lacks any of `columns`."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} table is missing column(s) {', '.join(missing)}")


def _broken(pts: pd.DataFrame, column: str) -> tuple[list[object], list[float | None]]:
    """Return x and y for a line over `column` with a None gap between partitions.

    Points without limits are NaN, which plotly also leaves as a gap (connectgaps is off).
    """
    xs: list[object] = []
    ys: list[float | None] = []
    for i, (_, part) in enumerate(pts.groupby("partition", sort=False)):
        if i:
            xs.append(None)
            ys.append(None)
        y = part[column].where(part["has_limits"].astype(bool))
        xs.extend(part["period"].tolist())
        ys.extend(None if pd.isna(v) else float(v) for v in y)
    return xs, ys


def _line_trace(
    pts: pd.DataFrame,
    column: str,
    *,
    name: str,
    colour: str,
    dash: str,
    width: float,
    unit: str,
    decimals: int,
    legend: bool = True,
    group: str | None = None,
) -> go.Scatter:
    xs, ys = _broken(pts, column)
    text = [None if y is None else f"{name}: {value_text(y, unit, decimals)}" for y in ys]
    return go.Scatter(
        x=xs,
        y=ys,
        mode="lines",
        name=name,
        legendgroup=group or name,
        showlegend=legend,
        line={"color": colour, "dash": dash, "width": width},
        text=text,
        hovertemplate="%{text}<extra></extra>",
        connectgaps=False,
    )


def _hover(pts: pd.DataFrame, unit: str, decimals: int, *, kind: str | None) -> list[str]:
    monthly = all_month_starts(pts["period"])
    out = []
    # zip over the columns used: itertuples builds a namedtuple class of every column per call.
    for period, value, point_type, rules in zip(
        pts["period"], pts["value"], pts["point_type"], pts["rules"], strict=True
    ):
        parts = [f"<b>{uk_date(period, month_only=monthly)}</b>"]
        parts.append(value_text(value, unit, decimals))
        parts.append(kind if kind is not None else point_type_words(str(point_type)))
        hit = rules_words(rules)
        if hit:
            parts.append(f"Rules: {hit}")
        out.append("<br>".join(parts))
    return out


def _point_traces(pts: pd.DataFrame, unit: str, decimals: int) -> list[go.Scatter]:
    """Return one marker trace per point type present, so the legend names each type in words."""
    for unknown in sorted(set(pts["point_type"].astype(str)) - set(PointType)):
        point_type_words(unknown)  # raises ValueError naming the known types
    traces = []
    for point_type, term in vocabulary.POINT_TYPES.items():
        rows = pts[pts["point_type"] == point_type]
        if rows.empty:
            continue
        special = point_type != "common_cause"
        traces.append(
            go.Scatter(
                x=rows["period"],
                y=rows["value"],
                mode="markers",
                name=term.label,
                marker={
                    "color": term.colour,
                    "symbol": term.marker,
                    "size": _SPECIAL_MARKER if special else _COMMON_MARKER,
                    "line": {"color": "white", "width": 1},
                },
                text=_hover(rows, unit, decimals, kind=None),
                hovertemplate="%{text}<extra></extra>",
            )
        )
    return traces


def target_steps(
    targets: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp
) -> tuple[list[pd.Timestamp | None], list[float | None]]:
    """Return x and y of the target as a step line over [start, end], one step per revision.

    A revision runs from effective_from to effective_to (open when empty) or to the next
    revision's start, whichever is earlier; a gap between revisions leaves a gap in the line.
    """
    rows = targets.dropna(subset=["value", "effective_from"]).copy()
    rows["effective_from"] = pd.to_datetime(rows["effective_from"])
    rows["effective_to"] = pd.to_datetime(rows["effective_to"])
    rows = rows.sort_values("effective_from").reset_index(drop=True)
    xs: list[pd.Timestamp | None] = []
    ys: list[float | None] = []
    last_end: pd.Timestamp | None = None
    for i, (_, row) in enumerate(rows.iterrows()):
        nxt = rows["effective_from"].iloc[i + 1] if i + 1 < len(rows) else None
        ends = [end] + [t for t in (row["effective_to"], nxt) if t is not None and pd.notna(t)]
        seg_start, seg_end = max(row["effective_from"], start), min(ends)
        if seg_start > seg_end:
            continue
        # Revisions a day apart (effective_to inclusive) join with a vertical step.
        if xs and last_end is not None and seg_start - last_end > pd.Timedelta(days=1):
            xs.append(None)
            ys.append(None)
        xs.extend([seg_start, seg_end])
        ys.extend([float(row["value"])] * 2)
        last_end = seg_end
    return xs, ys


def _target_trace(
    targets: pd.DataFrame, pts: pd.DataFrame, unit: str, decimals: int
) -> go.Scatter | None:
    require_columns(targets, TARGET_COLUMNS, "targets")
    xs, ys = target_steps(targets, pts["period"].min(), pts["period"].max())
    if not xs:
        return None
    text = [
        None
        if x is None or y is None
        else f"Target: {value_text(y, unit, decimals)} ({uk_date(x)})"
        for x, y in zip(xs, ys, strict=True)
    ]
    return go.Scatter(
        x=xs,
        y=ys,
        mode="lines",
        name="Target",
        line={"color": PALETTE["target"], "dash": "dash", "width": 2},
        text=text,
        hovertemplate="%{text}<extra></extra>",
        connectgaps=False,
    )


def fit_labels(starts: np.ndarray, texts: list[str]) -> tuple[list[str], list[int | None]]:
    """Return each label cut to end before the next label in its row, and its row (None: hidden).

    `starts` are where the labels begin across the chart, in characters (0 at the left edge,
    PLOT_CHARS at the right), in order. Each label takes the lowest row that is free where it
    begins; else the row that frees first among those whose last label can be cut to make room
    and still keep MIN_LABEL_CHARS; else it is hidden ("" and row None) and its caller shows it
    in another label's hover. A label with room for fewer than MIN_LABEL_CHARS at the right edge
    becomes "•" (its hover text still says it all).
    """
    ends = [-np.inf] * MAX_LABEL_ROWS
    last: list[float] = [-np.inf] * MAX_LABEL_ROWS
    rows: list[int | None] = []
    for start, text in zip(starts, texts, strict=True):
        free = [row for row in range(MAX_LABEL_ROWS) if ends[row] <= start]
        # Room for the cut label and the one-character gap after it.
        cuttable = [r for r in range(MAX_LABEL_ROWS) if start - last[r] >= MIN_LABEL_CHARS + 1]
        row = free[0] if free else min(cuttable, key=lambda r: ends[r]) if cuttable else None
        rows.append(row)
        if row is not None:
            ends[row], last[row] = start + len(text) + 1, start
    fitted = []
    for i, (start, text) in enumerate(zip(starts, texts, strict=True)):
        if rows[i] is None:
            fitted.append("")
            continue
        later = [starts[j] for j in range(i + 1, len(texts)) if rows[j] == rows[i]]
        room = int((later[0] if later else PLOT_CHARS) - start) - 1
        if len(text) <= room:
            fitted.append(text)
        else:
            fitted.append(text[: room - 1].rstrip() + "…" if room >= MIN_LABEL_CHARS else "•")
    return fitted, rows


def _add_annotations(fig: go.Figure, annotations: pd.DataFrame, periods: pd.Series) -> int:
    """Draw each annotation as a dotted vertical line with a short label; hover shows it in full.

    Labels of close dates go in rows and are cut so that none runs into the next; one with no
    room is said in the hover of the label before it. Sets the date axis's range, as the labels
    are placed on it, and returns the rows of labels used.
    """
    require_columns(annotations, ANNOTATION_COLUMNS, "annotations")
    rows = annotations.sort_values("date").reset_index(drop=True)
    days = pd.to_datetime(rows["date"])
    first, last = min(days.min(), periods.min()), max(days.max(), periods.max())
    pad = max(last - first, pd.Timedelta(days=1)) * _RANGE_PAD
    low, high = first - pad, last + pad
    fig.update_xaxes(range=[low, high])
    starts = ((days - low) / (high - low) * PLOT_CHARS).to_numpy(dtype=float)
    kinds = [ANNOTATION_KIND_WORDS.get(str(k), str(k).capitalize()) for k in rows["kind"]]
    # Cut on the label as typed, then escape it: cutting "&lt;" would leave half an entity.
    labels = [usertext.one_line(label) for label in rows["label"]]
    shorts = [t if len(t) <= _LABEL_CHARS else t[: _LABEL_CHARS - 1] + "…" for t in labels]
    texts, label_rows = fit_labels(
        starts, [f"{k}: {t}" for k, t in zip(kinds, shorts, strict=True)]
    )
    hovers: list[list[str]] = []
    for day, kind, label, row in zip(days, kinds, labels, label_rows, strict=True):
        line = usertext.plotly(f"{kind} {uk_date(day)}: {label}")
        if row is None:
            hovers[-1].append(line)  # the first label always has a free row
        else:
            hovers.append([line])
        fig.add_shape(
            type="line",
            x0=day,
            x1=day,
            xref="x",
            y0=0,
            y1=1,
            yref="paper",
            line={"color": PALETTE["annotation"], "dash": "dot", "width": 1.5},
            layer="below",
            name=usertext.plotly(f"{kind}: {label}"),
        )
    drawn = [(d, t, r) for d, t, r in zip(days, texts, label_rows, strict=True) if r is not None]
    for (day, text, row), hover in zip(drawn, hovers, strict=True):
        fig.add_annotation(
            x=day,
            y=1,
            xref="x",
            yref="paper",
            yanchor="bottom",
            xanchor="left",
            text=usertext.plotly(text),
            hovertext="<br>".join(hover),
            showarrow=False,
            yshift=row * _ROW_HEIGHT,
            font={"size": LABEL_FONT_PX, "color": PALETTE["annotation"]},
        )
    return max(row for _, _, row in drawn) + 1


def spc_figure(
    points: pd.DataFrame,
    targets: pd.DataFrame | None = None,
    annotations: pd.DataFrame | None = None,
    title: str = "",
    unit: str = "",
    decimals: int = 1,
    median: float | None = None,
    height: int = 380,
    *,
    two_sigma: bool = True,
) -> go.Figure:
    """Return the SPC chart of one measure as a plotly Figure.

    `points` is the engine's per-point table for one series (period, value, partition, mean,
    lpl, upl, lower/upper_two_sigma, has_limits, rules, point_type). With limits: markers
    coloured and shaped by point type, mean (solid) and process limits (dashed) drawn per
    partition so a recalculation visibly breaks them, and faint 2σ lines when `two_sigma`.
    When no point has limits (fewer than 13 points) it is a run chart: grey points and the
    `median` (the median of the values when None). `targets` (value, effective_from,
    effective_to) is drawn as a dashed step line; `annotations` (date, kind, label) as dotted
    vertical lines labelled above the plot in rows that keep the labels apart (fit_labels), on a
    date axis with a fixed range so that the labels' places are known.
    """
    require_columns(points, POINT_COLUMNS, "points")
    pts = points.copy()
    pts["period"] = pd.to_datetime(pts["period"])
    pts = pts.sort_values("period", kind="stable").reset_index(drop=True)
    fig = go.Figure()
    base_layout(fig, title=title, height=height)
    date_axis(fig, pts["period"])
    fig.update_yaxes(title={"text": unit})
    if pts.empty:
        fig.add_annotation(
            text="No data yet", x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False
        )
        # Empty axes would show plotly's default range, dates in the year 2000.
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False)
        return fig

    fig.add_trace(
        go.Scatter(
            x=pts["period"],
            y=pts["value"],
            mode="lines",
            name="Value",
            showlegend=False,
            hoverinfo="skip",
            line={"color": PALETTE["value_line"], "width": 1.5},
        )
    )
    if not pts["has_limits"].astype(bool).any():
        centre = float(np.nanmedian(pts["value"])) if median is None else float(median)
        fig.add_trace(
            go.Scatter(
                x=[pts["period"].iloc[0], pts["period"].iloc[-1]],
                y=[centre, centre],
                mode="lines",
                name="Median",
                line={"color": PALETTE["median"], "width": 1.5},
                hovertemplate=f"Median: {value_text(centre, unit, decimals)}<extra></extra>",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=pts["period"],
                y=pts["value"],
                mode="markers",
                name="Value (run chart: too few points for limits)",
                marker={"color": PALETTE["common_cause"], "symbol": "circle", "size": 7},
                text=_hover(pts, unit, decimals, kind="Run chart: too few points for limits"),
                hovertemplate="%{text}<extra></extra>",
            )
        )
    else:
        fig.add_trace(
            _line_trace(
                pts,
                "mean",
                name="Mean",
                colour=PALETTE["mean"],
                dash="solid",
                width=1.5,
                unit=unit,
                decimals=decimals,
            )
        )
        for column, legend in (("upl", True), ("lpl", False)):
            fig.add_trace(
                _line_trace(
                    pts,
                    column,
                    name="Process limits",
                    colour=PALETTE["limit"],
                    dash="dash",
                    width=1.2,
                    legend=legend,
                    unit=unit,
                    decimals=decimals,
                )
            )
        if two_sigma:
            for column, legend in (("upper_two_sigma", True), ("lower_two_sigma", False)):
                fig.add_trace(
                    _line_trace(
                        pts,
                        column,
                        name="2σ lines",
                        colour=PALETTE["two_sigma"],
                        dash="dot",
                        width=1,
                        legend=legend,
                        unit=unit,
                        decimals=decimals,
                    )
                )
        fig.add_traces(_point_traces(pts, unit, decimals))
    if targets is not None and not targets.empty:
        trace = _target_trace(targets, pts, unit, decimals)
        if trace is not None:
            fig.add_trace(trace)
    if annotations is not None and not annotations.empty:
        label_rows = _add_annotations(fig, annotations, pts["period"])
        # Above the plot: the title's band, then each row of labels and a little air.
        top = (48 if title else 16) + label_rows * _ROW_HEIGHT + 4
        fig.update_layout(margin={"t": top})
    return fig
