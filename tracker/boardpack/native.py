"""Series for native (editable) PowerPoint charts, drawn as the app's plotly charts draw them.

Building a plotly figure per chart only to read it back would cost about 0.1 s a chart (plotly
validates every property), which alone would break the 5 s PowerPoint budget; so the series
are made from the same engine tables with the chart module's own palette, symbols, words and
target steps. tests/test_boardpack_native.py checks that they match the app's figures.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from tracker import vocabulary
from tracker.boardpack.model import GoalChart, SpcChart
from tracker.charts import PALETTE
from tracker.charts.qi import pdsa_groups
from tracker.charts.spc_chart import target_steps

COMMON_MARKER = 7
SPECIAL_MARKER = 10
"""Marker sizes (px) of common and special cause points, as in tracker.charts.spc_chart."""
GOAL_MARKER = 7
TARGET_MARKER = 16
"""Marker sizes (px) of a goal's actual values and its target star, as in tracker.charts.goals."""
PDSA_MARKER = 11
"""Marker size (px) of a PDSA cycle's decision, as in tracker.charts.qi."""
PDSA_HEADROOM = 0.06
"""Share of the chart's value range above its highest line where the PDSA cycles are drawn."""


@dataclass(frozen=True)
class NativeSeries:
    """One series of an XY chart: points, line style (None: no line) and marker (None: none)."""

    name: str
    xs: tuple[date | None, ...]
    ys: tuple[float | None, ...]
    line: str | None = None
    dash: str = "solid"
    width: float = 1.5
    marker: str | None = None
    marker_colour: str | None = None
    marker_size: float = COMMON_MARKER
    legend: bool = True


def _dates(values: pd.Series | Sequence[Any]) -> tuple[date | None, ...]:
    return tuple(None if v is None or pd.isna(v) else pd.Timestamp(v).date() for v in values)


def _numbers(values: np.ndarray | Sequence[Any]) -> tuple[float | None, ...]:
    return tuple(None if v is None or v != v else float(v) for v in values)  # v != v: NaN


class _Points:
    """One measure's points as arrays, sorted by period, for building its series quickly."""

    def __init__(self, points: pd.DataFrame) -> None:
        pts = points.assign(period=pd.to_datetime(points["period"]))
        self.frame = pts.sort_values("period", kind="stable").reset_index(drop=True)
        self.dates: tuple[date | None, ...] = tuple(self.frame["period"].dt.date)
        self.limits = self.frame["has_limits"].to_numpy(dtype=bool)
        partition = self.frame["partition"].to_numpy()
        # A new partition (after a recalculation) starts where the partition number changes.
        self.breaks = (np.flatnonzero(partition[1:] != partition[:-1]) + 1).tolist()

    def line(
        self, column: str, name: str, colour: str, dash: str, width: float, legend: bool
    ) -> NativeSeries:
        """Return a line over `column` where there are limits, broken between partitions.

        Matches tracker.charts.spc_chart's limit lines: a None point separates partitions and
        points without limits are gaps.
        """
        values = np.where(self.limits, self.frame[column].to_numpy(dtype=float), np.nan)
        xs: list[date | None] = list(self.dates)
        ys: list[float | None] = list(_numbers(values))
        for at in reversed(self.breaks):
            xs.insert(at, None)
            ys.insert(at, None)
        return NativeSeries(
            name, tuple(xs), tuple(ys), line=colour, dash=dash, width=width, legend=legend
        )


