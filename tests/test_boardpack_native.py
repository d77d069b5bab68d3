"""Native chart series are the app's plotly charts: same series, names, colours, symbols, points."""

import math
from datetime import date

import pandas as pd
import pytest

from tracker.boardpack.model import SpcChart
from tracker.boardpack.native import NativeSeries, goal_series, spc_series

pytest_plugins = ["tests.boardpack_fixtures"]


def _day(value: object) -> date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def _number(value: object) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def assert_same(series: NativeSeries, trace) -> None:
    """Assert a native series draws what a plotly trace draws."""
    mode = trace.mode or ""
    assert series.name == trace.name
    assert series.legend == (trace.showlegend is not False), trace.name
    assert list(series.xs) == [_day(x) for x in trace.x], trace.name
    assert list(series.ys) == pytest.approx([_number(y) for y in trace.y], nan_ok=True)
    if "lines" in mode:
        assert series.line == trace.line.color, trace.name
        assert series.dash == (trace.line.dash or "solid"), trace.name
    else:
        assert series.line is None, trace.name
    if "markers" in mode:
        colour = trace.marker.color or trace.line.color  # plotly markers take the line's colour
        assert (series.marker, series.marker_colour) == (trace.marker.symbol, colour)
    else:
        assert series.marker is None, trace.name


def pick(charts: list[SpcChart]) -> list[SpcChart]:
    """Return SPC charts covering recalculations, targets, run charts and every point type."""
    chosen: dict[str, SpcChart] = {}
    for chart in charts:
        points = chart.points
        if points["partition"].nunique() > 1:
            chosen.setdefault("recalculated", chart)
        if not chart.targets.empty:
            chosen.setdefault("target", chart)
        if not points["has_limits"].any():
            chosen.setdefault("run chart", chart)
        for kind in points["point_type"].unique():
            chosen.setdefault(str(kind), chart)
    assert {"recalculated", "target", "special_cause_concern"} <= set(chosen)
    return list({id(c): c for c in chosen.values()}.values())


def test_spc_series_match_the_apps_spc_figure(full_content):
    content = full_content
    charts = [m.chart for section in content.initiatives for m in section.measures]
    for chart in pick(charts):
        traces = [t for t in chart.figure().data if not t.name.startswith("PDSA")]
        series = [s for s in spc_series(chart) if not s.name.startswith("PDSA")]
        assert [s.name for s in series] == [t.name for t in traces], chart.key
        for one, trace in zip(series, traces, strict=True):
            assert_same(one, trace)


def test_pdsa_cycles_are_marked_on_the_native_chart_as_on_the_apps(full_content):
    charts = [m.chart for section in full_content.initiatives for m in section.measures]
    marked = [c for c in charts if c.cycles]
    # The sample's cycles name their measures (issue 17's PDSAs on the charts).
    assert marked
    for chart in marked:
        traces = [t for t in chart.figure().data if t.name.startswith("PDSA")]
        series = [s for s in spc_series(chart) if s.name.startswith("PDSA")]
        named = [s for s in series if s.legend]
        # A marker per decision at each cycle's end, named and shaped as the app's legend.
        assert [s.name for s in named] == [t.name for t in traces], chart.key
        for one, trace in zip(named, traces, strict=True):
            assert list(one.xs) == [_day(x) for x in trace.x]
            assert (one.marker, one.marker_colour) == (trace.marker.symbol, trace.marker.color)
        # And a span from each cycle's start to its end, above every other line.
        spans = [s for s in series if not s.legend]
        assert sorted((s.xs[0], s.xs[1]) for s in spans) == sorted(
            (c.start_date, c.end_date) for c in chart.cycles
        )
        highest = max(y for s in spc_series(chart) if not s.name.startswith("PDSA")
                      for y in s.ys if y is not None)  # fmt: skip
        assert all(s.ys[0] > highest for s in spans)
        assert "PDSA cycles shown as shaded spans:" in chart.words().text


def test_goal_series_match_the_apps_goal_figure(full_content):
    content = full_content
    for goal in [g for section in content.initiatives for g in section.goals][:3]:
        traces = {t.name: t for t in goal.chart.figure().data}
        series = {s.name: s for s in goal_series(goal.chart)}
        assert set(series) == set(traces)
        for name, one in series.items():
            assert_same(one, traces[name])


def test_a_measure_without_data_has_no_series():
    empty = SpcChart(
        key="spc-X",
        points=pd.DataFrame(columns=["period", "value", "partition", "has_limits", "point_type"]),
        targets=pd.DataFrame(columns=["value", "effective_from", "effective_to"]),
        annotations=pd.DataFrame(columns=["date", "kind", "label"]),
        unit="%",
        decimals=1,
        median=None,
    )
    assert spc_series(empty) == []
