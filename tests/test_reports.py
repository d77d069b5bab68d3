"""View models: one initiative's page data equals the portfolio's rows for it; shortcuts are exact."""

from datetime import date

import pandas as pd
import pytest

from tests.conftest import TODAY
from tracker import due, progress, reports
from tracker.store import queries, writes


@pytest.fixture
def sample_db(sample_read_only):
    """Every test here only reads the sample, so they share one read-only copy."""
    return sample_read_only


@pytest.fixture(scope="module")
def book(sample_read_only) -> reports.Portfolio:
    return reports.portfolio(sample_read_only, TODAY)


def rows(frame: pd.DataFrame, column: str, code: str) -> pd.DataFrame:
    return frame[frame[column] == code].reset_index(drop=True)


@pytest.mark.parametrize("code", ["UEC-01", "DIS-01"])
def test_initiative_data_equals_the_portfolio_rows_of_that_initiative(sample_db, book, code):
    one = reports.initiative_data(sample_db, code, TODAY)
    codes = set(one.measures["code"])
    assert codes and one.goals["initiative"].eq(code).all()
    for name, column in [
        ("initiatives", "code"),
        ("measures", "initiative"),
        ("goals", "initiative"),
        ("milestones", "initiative"),
        ("check_ins", "initiative"),
        ("due", "initiative"),
        ("exceptions", "initiative"),
    ]:
        pd.testing.assert_frame_equal(
            getattr(one, name).reset_index(drop=True), rows(getattr(book, name), column, code)
        )
    for name in ("points", "summary"):
        whole = getattr(book.spc, name)
        expected = whole[whole["series_id"].isin(codes)].reset_index(drop=True)
        pd.testing.assert_frame_equal(getattr(one.spc, name), expected)


def test_initiative_data_of_an_unknown_code_is_empty(sample_db):
    one = reports.initiative_data(sample_db, "NOPE-99", TODAY)
    assert one.initiatives.empty and one.measures.empty and one.spc.points.empty


def test_a_filtered_portfolio_holds_only_its_initiatives_rows(sample_db):
    theme = queries.initiatives(sample_db)["theme"].iloc[0]
    book = reports.portfolio(sample_db, TODAY, filters=reports.Filters(theme=theme))
    codes = set(book.initiatives["code"])
    assert codes and len(codes) < len(queries.initiatives(sample_db))
    assert set(book.points["measure"]) <= set(book.measures["code"])
    assert set(book.check_ins["initiative"]) <= codes
    assert set(book.milestones["initiative"]) <= codes


def test_goal_status_from_the_spc_summary_equals_it_from_every_point(sample_db, book):
    points = queries.data_points(sample_db)
    goals, summary = book.goal_definitions, book.spc.summary
    from_points = progress.goal_status(goals, points, summary, TODAY, book.measures)
    latest = reports._latest_values(summary, points)
    shortcut = progress.goal_status(goals, latest, summary, TODAY, book.measures)
    pd.testing.assert_frame_equal(shortcut, from_points)
    assert (from_points["status"] != "no_data").any()


def test_due_items_from_latest_periods_equal_them_from_every_point(sample_db, book):
    points = queries.data_points(sample_db)
    latest = points.groupby("measure", as_index=False)["period"].max()
    args = (book.initiatives, book.check_ins, TODAY)
    pd.testing.assert_frame_equal(
        due.due_items(book.measures, latest, *args), due.due_items(book.measures, points, *args)
    )


def test_matrix_members_are_one_cell_or_a_whole_row_across_high_and_low():
    measures = pd.DataFrame(
        {
            "code": ["A", "B", "C", "D"],
            "variation_icon": ["concern_high", "concern_low", "improvement_high", "concern_low"],
            "assurance_icon": ["fail", "pass", "fail", "fail"],
        }
    )
    assert list(reports.matrix_members(measures, "concern", "fail")["code"]) == ["A", "D"]
    assert list(reports.matrix_members(measures, "concern", None)["code"]) == ["A", "B", "D"]
    assert reports.matrix_members(measures, "neutral", None).empty


def test_matrix_members_add_up_to_the_summary_matrix(book):
    for cell in book.matrix.itertuples():
        members = reports.matrix_members(book.measures, cell.variation, cell.assurance)
        assert len(members) == cell.n


def _one_point(value: float, note: str = "") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "measure": ["UEC-01-M1"],
            "period": [date(2026, 9, 1)],
            "value": [value],
            "missing_reason": [""],
            "note": [note],
        }
    )


@pytest.mark.parametrize("read", ["portfolio", "initiative"])
def test_points_read_later_are_the_points_the_figures_were_made_from(small_db, read):
    # Each point's whole row is read when first asked for; a correction saved in between must
    # not show in a view model made before it, or its table would disagree with its figures.
    writes.write_data_points(small_db, _one_point(70.0), "ana")
    if read == "portfolio":
        book = reports.portfolio(small_db, TODAY)
    else:
        book = reports.initiative_data(small_db, "UEC-01", TODAY)
    writes.write_data_points(small_db, _one_point(75.0, "corrected"), "ana")
    assert book.points["value"].tolist() == [70.0]
