"""One measure as every view shows it: both icons in words, their readings and the chart's inputs."""

from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from tracker import formatting, glossary, reports
from tracker.charts import spc_figure
from tracker.charts.describe import ChartWords, spc_words
from tracker.charts.labels import assurance_icon_text, variation_icon_text
from tracker.errors import NotFound

DATA_HELP = glossary.column_help(
    ["Mean", "Limits", "Signal", "Rules"],
    {"Limits": "Process limits", "Signal": "Special cause", "Rules": "Special cause"},
)
"""The measure page's data table: statistical headers → their help marks."""
ICON_HELP = glossary.column_help(["Variation", "Assurance"])
"""The measure page's two icon headings → their help marks."""


@dataclass(frozen=True, eq=False)
class MeasureView:
    """What the measure page, the initiative page and the board pack show of one measure.

    variation and assurance are the icons as symbol and words ("▲ Concern (high)"); the readings
    say what they mean in a sentence; points (the SPC engine's per-point table), targets,
    annotations and median are what the SPC chart is drawn from.
    """

    code: str
    name: str
    type: str
    unit: str
    decimals: int
    variation: str
    assurance: str
    variation_reading: str
    assurance_reading: str
    points: pd.DataFrame
    targets: pd.DataFrame
    annotations: pd.DataFrame
    median: float | None
    variation_icon: str = ""
    assurance_icon: str = ""
    """The engine's icons as stored ("concern_high", "pass"), which the chart's words read."""

    @property
    def icons(self) -> str:
        """Return both icons on one line: "▲ Concern (high) · ✘ Fail"."""
        return f"{self.variation} · {self.assurance}"

    def figure(self, height: int, title: str = "") -> go.Figure:
        """Return the measure's SPC chart, as tracker.charts.spc_figure draws it."""
        return spc_figure(
            self.points,
            targets=self.targets,
            annotations=self.annotations,
            title=title,
            unit=self.unit,
            decimals=self.decimals,
            median=self.median,
            height=height,
        )

    def words(self) -> ChartWords:
        """Return the SPC chart in words and as a table (tracker.charts.describe.spc_words)."""
        return spc_words(
            self.points,
            self.targets,
            self.annotations,
            name=self.name,
            unit=self.unit,
            decimals=self.decimals,
            median=self.median,
            variation_icon=self.variation_icon,
            assurance_icon=self.assurance_icon,
        )


class _Parts:
    """One table split by measure code, with its empty form for a measure without rows."""

    def __init__(self, frame: pd.DataFrame, column: str, wanted: set[str] | None) -> None:
        part = frame if wanted is None else frame[frame[column].isin(wanted)]
        self.by_code = {
            str(key): rows.reset_index(drop=True) for key, rows in part.groupby(column, sort=False)
        }
        self.empty = frame.iloc[0:0].reset_index(drop=True)

    def of(self, code: str) -> pd.DataFrame:
        """Return the rows of one measure (no rows if it has none)."""
        return self.by_code.get(code, self.empty)


def measure_views(
    book: reports.Portfolio, codes: Collection[str] | None = None
) -> dict[str, MeasureView]:
    """Return the view of each measure of `book` (or of those in `codes`), in the book's order.

    The per-measure tables are split once for all of them: filtering the portfolio's million
    points once per measure would cost more than everything else a page or pack does.
    """
    measures = book.measures
    if codes is not None:
        measures = measures[measures["code"].isin(list(codes))]
    wanted = set(measures["code"]) if codes is not None else None
    points = _Parts(book.spc.points, "series_id", wanted)
    targets = _Parts(book.targets, "measure", wanted)
    annotations = _Parts(book.annotations, "measure", wanted)
    return {str(m["code"]): _view(m, points, targets, annotations) for _, m in measures.iterrows()}


def measure_view(book: reports.Portfolio, code: str) -> MeasureView:
    """Return the view of one measure; NotFound if `book` has no measure `code`."""
    found = measure_views(book, [code])
    if code not in found:
        raise NotFound(f"No measure with code {code}; check the code or the filters.")
    return found[code]


def _view(measure: pd.Series, points: _Parts, targets: _Parts, annotations: _Parts) -> MeasureView:
    code = str(measure["code"])
    unit, decimals = str(measure["unit"]), int(measure["decimals"])
    shown = points.of(code)
    # Only a run chart draws the median; an XmR chart draws its mean and limits instead.
    median = measure.get("run_median") if measure.get("chart") == "run" else None
    return MeasureView(
        code=code,
        name=str(measure["name"]),
        type=str(measure["type"]),
        unit=unit,
        decimals=decimals,
        variation=variation_icon_text(measure["variation_icon"]),
        assurance=assurance_icon_text(measure["assurance_icon"]),
        variation_reading=reports.variation_reading(shown),
        assurance_reading=reports.assurance_reading(measure, unit, decimals),
        points=shown,
        targets=targets.of(code),
        annotations=annotations.of(code),
        median=None if median is None or pd.isna(median) else float(median),
        variation_icon=str(measure["variation_icon"]),
        assurance_icon=str(measure["assurance_icon"]),
    )


def annotation_rows(notes: pd.DataFrame) -> pd.DataFrame:
    """Return chart annotations (queries.annotations rows) as pages list them: date, kind, words."""
    return pd.DataFrame(
        {
            "Date": notes["date"].map(formatting.uk_date),
            "Kind": notes["kind"].str.capitalize(),
            "Label": notes["label"],
            "Reason": notes["reason"],
        }
    )
