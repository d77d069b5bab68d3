"""Board pack page: publish a pack, see it listed with its contents, build and download it."""

from datetime import time

import pytest

from tracker.store import Database, packs
from tracker.store.db import utc_now


def publish(at, theme: str = "Prevention"):
    """Fill the publish form with one theme (a small pack) and submit it."""
    at.selectbox(key="pack_filter_theme").select(theme)
    next(b for b in at.button if b.label == "Publish").click()
    return at.run()


def test_page_invites_a_first_pack(app):
    at = app("board_pack")
    assert at.title[0].value == "Board pack"
    assert any("No pack has been published yet" in i.value for i in at.info)


def test_publishing_lists_the_pack_with_its_contents(app, sample_db_path):
    at = publish(app("board_pack"))
    assert not at.error, [e.value for e in at.error]
    assert any("Published pack" in s.value for s in at.success)
    listing = at.dataframe(key="packs").value
    assert len(listing) == 1
    assert listing.iloc[0]["Scope"] == "Theme: Prevention"
    assert listing.iloc[0]["Published by"] == "test.user"
    contents = "\n".join(m.value for m in at.markdown)
    assert "PRV-01 · Hypertension case-finding and optimisation" in contents
    assert "Appendix: measure definitions" in contents
    with Database(sample_db_path) as db:
        assert [p.filters.chosen() for p in packs.published(db)] == [{"theme": "Prevention"}]


def test_building_powerpoint_offers_the_download(app):
    at = publish(app("board_pack"))
    at.button(key="build_pptx").click().run()
    assert not at.error, [e.value for e in at.error]
    download = at.get("download_button")
    assert len(download) == 1
    assert "Download PowerPoint" in download[0].proto.label


def test_a_cut_off_in_the_future_is_refused_with_the_reason(app, sample_db_path):
    if utc_now().time() >= time(23, 58):
        pytest.skip("no later time today to choose")
    at = app("board_pack")
    at.time_input(key="pack_cut_time").set_value(time(23, 59))
    at = publish(at)
    assert any("is in the future" in e.value for e in at.error)
    with Database(sample_db_path) as db:
        assert packs.published(db) == []


def test_pdf_without_chromium_shows_how_to_install_it(app, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nowhere/chromium")
    at = publish(app("board_pack"))
    at.button(key="build_pdf").click().run()
    assert any("apt-get install chromium" in e.value for e in at.error)
