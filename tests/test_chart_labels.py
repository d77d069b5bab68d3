"""Tests that the SPC chart's annotation labels never overlap and every annotation can be found."""

from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker import usertext
from tracker.boardpack.model import CHART_WIDTH, SpcChart
from tracker.charts import spc_figure
from tracker.charts.spc_chart import LABEL_CHAR_PX, LABEL_PLOT_PX

FIVE_IN_JUNE = pd.DataFrame(
    {
        "date": pd.to_datetime(
            ["2026-06-01", "2026-06-05", "2026-06-10", "2026-06-20", "2026-06-28"]
        ),
        "kind": ["intervention", "note", "recalculation", "baseline", "intervention"],
        "label": [
            "Streaming nurse at the front door",
            "Norovirus critical incident",
            "Limits recalculated",
            "Baseline fixed",
            "SDEC extended to 22:00",
        ],
    }
)


def _monthly_points(n: int = 16) -> pd.DataFrame:
    """Return a monthly per-point table from Jan 2026 with flat limits (values 10-12)."""
    return pd.DataFrame(
        {
            "period": pd.date_range("2026-01-01", periods=n, freq="MS"),
            "value": 10.0 + np.arange(n) % 3,
            "partition": 0,
            "mean": 11.0,
            "lpl": 8.0,
            "upl": 14.0,
            "lower_two_sigma": 9.0,
            "upper_two_sigma": 13.0,
            "has_limits": True,
            "rules": "",
            "point_type": "common_cause",
        }
    )


def _boxes(fig: go.Figure, plot_px: float) -> list[tuple[float, float, float]]:
    """Return (left px, right px, row shift) of each drawn label, the plot `plot_px` wide.

    x in data coordinates is placed on the axis range the figure sets; the width of a label is
    its characters at the estimated width of one.
    """
    lo, hi = (pd.Timestamp(x) for x in fig.layout.xaxis.range)
    boxes = []
    for note in fig.layout.annotations:
        if not note.hovertext:
            continue
        left = (pd.Timestamp(note.x) - lo) / (hi - lo) * plot_px
        boxes.append((left, left + len(note.text) * LABEL_CHAR_PX, note.yshift or 0))
    return boxes


def _assert_apart(boxes: list[tuple[float, float, float]]) -> None:
    for row in {shift for _, _, shift in boxes}:
        placed = sorted((left, right) for left, right, shift in boxes if shift == row)
        for (_, right), (left, _) in zip(placed, placed[1:], strict=False):
            assert right <= left, f"labels overlap in the row {row} px up"


def _assert_findable(fig: go.Figure, annotations: pd.DataFrame) -> None:
    hovers = " ".join(a.hovertext for a in fig.layout.annotations if a.hovertext)
    for label in annotations["label"]:
        assert usertext.plotly(usertext.one_line(label)) in hovers


FIVE_ON_ONE_DAY = FIVE_IN_JUNE.assign(date=pd.Timestamp("2026-06-10"))


@pytest.mark.parametrize("plot_px", [LABEL_PLOT_PX, LABEL_PLOT_PX * 1.5, LABEL_PLOT_PX * 3])
@pytest.mark.parametrize("annotations", [FIVE_IN_JUNE, FIVE_ON_ONE_DAY], ids=["month", "day"])
def test_five_close_annotations_never_overlap_and_each_can_be_found(
    annotations: pd.DataFrame, plot_px: float
) -> None:
    fig = spc_figure(_monthly_points(), annotations=annotations)
    _assert_apart(_boxes(fig, plot_px))
    _assert_findable(fig, annotations)
    # Each annotation keeps its own dotted line, even when its label shares another's hover.
    assert len([s for s in fig.layout.shapes if s.line.dash == "dot"]) == len(annotations)


def test_labels_of_five_in_one_month_take_more_than_two_rows() -> None:
    fig = spc_figure(_monthly_points(), annotations=FIVE_IN_JUNE)
    shifts = {a.yshift or 0 for a in fig.layout.annotations if a.hovertext}
    assert len(shifts) > 2


def test_the_top_margin_grows_by_a_row_height_for_each_row_of_labels() -> None:
    # One label takes one row; five on one day fill all four rows (the fifth is hidden).
    one = spc_figure(_monthly_points(), annotations=FIVE_ON_ONE_DAY.iloc[:1])
    five = spc_figure(_monthly_points(), annotations=FIVE_ON_ONE_DAY)
    assert {a.yshift or 0 for a in five.layout.annotations} == {0, 14, 28, 42}
    assert five.layout.margin.t - one.layout.margin.t == 3 * 14


# Dates anywhere around the chart, or crowded into six weeks of it.
DAYS = st.one_of(
    st.dates(min_value=date(2025, 12, 1), max_value=date(2027, 6, 1)),
    st.dates(min_value=date(2026, 6, 1), max_value=date(2026, 7, 15)),
)
LABELS = st.text(alphabet="abcdefghij XYZ:–", min_size=1, max_size=60).filter(str.strip)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(DAYS, st.sampled_from(["note", "intervention"]), LABELS), min_size=1, max_size=15
    )
)
def test_random_annotations_never_overlap_and_each_can_be_found(
    notes: list[tuple[object, str, str]],
) -> None:
    annotations = pd.DataFrame(notes, columns=["date", "kind", "label"])
    annotations["label"] = [f"{label.strip()} #{i}" for i, label in enumerate(annotations["label"])]
    fig = spc_figure(_monthly_points(), annotations=annotations)
    _assert_apart(_boxes(fig, LABEL_PLOT_PX))
    _assert_findable(fig, annotations)


def test_the_board_packs_spc_chart_has_the_same_labels_apart_at_its_width() -> None:
    chart = SpcChart(
        key="M1",
        points=_monthly_points(),
        targets=pd.DataFrame(columns=["value", "effective_from", "effective_to"]),
        annotations=FIVE_IN_JUNE,
        unit="%",
        decimals=1,
        median=None,
    )
    fig = chart.figure()
    margin = fig.layout.margin
    _assert_apart(_boxes(fig, CHART_WIDTH - margin.l - margin.r))
    _assert_findable(fig, FIVE_IN_JUNE)
    assert [a.text for a in fig.layout.annotations] == [
        a.text for a in spc_figure(_monthly_points(), annotations=FIVE_IN_JUNE).layout.annotations
    ]