def spc_series(chart: SpcChart) -> list[NativeSeries]:
    """Return the series of one SPC chart: value line, mean, limits, 2σ, points, target.

    Points are one series per point type, coloured and shaped as on the app's chart; with too
    few points for limits it is a run chart: the median and grey points.
    """
    if chart.points.empty:
        return []
    pts = _Points(chart.points)
    raw = pts.frame["value"].to_numpy(dtype=float)
    xs, values = pts.dates, _numbers(raw)
    found = [NativeSeries("Value", xs, values, line=PALETTE["value_line"], legend=False)]
    if not pts.limits.any():
        centre = float(np.nanmedian(raw)) if chart.median is None else chart.median
        found.append(
            NativeSeries("Median", (xs[0], xs[-1]), (centre, centre), line=PALETTE["median"])
        )
        found.append(
            NativeSeries(
                "Value (run chart: too few points for limits)",
                xs,
                values,
                marker="circle",
                marker_colour=PALETTE["common_cause"],
            )
        )
    else:
        found += [
            pts.line("mean", "Mean", PALETTE["mean"], "solid", 1.5, True),
            pts.line("upl", "Process limits", PALETTE["limit"], "dash", 1.2, True),
            pts.line("lpl", "Process limits", PALETTE["limit"], "dash", 1.2, False),
            pts.line("upper_two_sigma", "2σ lines", PALETTE["two_sigma"], "dot", 1, True),
            pts.line("lower_two_sigma", "2σ lines", PALETTE["two_sigma"], "dot", 1, False),
        ]
        kinds = pts.frame["point_type"].to_numpy(dtype=object)
        for point_type, term in vocabulary.POINT_TYPES.items():
            rows = np.flatnonzero(kinds == point_type)
            if not len(rows):
                continue
            found.append(
                NativeSeries(
                    term.label,
                    tuple(xs[i] for i in rows),
                    tuple(values[i] for i in rows),
                    marker=term.marker,
                    marker_colour=term.colour,
                    marker_size=COMMON_MARKER if point_type == "common_cause" else SPECIAL_MARKER,
                )
            )
    if not chart.targets.empty:
        first, last = pts.frame["period"].iloc[0], pts.frame["period"].iloc[-1]
        txs, tys = target_steps(chart.targets, first, last)
        if txs:
            found.append(
                NativeSeries(
                    "Target",
                    _dates(txs),
                    _numbers(tys),
                    line=PALETTE["target"],
                    dash="dash",
                    width=2,
                )  # fmt: skip
            )
    return found + _pdsa_series(chart, found)


def _pdsa_series(chart: SpcChart, drawn: list[NativeSeries]) -> list[NativeSeries]:
    """Return the chart's PDSA cycles as the app marks them (tracker.charts.qi.pdsa_groups):
    each a span from its start to its end just above the highest line, in its decision's
    colour, and a marker at its end named in the legend ('PDSA: adopt')."""
    if not chart.cycles:
        return []
    ys = [y for series in drawn for y in series.ys if y is not None]
    low, high = (min(ys), max(ys)) if ys else (0.0, 1.0)
    top = high + (high - low or 1.0) * PDSA_HEADROOM
    found = []
    for term, name, cycles in pdsa_groups(chart.cycles):
        found += [
            NativeSeries(name, (c.start_date, c.end_date), (top, top), line=term.colour,
                         width=4, legend=False)
            for c in cycles
        ]  # fmt: skip
        found.append(
            NativeSeries(name, tuple(c.end_date for c in cycles), (top,) * len(cycles),
                         marker=term.marker, marker_colour=term.colour, marker_size=PDSA_MARKER)
        )  # fmt: skip
    return found


def goal_series(chart: GoalChart) -> list[NativeSeries]:
    """Return the series of one goal chart: actual values, planned trajectory and the target.

    Actual values come first (the app draws the trajectory first): LibreOffice leaves out a
    first XY series that is shorter than the next one, and the actuals are the longest.
    """
    found = []
    if not chart.actuals.empty:
        actual = chart.actuals.sort_values("period")
        found.append(
            NativeSeries(
                "Actual",
                _dates(actual["period"]),
                _numbers(actual["value"].to_numpy(dtype=float)),
                line=PALETTE["actual"],
                width=2,
                marker="circle",
                marker_colour=PALETTE["actual"],
                marker_size=GOAL_MARKER,
            )
        )
    if not chart.trajectory.empty:
        found.append(
            NativeSeries(
                "Planned trajectory",
                _dates(chart.trajectory["period"]),
                _numbers(chart.trajectory["value"].to_numpy(dtype=float)),
                line=PALETTE["trajectory"],
                dash="dash",
                width=2,
            )
        )
    found.append(
        NativeSeries(
            "Target",
            (chart.target_date,),
            (chart.target_value,),
            marker="star",
            marker_colour=PALETTE["target"],
            marker_size=TARGET_MARKER,
        )
    )
    return found
