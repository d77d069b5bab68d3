"""Tests for the pure plotly figure builders, on small hand-made frames."""

import json
from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.charts import (
    PALETTE,
    assurance_icon_text,
    goal_figure,
    milestone_gantt,
    rag_history_figure,
    spc_figure,
    variation_icon_text,
)
from tracker.charts.spc_chart import MIN_LABEL_CHARS, PLOT_CHARS, fit_labels, target_steps


def _points(n: int = 16, *, limits: bool = True, recalc_at: int | None = None) -> pd.DataFrame:
    """Return an SPC per-point table: monthly from Jan 2026, value 10 + i % 3, mean 11."""
    periods = pd.date_range("2026-01-01", periods=n, freq="MS")
    values = 10.0 + np.arange(n) % 3
    partition = np.zeros(n, dtype=int)
    if recalc_at is not None:
        partition[recalc_at:] = 1
    mean = np.where(partition == 0, 11.0, 20.0)
    point_type = ["common_cause"] * n
    rules = [""] * n
    if limits:
        point_type[2] = "special_cause_improvement"
        point_type[3] = "special_cause_concern"
        point_type[4] = "special_cause_neutral_high"
        point_type[5] = "special_cause_neutral_low"
        rules[3] = "shift;trend"
    nan = np.full(n, np.nan)
    return pd.DataFrame(
        {
            "series_id": "M1",
            "period": periods,
            "value": values,
            "partition": partition,
            "mean": mean if limits else nan,
            "lpl": mean - 3 if limits else nan,
            "upl": mean + 3 if limits else nan,
            "lower_one_sigma": mean - 1 if limits else nan,
            "upper_one_sigma": mean + 1 if limits else nan,
            "lower_two_sigma": mean - 2 if limits else nan,
            "upper_two_sigma": mean + 2 if limits else nan,
            "has_limits": limits,
            "rules": rules,
            "point_type": point_type,
        }
    )


def _trace(fig: go.Figure, name: str) -> go.Scatter:
    matches = [t for t in fig.data if t.name == name]
    assert matches, f"no trace named {name!r} in {[t.name for t in fig.data]}"
    return matches[0]


def _milestones() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["UEC-M2", "UEC-M1", "FLOW-M1"],
            "initiative": ["UEC", "UEC", "FLOW"],
            "title": ["Go live", "Design pathway", "Discharge lounge open"],
            "owner": ["A. Lead", "A. Lead", "B. Owner"],
            "baseline_date": pd.to_datetime(["2026-09-01", "2026-06-01", "2026-07-01"]),
            "forecast_date": pd.to_datetime(["2026-10-15", "2026-06-01", "2026-12-01"]),
            "completed_date": pd.to_datetime([None, "2026-06-10", None]),
            "status": ["late", "complete", "at risk"],
            "slip_days": [44, 0, 153],
            "is_late": [True, False, False],
        }
    )


def test_spc_figure_colours_and_shapes_points_by_type_and_names_them_in_words() -> None:
    fig = spc_figure(_points(), unit="%")
    improvement = _trace(fig, "Special cause improvement")
    concern = _trace(fig, "Special cause concern")
    common = _trace(fig, "Common cause")
    assert (
        improvement.marker.color == PALETTE["improvement"] == "#0090D0"
    )  # MDC blue, darkened to 3:1
    assert concern.marker.color == PALETTE["concern"] == "#D45F09"
    assert common.marker.color == PALETTE["common_cause"] == "#858585"
    assert _trace(fig, "Special cause neutral (high)").marker.color == "#490092"
    symbols = {t.name: t.marker.symbol for t in fig.data if t.mode == "markers" and t.marker.symbol}
    assert len(set(symbols.values())) == 5, symbols
    assert list(improvement.x) == [pd.Timestamp("2026-03-01")]
    assert list(concern.x) == [pd.Timestamp("2026-04-01")]
    assert len(common.x) == 12


def test_spc_hover_gives_uk_month_value_with_unit_point_type_and_rules() -> None:
    concern = _trace(spc_figure(_points(), unit="%"), "Special cause concern")
    text = concern.text[0]
    assert "Apr 2026" in text
    assert "10.0%" in text
    assert "Special cause concern" in text
    assert "shift" in text and "trend" in text


