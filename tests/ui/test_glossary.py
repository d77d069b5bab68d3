"""The Glossary page lists every term, and the board pages put a help mark on each one they show."""

import json

import pytest

from tracker.glossary import GLOSSARY, GUIDE


def column_helps(table) -> dict[str, str]:
    """Return each column's help mark as the page configured it (header → help)."""
    config = json.loads(table.proto.columns or "{}")
    return {header: column.get("help", "") for header, column in config.items()}


def terms_in(header: str) -> str:
    """Return a header without the symbol in front of its words: "✔ Pass" → "Pass"."""
    first, _, rest = header.partition(" ")
    return rest if rest and not first.isalnum() else header


def test_the_glossary_page_explains_every_term_and_the_four_topics(app):
    at = app("glossary")
    assert at.title[0].value == "Glossary"
    assert [s.value for s in at.header] == [heading for heading, _ in GUIDE] + ["Terms"]
    shown = "\n".join(m.value for m in at.markdown)
    for term, meaning in GLOSSARY.items():
        assert f"**{term}**: {meaning}" in shown


def test_every_overview_tile_has_a_help_mark(app):
    at = app("overview")
    assert len(at.metric) == 11 + 2  # and the registers' two (tests/ui/test_registers_pages.py)
    assert all(metric.help for metric in at.metric), [m.label for m in at.metric if not m.help]


@pytest.mark.parametrize(
    ("page", "params", "terms"),
    [
        # the matrix's assurance icons, and the initiatives table's RAG
        ("overview", {}, {"Pass", "Hit and miss", "Fail", "RAG"}),
        # the goal table's progress columns, and the measures table's icons
        (
            "initiative",
            {"initiative": "UEC-01"},
            {"Way from baseline", "Planned by now", "Variation", "Assurance"},
        ),
        ("measure", {"measure": "UEC-01-M1"}, {"Mean"}),
    ],
)
def test_every_term_a_board_table_uses_as_a_header_has_its_help_mark(app, page, params, terms):
    at = app(page, **params)
    checked = set()
    for table in at.dataframe:
        helps = column_helps(table)
        for header in table.value.columns:
            term = terms_in(str(header))
            if term in GLOSSARY:
                assert helps.get(header) == GLOSSARY[term], f"{page}: {header} has no help mark"
                checked.add(term)
    assert checked == terms


def test_the_initiative_goal_table_explains_its_two_progress_columns(app):
    at = app("initiative", initiative="UEC-01")
    goals = column_helps(at.dataframe[0])  # the first table, above the measures
    assert goals["Way from baseline"] == GLOSSARY["Way from baseline"]
    assert goals["Planned by now"] == GLOSSARY["Planned by now"]


def test_the_measure_page_explains_its_icons_and_limits(app):
    at = app("measure", measure="UEC-01-M1")
    helps = {m.value.split(":**")[0]: m.help for m in at.markdown if m.help}
    assert helps == {"**Variation": GLOSSARY["Variation"], "**Assurance": GLOSSARY["Assurance"]}
    data = next(t for t in at.dataframe if "Limits" in t.value.columns)
    assert column_helps(data)["Limits"] == GLOSSARY["Process limits"]


def test_the_rule_set_picker_names_each_rule_set_in_words_with_its_help_mark(app):
    at = app("board_pack")
    picker = at.radio(key="pack_preset")
    assert picker.options == ["NHS Making Data Count", "NHS-R plot-the-dots compatible"]
    assert picker.help == GLOSSARY["Rule set"]
