"""Native PowerPoint XY charts from NativeSeries: editable points, lines and legend."""

import math
from datetime import date

from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.slide import Slide
from pptx.util import Length, Pt

from tracker.boardpack.native import NativeSeries
from tracker.boardpack.workbook import ChartData
from tracker.charts import PALETTE

EXCEL_EPOCH = date(1899, 12, 30)
"""Day 0 of Office's date serial numbers (1900 date system, with its leap-year quirk)."""

PX_TO_PT = 0.75
"""Plotly sizes are CSS pixels (96 per inch); PowerPoint's are points (72 per inch)."""

AXIS_TICKS = 6
"""About this many labels along each axis, so they never collide."""
AXIS_PAD = 0.05
"""Share of the data's range left above and below it, as plotly does."""
NICE_STEPS = (1, 2, 2.5, 5, 10)
"""Axis steps are one of these times a power of ten."""
DAYS_PER_MONTH = 30.4375
"""Average month length: ticks fall a whole number of months apart."""

MARKERS = {
    "circle": XL_MARKER_STYLE.CIRCLE,
    "diamond": XL_MARKER_STYLE.DIAMOND,
    "square": XL_MARKER_STYLE.SQUARE,
    "triangle-up": XL_MARKER_STYLE.TRIANGLE,
    # Office has no downward triangle; the legend still names the point type in words.
    "triangle-down": XL_MARKER_STYLE.TRIANGLE,
    "star": XL_MARKER_STYLE.STAR,
    "x": XL_MARKER_STYLE.X,
    # Office has no hexagon (a PDSA adapted); the legend names the decision in words.
    "hexagon": XL_MARKER_STYLE.DIAMOND,
}
"""Plotly marker symbol → Office marker style."""

DASHES = {
    "solid": MSO_LINE_DASH_STYLE.SOLID,
    "dash": MSO_LINE_DASH_STYLE.DASH,
    "dot": MSO_LINE_DASH_STYLE.ROUND_DOT,
}
"""Plotly line dash → Office dash style."""


def serial(day: date) -> int:
    """Return a date as an Office date serial number (what Excel shows as a date)."""
    return (day - EXCEL_EPOCH).days


def number_format(unit: str, decimals: int) -> str:
    """Return the Office number format of a value axis: "#,##0.0", '"£"#,##0' …."""
    body = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    if unit == "£":
        return f'"£"{body}'
    if unit == "%":
        return f'{body}"%"'
    return body


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def _style(plot_series: object, series: NativeSeries) -> None:
    plot_series.smooth = False  # type: ignore[attr-defined]
    line = plot_series.format.line  # type: ignore[attr-defined]
    if series.line is None:
        line.fill.background()
    else:
        line.color.rgb = _rgb(series.line)
        line.width = Pt(series.width * PX_TO_PT)
        line.dash_style = DASHES.get(series.dash, MSO_LINE_DASH_STYLE.SOLID)
    marker = plot_series.marker  # type: ignore[attr-defined]
    if series.marker is None:
        marker.style = XL_MARKER_STYLE.NONE
        return
    marker.style = MARKERS.get(series.marker, XL_MARKER_STYLE.CIRCLE)
    marker.size = max(2, round(series.marker_size * PX_TO_PT))
    marker.format.fill.solid()
    marker.format.fill.fore_color.rgb = _rgb(series.marker_colour or PALETTE["text"])
    marker.format.line.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)


def _hide_legend_entries(legend: object, hidden: list[int]) -> None:
    """Delete the legend entries of series that the app's chart leaves out of its legend."""
    position = legend._element.find(qn("c:legendPos"))  # type: ignore[attr-defined]
    for idx in sorted(hidden, reverse=True):
        entry = OxmlElement("c:legendEntry")
        for tag, value in (("c:idx", str(idx)), ("c:delete", "1")):
            child = OxmlElement(tag)
            child.set("val", value)
            entry.append(child)
        # legendEntry must come straight after legendPos in the chart schema.
        position.addnext(entry)


def value_range(values: list[float]) -> tuple[float, float, float]:
    """Return (minimum, maximum, step) of a value axis that fits `values` with round ticks.

    Office starts an axis at zero unless the values are close together, which flattens an SPC
    chart into a line; the app's charts (plotly) fit the data instead, and so does this.
    """
    low, high = min(values), max(values)
    pad = (high - low) * AXIS_PAD or abs(high) * AXIS_PAD or 1.0
    low, high = low - pad, high + pad
    raw = (high - low) / AXIS_TICKS
    power = 10 ** math.floor(math.log10(raw))
    step = next(power * m for m in NICE_STEPS if power * m >= raw)
    minimum = math.floor(low / step) * step
    if min(values) >= 0:
        minimum = max(minimum, 0.0)
    return minimum, math.ceil(high / step) * step, step


def _dates_axis(axis: object, first: date, last: date) -> None:
    span = max(1, serial(last) - serial(first))
    months = max(1, round(span / DAYS_PER_MONTH / AXIS_TICKS))
    axis.minimum_scale = serial(first)  # type: ignore[attr-defined]
    axis.maximum_scale = serial(last)  # type: ignore[attr-defined]
    axis.major_unit = months * DAYS_PER_MONTH  # type: ignore[attr-defined]
    axis.has_major_gridlines = False  # type: ignore[attr-defined]
    ticks = axis.tick_labels  # type: ignore[attr-defined]
    ticks.number_format = "mmm yyyy"
    ticks.number_format_is_linked = False
    ticks.font.size = Pt(9)


def add_xy_chart(
    slide: Slide,
    series: list[NativeSeries],
    box: tuple[Length, Length, Length, Length],
    unit: str,
    decimals: int,
    description: str,
) -> None:
    """Draw `series` as one native XY chart in `box` (left, top, width, height) on `slide`.

    Dates become Office date serials on a "mmm yyyy" axis; a None point leaves a gap.
    `description` is the chart's alternative text, what a screen reader says for it.
    """
    data = ChartData()
    days = [x for s in series for x in s.xs if x is not None]
    for s in series:
        target = data.add_series(s.name)
        for x, y in zip(s.xs, s.ys, strict=True):
            target.add_data_point(None if x is None else serial(x), y)
    left, top, width, height = box
    # ChartData here is our own pptx-compatible writer (boardpack.workbook), and add_chart
    # returns the graphic frame that holds the chart, though python-pptx annotates it as Chart.
    frame = slide.shapes.add_chart(XL_CHART_TYPE.XY_SCATTER_LINES, left, top, width, height, data)  # type: ignore[arg-type]
    chart = frame.chart  # type: ignore[attr-defined]
    # PowerPoint's "Alt Text" is the frame's cNvPr descr; python-pptx has no setter for it.
    frame._element.nvGraphicFramePr.cNvPr.set("descr", description)
    chart.font.size = Pt(9)
    chart.font.name = "Arial"
    for plot_series, s in zip(chart.plots[0].series, series, strict=True):
        _style(plot_series, s)
    if days:
        _dates_axis(chart.category_axis, min(days), max(days))
    values = chart.value_axis
    ys = [y for s in series for y in s.ys if y is not None]
    if ys:
        values.minimum_scale, values.maximum_scale, values.major_unit = value_range(ys)
    values.has_major_gridlines = True
    values.major_gridlines.format.line.color.rgb = _rgb(PALETTE["grid"])
    values.tick_labels.number_format = number_format(unit, decimals)
    values.tick_labels.number_format_is_linked = False
    values.tick_labels.font.size = Pt(9)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(9)
    _hide_legend_entries(chart.legend, [i for i, s in enumerate(series) if not s.legend])