def test_spc_layout_has_unit_axis_month_ticks_and_legend_below() -> None:
    fig = spc_figure(_points(), title="A&E 4 hours", unit="%")
    assert fig.layout.yaxis.title.text == "%"
    assert fig.layout.xaxis.tickformat == "%b %Y"
    assert fig.layout.legend.orientation == "h"
    assert (fig.layout.legend.yref, fig.layout.legend.y) == ("container", 0)
    assert all(isinstance(t, go.Scatter) for t in fig.data)


def test_spc_mean_and_limits_break_between_partitions() -> None:
    fig = spc_figure(_points(recalc_at=8))
    mean = _trace(fig, "Mean")
    ys = list(mean.y)
    gap = ys.index(None)
    assert set(ys[:gap]) == {11.0}
    assert set(ys[gap + 1 :]) == {20.0}
    assert mean.x[gap] is None
    assert len(ys) == 16 + 1
    upper, lower = [t for t in fig.data if t.name == "Process limits"]
    assert None in list(upper.y) and None in list(lower.y)
    assert upper.line.dash == "dash"
    assert mean.line.dash == "solid"


def test_spc_two_sigma_lines_are_optional() -> None:
    assert _trace(spc_figure(_points()), "2σ lines").line.dash == "dot"
    names = {t.name for t in spc_figure(_points(), two_sigma=False).data}
    assert "2σ lines" not in names


def test_run_chart_shows_median_and_no_limits() -> None:
    fig = spc_figure(_points(8, limits=False), median=10.5)
    names = {t.name for t in fig.data}
    assert "Median" in names
    assert not names & {"Mean", "Process limits", "2σ lines"}
    assert list(_trace(fig, "Median").y) == [10.5, 10.5]


def test_run_chart_median_defaults_to_the_median_of_the_values() -> None:
    fig = spc_figure(_points(8, limits=False))
    assert list(_trace(fig, "Median").y) == [11.0, 11.0]


def test_target_is_a_dashed_step_line_that_changes_at_each_revision() -> None:
    targets = pd.DataFrame(
        {
            "value": [95.0, 92.0],
            "effective_from": pd.to_datetime(["2025-04-01", "2026-06-01"]),
            "effective_to": pd.to_datetime(["2026-05-31", None]),
        }
    )
    target = _trace(spc_figure(_points(), targets=targets), "Target")
    assert target.line.color == "#de1b1b"
    assert target.line.dash == "dash"
    steps = list(zip(target.x, target.y, strict=True))
    assert steps[0] == (pd.Timestamp("2026-01-01"), 95.0)  # clipped to the data
    assert (pd.Timestamp("2026-05-31"), 95.0) in steps
    assert (pd.Timestamp("2026-06-01"), 92.0) in steps
    assert steps[-1] == (pd.Timestamp("2026-04-01") + pd.DateOffset(months=12), 92.0)
    assert None not in target.y  # revisions a day apart join with a vertical step


def test_target_gap_between_revisions_leaves_a_gap() -> None:
    targets = pd.DataFrame(
        {
            "value": [95.0, 92.0],
            "effective_from": pd.to_datetime(["2026-01-01", "2026-09-01"]),
            "effective_to": pd.to_datetime(["2026-03-31", None]),
        }
    )
    xs, ys = target_steps(targets, pd.Timestamp("2026-01-01"), pd.Timestamp("2026-12-01"))
    assert ys == [95.0, 95.0, None, 92.0, 92.0]
    assert xs[2] is None


def test_annotations_are_dotted_vertical_lines_with_labels_and_hover() -> None:
    annotations = pd.DataFrame(
        {
            "date": pd.to_datetime(["2026-09-01", "2026-05-01"]),
            "kind": ["recalculation", "intervention"],
            "label": ["New triage model", "Discharge to assess started on all wards"],
        }
    )
    fig = spc_figure(_points(recalc_at=8), annotations=annotations)
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert len(lines) == 2
    assert {s.line.dash for s in lines} == {"dot"}
    texts = [a.text for a in fig.layout.annotations]
    assert "Recalculation: New triage model" in texts
    assert any(t.startswith("Intervention: Discharge") and t.endswith("…") for t in texts)
    assert any("all wards" in a.hovertext for a in fig.layout.annotations)


