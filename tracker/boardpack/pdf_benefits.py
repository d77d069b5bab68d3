"""The PDF's cumulative benefits chart, drawn as vectors: plan, actual and forecast by month."""

import math

import pandas as pd
from reportlab.graphics.shapes import Drawing, Line, Polygon, PolyLine, String
from reportlab.lib import colors

from tracker.boardpack.pdf_style import FONT
from tracker.charts.style import PALETTE
from tracker.formatting import uk_month

AXIS_PT = 7.5
"""Tick labels' size in points: readable on a printed A4 page."""
LEFT, BOTTOM, TOP = 62.0, 30.0, 24.0
"""Room in points for the £ labels, the month labels and the legend."""
GRID_LINES = 4

LINES: tuple[tuple[str, str, str, list[float], str | None], ...] = (
    # (column, legend name, colour, dash pattern, marker): dashes and markers tell the three
    # apart without colour, as the screen chart's do.
    ("planned", "Planned (cumulative)", PALETTE["trajectory"], [5.0, 3.0], None),
    ("actual", "Actual (cumulative)", PALETTE["actual"], [], "circle"),
    ("forecast", "Forecast to outturn", PALETTE["actual"], [1.5, 2], "diamond"),
)


def _step(top: float) -> float:
    """Return a round gridline step in pounds so that GRID_LINES steps reach `top`."""
    raw = max(top, 1.0) / GRID_LINES
    power = 10 ** math.floor(math.log10(raw))
    return float(next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw))


def _pounds(value: float) -> str:
    """Return a gridline's amount short, exact to its step: £500, £1.5k, £2.25m."""
    for size, suffix in ((1_000_000, "m"), (1_000, "k")):
        if abs(value) >= size:
            return "£" + f"{value / size:,.2f}".rstrip("0").rstrip(".") + suffix
    return f"£{value:,.0f}"


def _marker(kind: str, x: float, y: float, colour: colors.Color) -> Polygon:
    size = 2.6
    if kind == "circle":
        points = [
            v
            for k in range(12)
            for v in (x + size * math.cos(k * math.pi / 6), y + size * math.sin(k * math.pi / 6))
        ]
        return Polygon(points, fillColor=colour, strokeColor=colour, strokeWidth=0.5)
    return Polygon(
        [x, y + size + 0.8, x + size + 0.8, y, x, y - size - 0.8, x - size - 0.8, y],
        fillColor=colors.white,
        strokeColor=colour,
        strokeWidth=1,
    )


def cumulative_drawing(path: pd.DataFrame, width: float, height: float) -> Drawing:
    """Return benefits.cumulative's path as a chart `width` by `height` points: a £ axis,
    the months, a line per series (planned dashed, actual solid with dots, forecast dotted with
    diamonds) and a legend naming each."""
    found = Drawing(width, height)
    plot_w, plot_h = width - LEFT - 10, height - BOTTOM - TOP
    values = pd.concat([path[c] for c, *_ in LINES]).dropna()
    low = min(0.0, float(values.min())) if len(values) else 0.0
    step = _step(float(values.max()) - low if len(values) else 1.0)
    bottom = math.floor(low / step) * step
    top = bottom + step * GRID_LINES
    while top < (float(values.max()) if len(values) else 0.0):
        top += step

    def x_of(n: int) -> float:
        return LEFT + plot_w * (n + 0.5) / len(path)

    def y_of(value: float) -> float:
        return BOTTOM + plot_h * (value - bottom) / (top - bottom)

    grey, text = colors.HexColor(PALETTE["limit"]), colors.HexColor(PALETTE["text"])
    level = bottom
    while level <= top + step / 2:
        found.add(Line(LEFT, y_of(level), LEFT + plot_w, y_of(level),
                       strokeColor=colors.HexColor(PALETTE["grid"]), strokeWidth=0.6))  # fmt: skip
        found.add(String(LEFT - 4, y_of(level) - AXIS_PT / 3, _pounds(level), fontName=FONT,
                         fontSize=AXIS_PT, textAnchor="end", fillColor=text))  # fmt: skip
        level += step
    found.add(Line(LEFT, BOTTOM, LEFT + plot_w, BOTTOM, strokeColor=grey, strokeWidth=0.8))
    for n, month in enumerate(path["month"]):
        found.add(String(x_of(n), BOTTOM - 12, uk_month(month), fontName=FONT,
                         fontSize=AXIS_PT, textAnchor="middle", fillColor=text))  # fmt: skip
    legend_x = LEFT
    for column, name, colour, dash, marker in LINES:
        tint = colors.HexColor(colour)
        points = [(x_of(n), y_of(float(v))) for n, v in enumerate(path[column]) if pd.notna(v)]
        if len(points) > 1:
            line = PolyLine([c for p in points for c in p], strokeColor=tint, strokeWidth=1.6)
            if dash:
                line.strokeDashArray = dash
            found.add(line)
        if marker is not None:
            for px, py in points:
                found.add(_marker(marker, px, py, tint))
        key_y = height - TOP / 2
        sample = Line(legend_x, key_y, legend_x + 22, key_y, strokeColor=tint, strokeWidth=1.6)
        if dash:
            sample.strokeDashArray = dash
        found.add(sample)
        if marker is not None:
            found.add(_marker(marker, legend_x + 11, key_y, tint))
        found.add(String(legend_x + 27, key_y - AXIS_PT / 3, name, fontName=FONT,
                         fontSize=AXIS_PT + 0.5, fillColor=text))  # fmt: skip
        legend_x += 150
    return found
