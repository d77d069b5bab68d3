"""The overview's composition: tiles, the MDC matrix and its cells, the initiatives in words."""

from datetime import date

import pytest

from tests.conftest import TODAY, sample_rows
from tracker import registers_view, reports, vocabulary
from tracker.glossary import GLOSSARY
from tracker.overview_view import (
    MATRIX_CORNER,
    MATRIX_HELP,
    TILES,
    caption,
    initiative_rows,
    matrix_cell,
    matrix_table,
    overdue_line,
    shown_owed,
    top_exceptions,
)
from tracker.spc_settings import VariationFamily


@pytest.fixture(scope="module")
def book(sample_read_only) -> reports.Portfolio:
    return reports.portfolio(sample_read_only, TODAY)


def test_every_tile_names_a_figure_of_the_portfolio_once(book):
    keys = [tile.key for tile in TILES]
    assert len(set(keys)) == len(keys) == 11  # three RAG ratings and eight other figures
    assert set(keys) <= set(book.tiles)
    assert [t.label for t in TILES[:3]] == [
        "🔴 Initiatives red",
        "🟠 Initiatives amber",
        "🟢 Initiatives green",
    ]


def test_the_caption_names_the_day_year_rules_and_counts(book):
    expected = (
        f"As at 23 Nov 2026 (FY 2026/27) · SPC rules: NHS Making Data Count · "
        f"{len(sample_rows('initiatives.csv'))} initiatives, "
        f"{len(sample_rows('measures.csv'))} measures"
    )
    assert caption(book) == expected


def test_the_matrix_holds_every_measure_once_in_the_engine_s_cell(book):
    matrix = matrix_table(book)
    # One row per variation family in the vocabulary's words, in the enum's order.
    assert list(matrix[MATRIX_CORNER]) == [
        vocabulary.text(VariationFamily, family) for family in VariationFamily
    ]
    assert list(matrix.columns[1:]) == ["✔ Pass", "◐ Hit and miss", "✘ Fail", "– None"]
    assert int(matrix.iloc[:, 1:].to_numpy().sum()) == len(sample_rows("measures.csv"))


def test_a_cell_lists_the_measures_it_counts(book):
    matrix = matrix_table(book)
    counts = matrix.set_index(MATRIX_CORNER)
    row_label, column = counts.stack().idxmax()
    heading, listing = matrix_cell(book, list(matrix[MATRIX_CORNER]).index(row_label), column)
    assert heading == f"{row_label} · {column}"
    assert len(listing) == counts.loc[row_label, column] > 0
    assert set(listing["Assurance"]) == {column}


def test_the_row_name_lists_the_whole_row(book):
    matrix = matrix_table(book)
    row = list(VariationFamily).index(VariationFamily.common_cause)  # never empty in the sample
    heading, listing = matrix_cell(book, row, MATRIX_CORNER)
    assert heading == matrix.iloc[row][MATRIX_CORNER]
    assert len(listing) == int(matrix.iloc[row, 1:].sum()) > 0


def test_an_initiative_without_a_check_in_says_so_in_words(small_db):
    table = initiative_rows(reports.portfolio(small_db, date(2026, 11, 23)))
    row = table.iloc[0]
    assert (row["Code"], row["Lead"]) == ("UEC-01", "Lee Lead")
    assert not row["Initiative"].endswith(")")  # an active initiative's status goes unsaid
    assert (row["RAG"], row["Confidence"], row["Goals"]) == ("– None", "–", "✔ 0 ◐ 0 ✘ 0")


def test_every_matrix_header_has_a_help_mark_from_the_glossary(book):
    assert set(MATRIX_HELP) == set(matrix_table(book).columns)
    assert MATRIX_HELP["✔ Pass"] == GLOSSARY["Pass"]
    assert MATRIX_HELP["◐ Hit and miss"] == GLOSSARY["Hit and miss"]
    assert GLOSSARY["Assurance"] in MATRIX_HELP[MATRIX_CORNER]


def test_the_statistical_tiles_quote_the_glossary():
    helps = {tile.key: tile.explanation for tile in TILES}
    assert GLOSSARY["Special cause improvement"] in helps["measures_improvement"]
    assert GLOSSARY["Special cause concern"] in helps["measures_concern"]
    assert GLOSSARY["Fail"] in helps["assurance_fail"]
    assert all(GLOSSARY["RAG"] in helps[f"rag_{rag}"] for rag in vocabulary.RAGS)


def test_the_overdue_line_names_whoever_owes_with_their_count(book, sample_read_only):
    owed = shown_owed(book, registers_view.load(sample_read_only, TODAY))
    late = owed[owed["status"] == "overdue"]
    line = overdue_line(owed)
    # The registers' overdue reviews and actuals are owed as well as the tile's data and check-ins.
    assert set(late["kind"]) == {"data", "check-in", "risk review"}
    assert (late["kind"].isin(["data", "check-in"])).sum() == book.tiles["updates_overdue"] > 0
    for owner, n in late["owner"].value_counts().items():
        assert f"{owner} ({n})" in line


def test_top_exceptions_are_the_five_most_severe(book):
    top = top_exceptions(book)
    assert len(book.exceptions) > 5
    assert top["Code"].tolist() == book.exceptions["code"].head(5).tolist()
    assert top["Severity"].is_monotonic_increasing
