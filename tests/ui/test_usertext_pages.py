"""Pages show hostile user text as text: no image fetched, no link, no HTML, no spoofed bold."""

import json
import re
from datetime import date

import pytest

from tests.hostile_text import THEME, write_hostile
from tracker.store import Database, packs
from tracker.store.db import utc_now
from tracker.ui import cache

RAW = ("![", "](http", "<img", "<b>", "<a ", "<font", "**All green", ":red[", "$x^2$")
"""Pieces of the hostile texts that would be obeyed if they reached a page unescaped."""


@pytest.fixture
def app_hostile(app, sample_db_path):
    write_hostile(sample_db_path)
    # Views are cached by the database's write counter, which another test's copy of the
    # sample may share after as many writes: forget them so the hostile copy is read.
    cache.clear()
    return app


def bodies(at) -> list[str]:
    """Return the body of every element that Streamlit renders as markdown."""
    elements = [*at.title, *at.markdown, *at.caption, *at.header, *at.info, *at.success]
    return [e.value for e in elements] + [e.label for e in at.expander]


def assert_as_text(at) -> None:
    for body in bodies(at):
        for raw in RAW:
            assert not re.search(r"(?<!\\)" + re.escape(raw), body), (raw, body)


def test_a_hostile_name_and_aim_show_as_text_on_the_initiative_page(app_hostile):
    at = app_hostile("initiative", initiative="UEC-01")
    assert_as_text(at)
    title = at.title[0].value
    assert title.startswith("UEC-01 · Flow \\<b>bold\\</b> \\[link\\](http:")
    aim = next(m.value for m in at.markdown if m.value.startswith("**Aim.**"))
    assert aim.startswith("**Aim.** !\\[b\\](http:")
    assert "\\*\\*All green, nothing to see\\*\\*" in aim


def test_a_narrative_keeps_its_bullets_and_line_breaks_but_not_its_markup(app_hostile):
    at = app_hostile("initiative", initiative="UEC-01", tab="Check-ins")
    assert_as_text(at)
    progress = next(m.value for m in at.markdown if m.value.startswith("**Progress.**"))
    assert progress.startswith("**Progress.** \\*\\*All green, nothing to see\\*\\*\n\n")
    assert "\n- clinics open\n- staff hired !\\[b\\]" in progress


def test_a_hostile_definition_shows_as_text_on_the_measure_page(app_hostile):
    at = app_hostile("measure", measure="UEC-01-M1")
    assert_as_text(at)
    definition = next(m.value for m in at.markdown if m.value.startswith("**Definition.**"))
    assert "\\<a href='http:" in definition
    chart = json.loads(at.get("plotly_chart")[0].proto.spec)
    title = chart["layout"]["title"]["text"]
    assert title == "4-hour &lt;b&gt;performance&lt;/b&gt; ![b](http://evil.example/beacon.png)"
    [note] = [a for a in chart["layout"]["annotations"] if "Go live" in a.get("hovertext", "")]
    assert note["text"].startswith("Note: &lt;b&gt;Go")  # cut to fit before the chart's edge
    assert note["hovertext"] == "Note 1 Jun 2026: &lt;b&gt;Go live&lt;/b&gt;"


def test_a_hostile_measure_name_shows_as_text_on_the_exceptions_page(app_hostile):
    at = app_hostile("exceptions")
    assert_as_text(at)
    [item] = [m.value for m in at.markdown if m.value.startswith("**UEC-01-M1**")]
    assert item.startswith("**UEC-01-M1** · 4-hour \\<b>performance\\</b> !\\[b\\](http:")


def test_hostile_text_shows_as_text_on_the_update_page(app_hostile):
    at = app_hostile("update", initiative="UEC-01")
    assert_as_text(at)
    assert "Flow \\<b>bold" in at.title[0].value


def test_the_board_pack_contents_list_shows_names_as_text(app_hostile, sample_db_path):
    with Database(sample_db_path) as db:
        request = packs.PackRequest(period=date(2026, 10, 1), cut_off=utc_now(), author="Pat")
        packs.publish(db, request)
    at = app_hostile("board_pack")
    assert_as_text(at)
    contents = at.markdown[-1].value
    assert "UEC-01 · Flow \\<b>bold" in contents


def test_a_crafted_as_at_link_cannot_put_a_link_or_image_in_the_warning(app):
    at = app("overview", as_at="[Sign in again](http://evil.example) ![p](http://evil.example/p)")
    [warning] = [w.value for w in at.warning]
    assert warning.startswith("The link's as_at=\\[Sign in again\\](http:")
    assert not re.search(r"(?<!\\)(\]\(http|!\[)", warning)


def test_a_chosen_filter_shows_as_text_on_the_filter_button(app_hostile):
    at = app_hostile("overview")
    at.selectbox(key="filter_theme").select(THEME).run()
    labels = [p.proto.popover.label for p in at.get("popover")]
    [label] = [label for label in labels if label.startswith("Filtered")]
    assert label == "Filtered: Care \\<b>\\&\\</b> !\\[b\\](http:\u2060//evil.example/beacon.png)"


def test_a_hostile_label_shows_as_text_in_a_wrapping_table(app_hostile):
    # st.table reads its cells as markdown: widgets.table escapes each text first
    at = app_hostile("measure", measure="UEC-01-M1")
    labels = [label for t in at.table for label in t.value.get("Label", [])]
    assert "\\<b>Go live\\</b>" in labels
