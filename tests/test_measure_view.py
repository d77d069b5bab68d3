"""One measure's view: icons in words, readings and chart inputs, the same for every consumer."""

from datetime import date

import pandas as pd
import pytest

from tests.conftest import TODAY
from tracker import reports
from tracker.errors import NotFound
from tracker.glossary import GLOSSARY
from tracker.measure_view import DATA_HELP, ICON_HELP, measure_view, measure_views
from tracker.store import writes


@pytest.fixture(scope="module")
def book(sample_read_only) -> reports.Portfolio:
    return reports.portfolio(sample_read_only, TODAY)


def test_every_measure_has_a_view_in_the_book_s_order(book):
    views = measure_views(book)
    assert list(views) == list(book.measures["code"])
    assert list(measure_views(book, ["UEC-01-M2", "DIS-01-M1"])) == ["DIS-01-M1", "UEC-01-M2"]


def test_a_view_holds_only_its_own_measure_s_points_targets_and_annotations(book):
    view = measure_view(book, "UEC-01-M1")
    pd.testing.assert_frame_equal(view.points, reports.measure_points(book, "UEC-01-M1"))
    assert set(view.points["series_id"]) == {"UEC-01-M1"}
    # sample_data/annotations.csv holds four annotations of UEC-01-M1, targets.csv two targets.
    assert len(view.annotations) == 4 and set(view.annotations["measure"]) == {"UEC-01-M1"}
    assert len(view.targets) == 2 and set(view.targets["measure"]) == {"UEC-01-M1"}


def test_a_measure_without_a_target_says_so_in_words(book):
    # DIS-01-M5 has no row in sample_data/targets.csv.
    view = measure_view(book, "DIS-01-M5")
    assert view.targets.empty
    assert view.assurance == "– None"
    assert view.assurance_reading == "No assurance (no target or too few points)."
    assert view.icons == f"{view.variation} · – None"


def test_an_unknown_measure_is_not_found(book):
    with pytest.raises(NotFound, match="NOPE"):
        measure_view(book, "NOPE")


def test_a_short_series_is_a_run_chart_centred_on_its_median(small_db):
    # Five monthly values, too few for process limits (13 needed): the median is the middle
    # value, 74.0, and there is no variation icon.
    values = [72.0, 75.0, 74.0, 71.0, 76.0]
    writes.write_data_points(
        small_db,
        pd.DataFrame(
            {
                "measure": "UEC-01-M1",
                "period": [date(2026, month, 1) for month in range(5, 10)],
                "value": values,
                "missing_reason": "",
                "note": "",
            }
        ),
        "ana",
    )
    view = measure_view(reports.portfolio(small_db, TODAY), "UEC-01-M1")
    assert view.median == 74.0
    assert view.variation == "– None"
    assert view.variation_reading.startswith("Only 5 points: too few for process limits")
    assert list(view.points["value"]) == values


def test_a_measure_without_data_has_empty_chart_inputs(small_db):
    view = measure_view(reports.portfolio(small_db, TODAY), "UEC-01-M3")
    assert view.points.empty and view.median is None
    assert view.variation_reading == "No data yet."


def test_the_data_table_s_statistical_headers_name_their_terms():
    assert DATA_HELP == {
        "Mean": GLOSSARY["Mean"],
        "Limits": GLOSSARY["Process limits"],
        "Signal": GLOSSARY["Special cause"],
        "Rules": GLOSSARY["Special cause"],
    }
    assert ICON_HELP == {"Variation": GLOSSARY["Variation"], "Assurance": GLOSSARY["Assurance"]}
