"""WCAG contrast of every chart colour: 3:1 for lines and markers, 4.5:1 for text (1.4.11, 1.4.3)."""

from datetime import date

import pandas as pd
import pytest

from tracker import vocabulary
from tracker.charts import goal_figure, milestone_gantt, rag_history_figure, spc_figure
from tracker.charts.style import PALETTE
from tracker.spc import analyse

WHITE = "#FFFFFF"
GRAPHIC = 3.0
"""WCAG 1.4.11: a line or marker that carries meaning against what is next to it."""
TEXT = 4.5
"""WCAG 1.4.3: text under 18 pt, as every chart label is."""
TEXT_ROLES = {"text", "target", "annotation", "today"}
"""Palette roles the charts also write text in."""
BACKGROUND_ROLES = {"grid": "gridlines behind the data", "band": "the timeline's row shading"}
"""Roles that only shade the background: the axes' labels and the data table carry the values,
so they need no contrast of their own."""
BANDED_ROLES = {"baseline", "milestone", "concern", "today", "text"}
"""Roles drawn on the milestone timeline, over its light bands as well as white."""


def ratio(foreground: str, background: str = WHITE) -> float:
    """Return the WCAG 2 contrast ratio of two #RRGGBB colours (1 to 21)."""

    def luminance(colour: str) -> float:
        named = {"white": WHITE, "black": "#000000"}.get(colour.lower(), colour)
        channels = [int(named.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_ratio_matches_wcags_own_examples():
    # Black on white is the largest contrast there is, 21:1; a colour against itself is 1:1.
    assert ratio("#000000") == pytest.approx(21.0)
    assert ratio("#767676") == pytest.approx(4.54, abs=0.01)  # the lightest grey text passing AA
    assert ratio(WHITE) == 1.0


@pytest.mark.parametrize("role", sorted(set(PALETTE) - set(BACKGROUND_ROLES)))
def test_every_palette_colour_stands_out_from_white(role):
    needed = TEXT if role in TEXT_ROLES else GRAPHIC
    assert ratio(PALETTE[role]) >= needed, f"{role} {PALETTE[role]}: {ratio(PALETTE[role]):.2f}"


@pytest.mark.parametrize("role", sorted(BANDED_ROLES))
def test_timeline_colours_stand_out_from_its_bands(role):
    needed = TEXT if role in TEXT_ROLES else GRAPHIC
    assert ratio(PALETTE[role], PALETTE["band"]) >= needed


def test_mdc_colours_keep_their_hues():
    # Darkened for contrast, still orange for concern, blue for improvement, grey common cause.
    def rgb(colour: str) -> tuple[int, ...]:
        return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))

    red, green, blue = rgb(vocabulary.CONCERN_ORANGE)
    assert red > green > blue
    red, green, blue = rgb(vocabulary.IMPROVEMENT_BLUE)
    assert blue > green > red
    assert len(set(rgb(vocabulary.COMMON_CAUSE_GREY))) == 1


def _spc_points() -> pd.DataFrame:
    # Fourteen steady points then a jump, so the chart has limits and a special cause point.
    months = pd.date_range("2025-01-01", periods=15, freq="MS")
    points = pd.DataFrame({"series_id": "M1", "period": months, "value": [10.0, 12.0] * 7 + [20.0]})
    series = pd.DataFrame({"series_id": ["M1"], "direction": ["decrease"], "target": [9.0]})
    return analyse(points, series).points


def _figures():
    targets = pd.DataFrame(
        {"value": [9.0], "effective_from": ["2025-01-01"], "effective_to": [None]}
    )
    notes = pd.DataFrame({"date": ["2025-06-01"], "kind": ["intervention"], "label": ["Triage"]})
    values = pd.DataFrame({"period": pd.date_range("2025-01-01", periods=3, freq="MS"),
                           "value": [5.0, 6.0, 7.0]})  # fmt: skip
    milestones = pd.DataFrame(
        {
            "code": ["A-M1", "A-M2", "B-M1"],
            "initiative": ["A", "A", "B"],
            "title": ["Design", "Go live", "Open"],
            "owner": ["X"] * 3,
            "baseline_date": pd.to_datetime(["2026-01-01", "2026-03-01", "2026-02-01"]),
            "forecast_date": pd.to_datetime(["2026-01-01", "2026-05-01", "2026-09-01"]),
            "completed_date": pd.to_datetime(["2026-01-10", None, None]),
            "status": ["complete", "late", "on track"],
            "slip_days": [0, 61, 0],
            "is_late": [False, True, False],
        }
    )
    check_ins = pd.DataFrame({"period": values["period"], "rag": ["red", "amber", "green"],
                              "confidence": [2, 3, 4]})  # fmt: skip
    return {
        "spc": spc_figure(_spc_points(), targets, notes, title="M1"),
        "run": spc_figure(_spc_points().head(5), title="M1"),
        "goal": goal_figure(values, values, 9.0, date(2025, 12, 1), title="Goal"),
        "milestones": milestone_gantt(milestones, date(2026, 6, 1)),
        "check-ins": rag_history_figure(check_ins),
    }


def _drawn_colours(node: object, path: str = "") -> list[tuple[str, str]]:
    """Return (where, colour) of every colour drawn in a figure's JSON.

    A marker outlined in a colour that stands out is judged by its outline: its fill may be
    light (the amber RAG marker) because its edge and its letter show it.
    """
    found: list[tuple[str, str]] = []
    if isinstance(node, dict):
        outline = node.get("line", {}).get("color") if isinstance(node.get("line"), dict) else None
        outlined = path.endswith("marker") and outline and ratio(outline) >= GRAPHIC
        for key, value in node.items():
            if key == "color" and isinstance(value, str) and not outlined:
                found.append((path, value))
            elif key == "color" and isinstance(value, list):
                found += [(path, v) for v in value if isinstance(v, str)]
            elif key not in {"fillcolor", "gridcolor", "template", "bgcolor"}:
                found += _drawn_colours(value, f"{path}.{key}")
    elif isinstance(node, list):
        for item in node:
            found += _drawn_colours(item, path)
    return found


@pytest.mark.parametrize("name", ["spc", "run", "goal", "milestones", "check-ins"])
def test_every_colour_a_chart_draws_meets_its_contrast(name):
    figure = _figures()[name].to_plotly_json()
    drawn = _drawn_colours({"data": figure["data"], "layout": {
        k: figure["layout"].get(k) for k in ("shapes", "annotations", "font", "title")}})  # fmt: skip
    assert drawn, "no colours found: the walk has missed the figure"
    # A white outline around a marker only separates it from the line it sits on.
    failing = [
        (where, colour, round(ratio(colour), 2))
        for where, colour in drawn
        if colour.lower() not in {"white", WHITE.lower()}
        and ratio(colour) < (TEXT if "font" in where else GRAPHIC)
    ]
    assert failing == []
