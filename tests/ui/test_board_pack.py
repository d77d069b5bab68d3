"""Board pack page: publish a pack, see it listed with its contents, build and download it."""

import threading
from datetime import datetime, time, timedelta
from time import sleep

from tracker.boardpack import jobs
from tracker.store import Database, packs
from tracker.store.db import utc_now

pytest_plugins = ["tests.boardpack_fixtures"]

HANG_GUARD = 60
"""Seconds the stand-in build waits at most to be told it has started; reached only on a bug."""

LAST_SAFE_MINUTE = time(23, 58)
"""The page offers today's date only, so 23:59 is future only until then (with a minute to run)."""


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
    now = utc_now()
    if now.time() >= LAST_SAFE_MINUTE:  # no later minute today to choose: wait for tomorrow
        midnight = datetime.combine(now.date() + timedelta(days=1), time(), now.tzinfo)
        sleep((midnight - now).total_seconds() + 1)
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


def test_a_second_request_for_a_pack_being_built_waits_for_that_build(app, sample_db_path):
    at = publish(app("board_pack"))
    pack_id = int(at.dataframe(key="packs").value.iloc[0]["Pack"])
    started, holder = threading.Event(), {}

    def elsewhere(progress: jobs.Progress) -> bytes:
        """A build for someone else that finishes once this page waits for it too."""
        started.wait(HANG_GUARD)
        job = holder["job"]
        first_seen = job.seen
        while job.seen == first_seen:  # nobody else has asked for it yet
            progress(0.5, "being built for someone else")
            threading.Event().wait(0.01)
        return b"built for someone else"

    key = (str(sample_db_path), pack_id, "pptx")
    holder["job"], fresh = jobs.start(key, elsewhere)
    started.set()
    assert fresh
    at.button(key="build_pptx").click().run()
    assert not at.error, [e.value for e in at.error]
    assert any("already being built" in i.value for i in at.info)
    [download] = at.get("download_button")
    assert "Download PowerPoint (0.0 MB)" in download.proto.label
    assert jobs.running(key) is None


def test_the_longest_texts_build_on_the_page(app, long_db_path, monkeypatch):
    monkeypatch.setenv("TRACKER_DB", str(long_db_path))
    at = app("board_pack")
    at.button(key="build_pptx").click().run()
    assert not at.error, [e.value for e in at.error]
    [download] = at.get("download_button")
    assert "Download PowerPoint" in download.proto.label


def test_after_a_rerun_the_page_collects_the_build_it_was_waiting_for(app, sample_db_path):
    at = publish(app("board_pack"))
    pack_id = int(at.dataframe(key="packs").value.iloc[0]["Pack"])
    key = (str(sample_db_path), pack_id, "pdf")
    job, _ = jobs.start(key, lambda _progress: b"%PDF- built before the rerun")
    # As if the visitor clicked elsewhere while it was building: the session still holds it.
    at.session_state["pack_builds"] = {key: job}
    at.run()
    assert not at.error, [e.value for e in at.error]
    [download] = at.get("download_button")
    assert "Download PDF" in download.proto.label
    assert at.session_state["pack_builds"] == {}