def test_close_labels_take_free_rows_then_cut_the_earliest_ending_row_or_hide() -> None:
    # 16 characters each: the first four begin before any row frees (at 17-20); at 4 no row's
    # last label began 7 characters earlier (6 kept + a gap), so it is hidden; at 10 every row
    # could be cut and row 0 ends first, so its label is cut to the 9 characters before 10.
    texts = ["Note: abcdefghij"] * 6
    fitted, rows = fit_labels(np.array([0.0, 1.0, 2.0, 3.0, 4.0, 10.0]), texts)
    assert rows == [0, 1, 2, 3, None, 0]
    assert fitted == ["Note: ab…", *texts[1:4], "", texts[5]]


def test_a_label_with_no_room_at_the_right_edge_becomes_a_dot() -> None:
    # The first label ends (with its gap) exactly where the second begins, so both take row 0.
    starts = np.array([PLOT_CHARS - 20, PLOT_CHARS - 3])
    fitted, rows = fit_labels(starts, ["Note: abcdefghij"] * 2)
    assert rows == [0, 0]
    assert fitted == ["Note: abcdefghij", "•"]


@given(st.lists(st.floats(min_value=0, max_value=PLOT_CHARS - 1), min_size=1, max_size=12))
def test_labels_in_one_row_never_run_into_each_other_or_off_the_chart(starts: list[float]) -> None:
    starts = sorted(starts)
    fitted, rows = fit_labels(np.array(starts), ["Intervention: a long label"] * len(starts))
    assert rows[0] == 0
    for row in {r for r in rows if r is not None}:
        placed = [(s, t) for s, t, r in zip(starts, fitted, rows, strict=True) if r == row]
        ends = [s + len(t) for s, t in placed]
        assert all(end < later for end, (later, _) in zip(ends, placed[1:], strict=False))
        assert all(len(t) >= MIN_LABEL_CHARS or t == "•" for _, t in placed)
        assert ends[-1] <= PLOT_CHARS
    assert all(t == "" for t, r in zip(fitted, rows, strict=True) if r is None)


def test_annotation_labels_of_close_dates_alternate_rows_on_the_figure() -> None:
    annotations = pd.DataFrame(
        {
            "date": pd.to_datetime(["2026-03-01", "2026-03-01"]),
            "kind": ["intervention", "note"],
            "label": ["Streaming nurse", "Norovirus"],
        }
    )
    fig = spc_figure(_points(), annotations=annotations)
    shifts = sorted(a.yshift or 0 for a in fig.layout.annotations if a.hovertext)
    assert shifts == [0, 14]


def test_spc_figure_serialises_to_json() -> None:
    targets = pd.DataFrame(
        {"value": [12.0], "effective_from": [date(2026, 1, 1)], "effective_to": [None]}
    )
    annotations = pd.DataFrame(
        {"date": [date(2026, 9, 1)], "kind": ["baseline"], "label": ["Baseline fixed"]}
    )
    fig = spc_figure(_points(), targets=targets, annotations=annotations, unit="£")
    data = json.loads(fig.to_json())
    assert {t["name"] for t in data["data"]} >= {"Mean", "Target", "Special cause concern"}


def test_spc_figure_names_missing_columns() -> None:
    with pytest.raises(ValueError, match="point_type"):
        spc_figure(_points().drop(columns="point_type"))


def test_spc_figure_of_no_points_says_so() -> None:
    fig = spc_figure(_points().iloc[0:0])
    assert fig.layout.annotations[0].text == "No data yet"
    assert fig.layout.xaxis.visible is False and fig.layout.yaxis.visible is False


