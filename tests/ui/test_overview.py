"""Overview page: tiles, the MDC matrix (counts equal the engine's) and the initiatives table."""

import urllib.parse
from datetime import date

from tests.conftest import sample_rows
from tracker import reports
from tracker.overview_view import TILES
from tracker.store import Database


def engine_matrix(path) -> dict[tuple[str, str], int]:
    with Database(path) as db:
        book = reports.portfolio(db, date(2026, 11, 23))
    return {(r.variation, r.assurance): r.n for r in book.matrix.itertuples()}


ASSURANCE = {
    "pass": "✔ Pass",
    "hit_and_miss": "◐ Hit and miss",
    "fail": "✘ Fail",
    "none": "– None",
}
VARIATION = ["improvement", "concern", "neutral", "common_cause", "none"]


def pick(at, row: int, column: str):
    at.session_state["matrix"] = {
        "selection": {"rows": [], "columns": [], "cells": [[row, column]]}
    }
    return at.run()


def test_overview_renders_tiles_and_matrix_equal_to_engine(app, sample_db_path):
    at = app("overview")
    assert at.title[0].value == "Programme overview"
    assert [m.label for m in at.metric][:2] == ["🔴 Initiatives red", "🟠 Initiatives amber"]
    matrix = at.dataframe(key="matrix").value
    shown = {
        (variation, assurance): int(matrix.loc[row, label])
        for row, variation in enumerate(VARIATION)
        for assurance, label in ASSURANCE.items()
    }
    expected = engine_matrix(sample_db_path)
    assert {cell: n for cell, n in shown.items() if n} == {c: n for c, n in expected.items() if n}
    assert sum(shown.values()) == len(sample_rows("measures.csv"))  # each measure in one cell


def test_matrix_cell_lists_its_measures(app, sample_db_path):
    at = app("overview")
    expected = engine_matrix(sample_db_path)
    variation, assurance = max(expected, key=expected.get)
    pick(at, VARIATION.index(variation), ASSURANCE[assurance])
    listing = at.dataframe(key="cell_list").value
    assert len(listing) == expected[(variation, assurance)]


def test_matrix_row_name_lists_the_whole_row(app, sample_db_path):
    at = app("overview")
    expected = engine_matrix(sample_db_path)
    row = VARIATION.index("common_cause")
    pick(at, row, "Variation \\ Assurance")
    listing = at.dataframe(key="cell_list").value
    assert len(listing) == sum(n for (v, _), n in expected.items() if v == "common_cause") > 0
    assert set(listing["Variation"].str[0]) == {"●"}


def test_nothing_listed_until_a_count_is_picked(app):
    assert not [d for d in app("overview").dataframe if d.key == "cell_list"]


def test_initiatives_table_lists_every_initiative_with_rag_in_words(app):
    at = app("overview")
    table = at.dataframe(key="initiatives").value
    assert len(table) == len(sample_rows("initiatives.csv"))
    statuses = {i["code"]: i["status"] for i in sample_rows("initiatives.csv")}
    assert "paused" in statuses.values()  # the sample shows one initiative not under way
    for code, name in zip(table["Code"], table["Initiative"], strict=True):
        assert name.endswith(f" ({statuses[code]})") == (statuses[code] != "active"), code
    assert set(table["RAG"]) <= {"🔴 Red", "🟠 Amber", "🟢 Green", "– None"}
    overdue = table[table["Last check-in"].str.endswith(" · ⚠ Overdue")]
    assert 0 < len(overdue) < len(table)


def filter_label(at) -> str:
    """Return the filter button's label (the page's other button is the As at day's)."""
    [label] = [p.proto.popover.label for p in at.get("popover") if "ilter" in p.proto.popover.label]
    return label


def test_filter_by_theme_narrows_the_table_and_names_itself(app):
    at = app("overview")
    assert filter_label(at) == "Filter: all initiatives"
    at.selectbox(key="filter_theme").select("Elective recovery").run()
    table = at.dataframe(key="initiatives").value
    elective = [i for i in sample_rows("initiatives.csv") if i["theme"] == "Elective recovery"]
    assert 0 < len(table) == len(elective) < len(sample_rows("initiatives.csv"))
    assert filter_label(at) == "Filtered: Elective recovery"


def test_the_overview_names_who_owes_and_shows_the_top_five_exceptions(app, sample_db_path):
    at = app("overview")
    with Database(sample_db_path) as db:
        book = reports.portfolio(db, date(2026, 11, 23))
    owed = book.due[book.due["status"] == "overdue"]
    line = next(m.value for m in at.markdown if "owed by" in m.value)
    for owner in set(owed["owner"]):
        assert owner in line
    [top] = [t.value for t in at.table if "Severity" in t.value.columns]
    assert top["Code"].tolist() == book.exceptions["code"].head(5).tolist()


def linked_list(at, page: str) -> int:
    """Return the length of the list a tile's link opens, read as its page shows it."""
    if page == "overview":
        return sum(len(d.value) for d in at.dataframe if d.key == "tile_list")
    if page == "my_updates":
        return len(at.dataframe[0].value)
    if page == "milestones":
        return len(at.table[0].value)  # the asked-for list comes first
    [table] = [d.value for d in at.dataframe if d.key == "exceptions"]
    return len(table)


def test_every_tile_links_to_a_list_as_long_as_its_number(app):
    at = app("overview")
    # The registers' tiles (tests/ui/test_registers_pages.py) open their pages, not lists.
    numbers = {m.label: int(m.value) for m in at.metric if m.label in {t.label for t in TILES}}
    links = {
        pair for p in at.get("page_link") for pair in urllib.parse.parse_qsl(p.proto.query_string)
    }
    assert len(numbers) == len(TILES) == 11
    for tile in TILES:
        page, param, value = tile.link
        assert (param, value) in links
        assert linked_list(app(page, **{param: value}), page) == numbers[tile.label], tile.label
    # an empty list would match a zero by accident: all but the green RAG count something
    assert [t.key for t in TILES if not numbers[t.label]] == ["rag_green"]


def test_a_tile_list_names_its_tile_and_its_rows_open_their_page(app, sample_db_path):
    with Database(sample_db_path) as db:
        goals = reports.portfolio(db, date(2026, 11, 23)).goals
    [owner] = goals.loc[goals["status"] == "at_risk", "initiative"]  # the sample has one
    at = app("overview", tile="goals_at_risk")
    assert any(m.value.startswith("**◐ Goals at risk: 1**") for m in at.markdown)
    at.session_state["tile_list"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert at.title[0].value.startswith(f"{owner} ·")
    assert at.query_params["initiative"] == owner and at.query_params["tab"] == "Goals"


def test_the_overview_lists_nothing_under_the_tiles_until_a_tile_is_chosen(app):
    assert not [d for d in app("overview").dataframe if d.key == "tile_list"]
    assert not [d for d in app("overview", tile="no_such_tile").dataframe if d.key == "tile_list"]
