"""The public accountability view: packs an admin marked public, readable without sign-in only
where TRACKER_PUBLIC is on, each as frozen; marking one public on the Board pack page."""

import json
from datetime import timedelta

import pytest

from tests.ui.conftest import SIGNED_OUT, auth
from tracker.store import Database, packs, queries
from tracker.store.db import utc_now


def publish(path, public: bool, theme: str = "Prevention") -> packs.PublishedPack:
    """Publish a small pack (one theme) on the database at `path`, marked public or not."""
    with Database(path) as db:
        made = packs.publish(
            db,
            packs.PackRequest(
                period=utc_now().date().replace(day=1),
                cut_off=utc_now() - timedelta(minutes=1),
                author="Pat Secretary",
                filters=packs.PackFilters(theme=theme),
            ),
        )
        return packs.set_public(db, "admin@example.org", made.id, public) if public else made


@pytest.fixture
def public_on(monkeypatch):
    monkeypatch.setenv("TRACKER_PUBLIC", "on")


def test_signed_out_with_public_on_reads_a_public_pack_as_frozen(
    app, sample_db_path, provider, public_on
):
    hidden = publish(sample_db_path, public=False)
    shown = publish(sample_db_path, public=True)
    at = app("public_packs", user=SIGNED_OUT, secrets=auth(provider))
    assert [t.value for t in at.title] == ["Public board packs"]
    [option] = at.selectbox(key="public_pack").options  # not the pack that is not public
    assert f"(pack {shown.id}, cut-off" in option and hidden.id != shown.id
    assert [h.value for h in at.header] == [
        "Summary",
        "Exceptions",
        "Narrative",
        "The pack as a PDF",
    ]
    assert any("Initiatives by RAG" in m.value for m in at.markdown)
    assert [b.label for b in at.button] == ["Build PDF"]


def test_the_sign_in_page_links_to_the_public_packs_when_public_is_on(app, provider, public_on):
    at = app("sign_in", user=SIGNED_OUT, secrets=auth(provider))
    assert [link.label for link in at.get("page_link")] == ["Board packs published for the public"]


def test_with_public_off_the_public_page_is_not_reachable_signed_out(
    app, sample_db_path, provider, monkeypatch
):
    monkeypatch.delenv("TRACKER_PUBLIC", raising=False)
    publish(sample_db_path, public=True)
    at = app("public_packs", user=SIGNED_OUT, secrets=auth(provider))
    assert [t.value for t in at.title] == ["Sign in"]
    assert len(at.get("page_link")) == 0


def test_no_public_pack_yet_says_so(app, provider, public_on, sample_db_path):
    publish(sample_db_path, public=False)
    at = app("public_packs", user=SIGNED_OUT, secrets=auth(provider))
    assert "No board pack has been published for the public yet" in at.info[0].value
    assert len(at.get("selectbox")) == 0


def test_the_board_pack_page_marks_a_pack_public_under_the_person_acting(
    app, sample_db_path, monkeypatch
):
    monkeypatch.setenv("TRACKER_USER", "pat.local")
    made = publish(sample_db_path, public=False)
    at = app("board_pack")
    at.toggle(key=f"pack_public_{made.id}").set_value(True).run()
    assert any("now public" in s.value for s in at.success)
    # Nobody outside sees it while the tracker runs without TRACKER_PUBLIC=on.
    assert any("TRACKER_PUBLIC=on" in c.value for c in at.caption)
    from tracker.ui.cache import database

    db = database()
    assert packs.pack(db, made.id).public is True
    row = queries.audit_log(db, entity="board_pack").iloc[0]
    assert (row["who"], json.loads(row["after"])) == ("pat.local", {"is_public": True})
