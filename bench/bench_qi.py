"""Drawing the largest driver diagram and an SPC chart with 20 PDSA cycles (issue 17)."""

import sys
from datetime import date, timedelta

import pandas as pd

from bench.harness import Result, median_seconds
from tracker import spc
from tracker.charts import qi as qi_charts
from tracker.charts import spc_figure
from tracker.models import DriverNode, PdsaCycle

TARGET_DRAW = 0.2
"""Seconds to draw the largest diagram or a chart with 20 PDSAs (issue 17): a tab opens at once."""

NODES = (4, 8, 18)
"""Primary, secondary and change idea counts of the largest diagram: 30 nodes, as the issue asks."""

CYCLES = 20
"""PDSA cycles on the one chart."""

WEEKS = 104
"""Weekly points on the chart: two years, as a busy process measure has."""

TITLE = "A change idea with a title long enough to wrap over the three lines its box shows"


def largest_diagram() -> list[DriverNode]:
    """Return 30 nodes, each secondary serving two primaries, each idea two secondaries."""
    primary, secondary, ideas = NODES
    nodes = [
        DriverNode(code=f"P{i}", initiative="B", kind="primary", title=TITLE)
        for i in range(primary)
    ]
    nodes += [
        DriverNode(
            code=f"S{i}",
            initiative="B",
            kind="secondary",
            title=TITLE,
            parents=[
                {"code": f"P{i % primary}"},
                {"code": f"P{(i + 1) % primary}", "strength": "hypothesised"},
            ],
        )
        for i in range(secondary)
    ]
    nodes += [
        DriverNode(
            code=f"C{i}",
            initiative="B",
            kind="change idea",
            title=TITLE,
            parents=[{"code": f"S{i % secondary}"}, {"code": f"S{(i + 3) % secondary}"}],
        )
        for i in range(ideas)
    ]
    return nodes


def cycles() -> list[PdsaCycle]:
    """Return 20 cycles a month apart, a third of them decided."""
    start = date(2025, 1, 6)
    return [
        PdsaCycle(
            code=f"K{n}",
            change_idea=f"C{n % 5}",
            number=n + 1,
            objective="Test",
            prediction="Better",
            start_date=start + timedelta(weeks=4 * n),
            end_date=start + timedelta(weeks=4 * n + 3),
            owner="Bench Lead",
            **(
                {
                    "do_notes": "Done",
                    "study_notes": "Seen",
                    "act_decision": "adopt",
                    "act_date": start + timedelta(weeks=4 * n + 3),
                }
                if n % 3 == 0
                else {}
            ),
        )
        for n in range(CYCLES)
    ]


def run(tiny: bool) -> list[Result]:
    """Time both drawings (the same size when tiny: they are small already)."""
    print("  driver diagram and PDSA chart …", file=sys.stderr, flush=True)
    nodes = largest_diagram()
    diagram = median_seconds(lambda: qi_charts.driver_diagram_figure(TITLE, nodes).to_json())
    periods = pd.date_range("2025-01-06", periods=WEEKS, freq="7D")
    values = pd.Series(range(WEEKS), dtype=float) % 7 + 50
    frame = pd.DataFrame({"series_id": "M", "period": periods, "value": values})
    series = pd.DataFrame(
        {"series_id": ["M"], "direction": ["increase"], "target": [float("nan")], "baseline_n": [0]}
    )
    points = spc.analyse(frame, series).points.reset_index()
    tested = cycles()

    def chart() -> object:
        figure = spc_figure(points, height=440)
        return qi_charts.add_pdsa_cycles(figure, tested, {}).to_json()

    return [
        Result("driver diagram, 30 nodes", "30 nodes", diagram, TARGET_DRAW),
        Result("SPC chart with 20 PDSAs", f"{WEEKS} points", median_seconds(chart), TARGET_DRAW),
    ]
