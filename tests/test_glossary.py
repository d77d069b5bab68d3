"""The glossary: every statistical term has one plain sentence, and the guide covers the four topics."""

import re

from tracker import vocabulary
from tracker.boardpack.words import PRESET_WORDS
from tracker.glossary import GLOSSARY, GUIDE, column_help
from tracker.spc_settings import AssuranceIcon, Preset, VariationFamily

NAMED_IN_THE_ISSUE = {
    "Assurance",
    "Hit and miss",
    "Special cause neutral",
    "2σ lines",
    "Process limits",
    "Way from baseline",
    "Planned by now",
}
"""Terms issue 20 found unexplained anywhere a board member would look."""

SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z]")
"""A full stop followed by a new sentence: an explanation must not have one."""


def test_every_term_has_one_sentence():
    for term, meaning in GLOSSARY.items():
        assert meaning[:1].isupper(), f"{term}: {meaning!r} does not start a sentence"
        assert meaning.endswith("."), f"{term}: {meaning!r} does not end a sentence"
        assert not SENTENCE_BREAK.search(meaning), f"{term}: more than one sentence"


def test_the_terms_the_issue_named_are_explained():
    assert NAMED_IN_THE_ISSUE <= set(GLOSSARY)


def test_every_icon_the_matrix_shows_is_a_term():
    # "None" and "Too few points" both mean the chart gives no icon: one term covers them.
    assert "No icon" in GLOSSARY
    for icon in AssuranceIcon:
        if icon != AssuranceIcon.none:
            assert vocabulary.label(AssuranceIcon, icon) in GLOSSARY
    for family in VariationFamily:
        if family != VariationFamily.none:
            assert vocabulary.label(VariationFamily, family) in GLOSSARY


def test_column_help_explains_only_terms_and_the_headers_named_by_one():
    helps = column_help(["Mean", "Latest", "Limits"], {"Limits": "Process limits"})
    assert helps == {"Mean": GLOSSARY["Mean"], "Limits": GLOSSARY["Process limits"]}


def test_the_guide_covers_variation_assurance_the_chart_and_rag():
    headings = [heading for heading, _ in GUIDE]
    for topic in ("variation", "assurance", "SPC chart", "RAG"):
        assert any(topic in heading for heading in headings), topic
    assert all(paragraph.strip() for _, paragraph in GUIDE)


def test_rule_sets_are_named_in_words_and_the_glossary_uses_the_same_words():
    assert set(PRESET_WORDS) == {p.value for p in Preset}
    assert PRESET_WORDS == {
        "mdc": "NHS Making Data Count",
        "nhsr": "NHS-R plot-the-dots compatible",
    }
    for words in PRESET_WORDS.values():
        assert words in GLOSSARY["Rule set"]