def test_gantt_has_one_row_per_milestone_grouped_by_initiative_and_a_today_line() -> None:
    fig = milestone_gantt(_milestones(), today=date(2026, 11, 23))
    labels = list(fig.layout.yaxis.ticktext)
    assert len(labels) == 3
    assert labels[0].startswith("FLOW")
    # A code that starts with its initiative's names it: no "UEC · " before it
    assert labels[1].startswith("UEC-M1 ")
    rows = {y for t in fig.data for y in t.y if y is not None}
    assert rows == {0, 1, 2}
    today = [s for s in fig.layout.shapes if s.name == "Today"]
    assert len(today) == 1
    assert today[0].x0 == pd.Timestamp("2026-11-23")
    assert any(a.text.startswith("Today") for a in fig.layout.annotations)


def test_gantt_marks_late_in_concern_colour_with_text_and_completed_with_tick() -> None:
    fig = milestone_gantt(_milestones(), today=date(2026, 11, 23))
    late = _trace(fig, "Forecast, late")
    assert late.marker.color == PALETTE["concern"]
    assert list(late.text) == ["Late"]
    assert list(late.y) == [2]
    done = _trace(fig, "Completed ✔")
    assert list(done.text) == ["✔"]
    assert list(done.x) == [pd.Timestamp("2026-06-10")]
    assert "Slipped 153 days" in _trace(fig, "Forecast").hovertext[0]


def test_gantt_height_grows_with_rows() -> None:
    many = pd.concat(
        [_milestones().assign(code=lambda f, i=i: f["code"] + f"-{i}") for i in range(4)]
    )
    small = milestone_gantt(_milestones(), today=date(2026, 11, 23))
    big = milestone_gantt(many, today=date(2026, 11, 23))
    assert len(big.layout.yaxis.ticktext) == 12
    assert big.layout.height > small.layout.height


def test_goal_figure_shows_actuals_dashed_trajectory_and_target_point() -> None:
    actuals = pd.DataFrame(
        {"period": pd.date_range("2026-04-01", periods=3, freq="MS"), "value": [80.0, 82, 85]}
    )
    trajectory = pd.DataFrame(
        {"period": pd.to_datetime(["2026-04-01", "2027-03-01"]), "value": [80.0, 95.0]}
    )
    fig = goal_figure(actuals, trajectory, 95.0, date(2027, 3, 1), "4-hour standard", "%")
    assert _trace(fig, "Planned trajectory").line.dash == "dash"
    assert list(_trace(fig, "Actual").y) == [80.0, 82.0, 85.0]
    target = _trace(fig, "Target")
    assert list(target.y) == [95.0]
    assert target.marker.color == "#de1b1b"
    assert target.text[0] == "Target 95.0%"


def test_rag_history_colours_and_labels_each_check_in() -> None:
    check_ins = pd.DataFrame(
        {
            "period": pd.date_range("2026-07-01", periods=4, freq="MS"),
            "rag": ["green", "Amber", "red", "amber"],
            "confidence": [4, 3, 2, 3],
        }
    )
    fig = rag_history_figure(check_ins)
    amber = _trace(fig, "A = Amber")
    assert list(amber.text) == ["A", "A"]
    assert amber.marker.color == "#FFB81C"  # NHS warm yellow, the amber of the RAG scale
    assert list(_trace(fig, "R = Red").y) == [2]
    assert list(_trace(fig, "G = Green").text) == ["G"]
    assert "Confidence 2 of 5" in _trace(fig, "R = Red").hovertext[0]


@pytest.mark.parametrize(
    ("icon", "text"),
    [
        ("improvement_high", "▲ Improvement (high)"),
        ("concern_low", "▼ Concern (low)"),
        ("common_cause", "● Common cause"),
        ("none", "– None"),
        (None, "– None"),
    ],
)
def test_variation_icon_text(icon: str | None, text: str) -> None:
    assert variation_icon_text(icon) == text


@pytest.mark.parametrize(
    ("icon", "text"),
    [("pass", "✔ Pass"), ("fail", "✘ Fail"), ("hit_and_miss", "◐ Hit and miss"), (None, "– None")],
)
def test_assurance_icon_text(icon: str | None, text: str) -> None:
    assert assurance_icon_text(icon) == text


