"""Every chart on a page has its words under it and its data in a table, named as the chart."""

import pytest

from tests.conftest import TODAY
from tracker import formatting, reports
from tracker.charts import assurance_icon_text, variation_icon_text
from tracker.store import Database
from tracker.ui.widgets import SHOW_THE_DATA

MEASURE = "DIS-01-M5"


def _words(at) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("**In words:**")]


def test_the_measure_chart_has_its_words_and_every_point_in_a_table(app, sample_db_path):
    with Database(sample_db_path, read_only=True) as db:
        book = reports.portfolio(db, TODAY)
    measure = book.measures.set_index("code").loc[MEASURE]
    points = book.spc.points[book.spc.points["series_id"] == MEASURE]
    at = app("measure", measure=MEASURE)
    [words] = _words(at)
    latest = formatting.number(measure["last_value"], measure["unit"], int(measure["decimals"]))
    assert f"Latest value {latest} in {formatting.uk_month(measure['last_period'])}" in words
    assert variation_icon_text(measure["variation_icon"]) in words
    assert assurance_icon_text(measure["assurance_icon"]) in words
    [expander] = [e for e in at.expander if e.label == SHOW_THE_DATA]
    table = expander.dataframe[0].value
    assert len(table) == len(points)
    assert list(table.columns[:3]) == ["Period", "Value", "Point type"]
    [chart] = at.get("plotly_chart")
    assert chart.proto.alt == f"SPC chart of {measure['name']}, in words below the chart"


@pytest.mark.parametrize(
    ("tab", "charts"),
    [
        ("Goals", None),
        ("Measures", None),
        ("Milestones", 1),
        ("Check-ins", 2),
        ("Driver diagram", 1),
    ],
)
def test_every_chart_of_the_initiative_page_has_words_and_a_table(app, tab, charts):
    at = app("initiative", initiative="UEC-01", tab=tab)
    drawn = len(at.get("plotly_chart"))
    assert drawn == charts or (charts is None and drawn > 0)
    assert len(_words(at)) == drawn
    assert len([e for e in at.expander if e.label == SHOW_THE_DATA]) == drawn
