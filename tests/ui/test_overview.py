"""Overview page: tiles, the MDC matrix (counts equal the engine's) and the initiatives table."""

from datetime import date

from tracker import reports
from tracker.store import Database


def engine_matrix(path) -> dict[tuple[str, str], int]:
    with Database(path) as db:
        book = reports.portfolio(db, date(2026, 11, 23))
    return {(r.variation, r.assurance): r.n for r in book.matrix.itertuples()}


def test_overview_renders_tiles_and_matrix_equal_to_engine(app, sample_db_path):
    at = app("overview")
    assert at.title[0].value == "Programme overview"
    assert [m.label for m in at.metric][:2] == ["🔴 Initiatives red", "🟠 Initiatives amber"]
    expected = engine_matrix(sample_db_path)
    for (variation, assurance), n in expected.items():
        button = at.button(key=f"cell_{variation}_{assurance}")
        assert button.label == str(n)
    assert sum(expected.values()) == 45


def test_matrix_cell_lists_its_measures(app, sample_db_path):
    at = app("overview")
    expected = engine_matrix(sample_db_path)
    cell = max(expected, key=expected.get)
    at.button(key=f"cell_{cell[0]}_{cell[1]}").click().run()
    listing = at.dataframe(key="cell_list").value
    assert len(listing) == expected[cell]


def test_initiatives_table_lists_every_initiative_with_rag_in_words(app):
    at = app("overview")
    table = at.dataframe(key="initiatives").value
    assert len(table) == 11
    assert set(table["RAG"]) <= {"🔴 Red", "🟠 Amber", "🟢 Green", "– None"}
    assert "⚠ Overdue" in set(table["Check-in"])


def test_filter_by_theme_narrows_the_table(app):
    at = app("overview")
    at.selectbox(key="filter_theme").select("Elective recovery").run()
    table = at.dataframe(key="initiatives").value
    assert 0 < len(table) < 11