def test_icon_texts_reject_unknown_icons() -> None:
    with pytest.raises(ValueError, match="sideways"):
        variation_icon_text("sideways")
    with pytest.raises(ValueError, match="maybe"):
        assurance_icon_text("maybe")


def test_short_monthly_chart_ticks_each_month_so_no_month_repeats() -> None:
    assert spc_figure(_points(8, limits=False)).layout.xaxis.dtick == "M1"
    assert spc_figure(_points(30)).layout.xaxis.dtick is None


HOSTILE = "<b>All green</b> <a href='http://evil.example'>see</a> & $x$"
"""Markup plotly would obey in a title, tick, hover or annotation: bold, a link, LaTeX."""
HOSTILE_SHOWN = (
    "&lt;b&gt;All green&lt;/b&gt; &lt;a href='http://evil.example'&gt;see&lt;/a&gt; "
    "&amp; &#36;x&#36;"
)


def test_a_chart_title_shows_markup_as_typed() -> None:
    for fig in (
        spc_figure(_points(), title=HOSTILE),
        goal_figure(None, None, 1.0, date(2027, 3, 1), title=HOSTILE),
        rag_history_figure(pd.DataFrame(columns=["period", "rag", "confidence"]), title=HOSTILE),
    ):
        assert fig.layout.title.text == HOSTILE_SHOWN


def test_annotation_labels_show_markup_as_typed_on_the_chart_and_in_the_hover() -> None:
    annotations = pd.DataFrame(
        {"date": pd.to_datetime(["2026-05-01"]), "kind": ["note"], "label": ["<b>Go</b> & <i>"]}
    )
    note = spc_figure(_points(), annotations=annotations).layout.annotations[0]
    assert note.text == "Note: &lt;b&gt;Go&lt;/b&gt; &amp; &lt;i&gt;"
    assert note.hovertext == "Note 1 May 2026: &lt;b&gt;Go&lt;/b&gt; &amp; &lt;i&gt;"


def test_a_cut_annotation_label_is_cut_before_escaping_so_no_entity_is_split() -> None:
    label = "a" * 20 + "<<<<<<<<<<"
    annotations = pd.DataFrame(
        {"date": pd.to_datetime(["2026-05-01"]), "kind": ["note"], "label": [label]}
    )
    note = spc_figure(_points(), annotations=annotations).layout.annotations[0]
    # 28 characters fit (_LABEL_CHARS): 20 a's, 7 of the 10 '<' and the ellipsis.
    assert note.text == "Note: " + "a" * 20 + "&lt;" * 7 + "…"


def test_milestone_titles_and_owners_show_markup_as_typed_in_ticks_and_hover() -> None:
    rows = _milestones()
    rows.loc[0, "title"] = "<a href='http://evil.example'>Go</a>"
    rows.loc[0, "owner"] = "<b>Boss</b>"
    fig = milestone_gantt(rows, today=date(2026, 11, 23))
    tick = next(t for t in fig.layout.yaxis.ticktext if "UEC-M2" in t)
    assert tick == "UEC-M2 &lt;a href='http://evil.example'&gt;Go&lt;/a&gt;"
    hover = next(h for h in _trace(fig, "Forecast, late").hovertext)
    assert hover.startswith("<b>UEC-M2 &lt;a href='http://evil.example'&gt;Go&lt;/a&gt;</b>")
    assert "owner &lt;b&gt;Boss&lt;/b&gt;" in hover


def test_gantt_row_label_names_the_initiative_only_when_the_code_does_not() -> None:
    rows = _milestones()
    rows.loc[0, "title"] = "x" * 100
    rows.loc[2, "code"] = "M-77"  # FLOW's milestone, coded without its initiative
    labels = list(milestone_gantt(rows, today=date(2026, 11, 23)).layout.yaxis.ticktext)
    long = next(t for t in labels if t.startswith("UEC-M2 "))
    # 60 characters in all: the code and a space (7), 52 of the title's and the ellipsis
    assert long == "UEC-M2 " + "x" * 52 + "…"
    assert any(t.startswith("FLOW · M-77 ") for t in labels)
