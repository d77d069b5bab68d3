"""The chart palette (MDC colours, defined once), marker symbols and the shared white layout."""

from typing import Final

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from tracker import usertext, vocabulary

PALETTE: Final[dict[str, str]] = {
    # MDC point-type colours, from the vocabulary that gives each its words and symbol.
    "improvement": vocabulary.IMPROVEMENT_BLUE,
    "concern": vocabulary.CONCERN_ORANGE,
    "neutral": vocabulary.NEUTRAL_PURPLE,
    "common_cause": vocabulary.COMMON_CAUSE_GREY,
    # NHSRplotthedots target line.
    "target": "#de1b1b",
    # Lines and text (NHS identity greys and blue, https://www.england.nhs.uk/nhsidentity/).
    "value_line": "#768692",
    "mean": "#231F20",
    "limit": "#425563",
    "two_sigma": "#84909A",  # faint beside the limits, yet 3:1 on white (WCAG 1.4.11)
    "median": "#425563",
    "annotation": "#425563",
    "today": vocabulary.NHS_BLUE,
    "actual": vocabulary.NHS_BLUE,
    "trajectory": "#768692",
    "milestone": vocabulary.NHS_BLUE,
    "baseline": "#768692",
    "text": vocabulary.TEXT_BLACK,
    "grid": "#E8EDEE",
    "band": "#F0F4F5",
}
"""Every colour the charts use, by role; MDC colours first."""

FONT_FAMILY: Final = "Arial, Helvetica, sans-serif"
MONTH_TICKS: Final = "%b %Y"  # e.g. "Oct 2026"
DAY_TICKS: Final = "%-d %b %Y"  # e.g. "23 Nov 2026"
MONTHLY_TICKS_UP_TO: Final = 12  # months of monthly data that get a tick per month
ONE_MONTH_MS: Final = 28 * 24 * 3600 * 1000  # shortest month: below it plotly ticks mid-month
# Anchored to the bottom of the figure (not the plot) so plotly grows the bottom margin to fit it
# below the date labels, whatever the height; paper-relative positions overlap them on short charts.
LEGEND_BELOW: Final = {
    "orientation": "h",
    "xref": "container",
    "yref": "container",
    "x": 0.01,
    "y": 0,
    "xanchor": "left",
    "yanchor": "bottom",
}


_CARTESIAN_LAYOUT: Final = (
    "annotationdefaults",
    "autotypenumbers",
    "colorway",
    "font",
    "hoverlabel",
    "hovermode",
    "paper_bgcolor",
    "plot_bgcolor",
    "shapedefaults",
    "title",
    "xaxis",
    "yaxis",
)
HOUSE_TEMPLATE: Final = go.layout.Template(
    layout={
        key: value
        for key, value in pio.templates["plotly_white"].layout.to_plotly_json().items()
        if key in _CARTESIAN_LAYOUT
    }
)
"""plotly_white's look for x/y charts, without its maps, 3-D scenes and per-trace defaults.

The whole template is copied into every figure: trimmed, a chart is built about 35 ms faster and
its JSON is 5 kB smaller, which adds up on a page of charts and in a board pack.
"""


def base_layout(fig: go.Figure, *, title: str, height: int, legend: bool = True) -> go.Figure:
    """Return `fig` with the house layout: white, readable fonts and the legend below.

    `title` is shown as typed: it is usually a measure's name, so markup in it is escaped.
    """
    fig.update_layout(
        template=HOUSE_TEMPLATE,
        height=height,
        title={
            "text": usertext.plotly(title),
            "x": 0.01,
            "xanchor": "left",
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": 12},
            "font": {"size": 16},
        },
        font={"family": FONT_FAMILY, "size": 13, "color": PALETTE["text"]},
        margin={"l": 60, "r": 24, "t": 48 if title else 16, "b": 40},
        showlegend=legend,
        legend=LEGEND_BELOW,
        hoverlabel={"font": {"family": FONT_FAMILY}},
        plot_bgcolor="white",
        paper_bgcolor="white",
    )
    fig.update_xaxes(showgrid=False, linecolor=PALETTE["limit"], ticks="outside")
    fig.update_yaxes(gridcolor=PALETTE["grid"], zeroline=False)
    return fig


def date_axis(fig: go.Figure, periods: pd.Series | None = None) -> go.Figure:
    """Return `fig` with UK date ticks: "Oct 2026", or "23 Nov 2026" when ticks are under a month.

    Without the day, ticks half a month apart on a short chart would read "Jul 2026" twice; when
    `periods` are month starts spanning at most a year, ticks are put on each month instead.
    """
    stamps = pd.Series(dtype="datetime64[ns]") if periods is None else pd.to_datetime(periods)
    stamps = stamps.dropna()
    if len(stamps) > 1 and (stamps.dt.day == 1).all():
        first, last = stamps.min(), stamps.max()
        if (last.year - first.year) * 12 + last.month - first.month <= MONTHLY_TICKS_UP_TO:
            fig.update_xaxes(dtick="M1", tick0=first)
    fig.update_xaxes(
        type="date",
        tickformat=MONTH_TICKS,
        tickformatstops=[
            {"dtickrange": [None, ONE_MONTH_MS], "value": DAY_TICKS},
            {"dtickrange": [ONE_MONTH_MS, None], "value": MONTH_TICKS},
        ],
    )
    return fig
