"""Board pack records: publishing is validated and audited; packs are listed and found by cut-off."""

import json
import typing
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from tests.conftest import ADMIN, EDITOR, VIEWER
from tracker.errors import Conflict, NotAllowed, NotFound
from tracker.spc import Preset
from tracker.store import packs, queries
from tracker.store.db import utc_now


def request(**changes) -> packs.PackRequest:
    values = {
        "period": date(2026, 10, 1),
        "cut_off": utc_now() - timedelta(hours=1),
        "author": "Pat Secretary",
    }
    return packs.PackRequest(**{**values, **changes})


def count(db) -> int:
    return db.cursor().execute("SELECT count(*) FROM board_pack").fetchall()[0][0]


def test_publish_stores_cut_off_author_preset_filters_and_an_audit_row(db):
    made = packs.publish(
        db, request(preset="nhsr", filters=packs.PackFilters(theme="Prevention", lead=" "))
    )
    again = packs.pack(db, made.id)
    assert again == made
    assert again.preset == "nhsr" and again.filters.chosen() == {"theme": "Prevention"}
    assert again.created_at >= again.cut_off
    audit = queries.audit_log(db, entity="board_pack")
    assert len(audit) == 1
    row = audit.iloc[0]
    assert (row["action"], row["who"], row["code"]) == ("create", "Pat Secretary", "2026-10")
    assert json.loads(row["after"])["filters"] == {"theme": "Prevention"}


def test_a_future_cut_off_is_refused_and_nothing_is_written(db):
    with pytest.raises(Conflict, match="in the future"):
        packs.publish(db, request(cut_off=utc_now() + timedelta(days=1)))
    assert count(db) == 0
    assert queries.audit_log(db, entity="board_pack").empty


def test_period_must_be_a_month_start_and_the_message_says_which(db):
    with pytest.raises(ValidationError, match="use 2026-10-01"):
        request(period=date(2026, 10, 5))


def test_unknown_preset_and_filter_are_refused_naming_the_field():
    with pytest.raises(ValidationError) as err:
        request(preset="spc", filters={"colour": "blue"})
    text = packs.problems(err.value)
    assert "preset:" in text and "filters.colour:" in text


def test_presets_match_the_engines():
    assert set(typing.get_args(packs.PresetName)) == {p.value for p in Preset}


def test_cut_off_with_a_time_zone_is_kept_as_utc():
    summer = timezone(timedelta(hours=1))
    made = request(cut_off=datetime(2026, 7, 1, 18, 0, tzinfo=summer))
    assert made.cut_off == datetime(2026, 7, 1, 17, 0)
    assert packs.utc(datetime(2026, 7, 1, 17, 0, tzinfo=UTC)) == datetime(2026, 7, 1, 17, 0)


def test_listing_latest_for_period_and_previous_follow_the_cut_off(db):
    now = utc_now()
    september = packs.publish(
        db, request(period=date(2026, 9, 1), cut_off=now - timedelta(days=40))
    )
    first_october = packs.publish(db, request(cut_off=now - timedelta(days=10)))
    second_october = packs.publish(db, request(cut_off=now - timedelta(days=5)))
    assert [p.id for p in packs.published(db)] == [
        second_october.id,
        first_october.id,
        september.id,
    ]
    assert packs.latest_for_period(db, date(2026, 10, 1)).id == second_october.id
    assert packs.latest_for_period(db, date(2026, 8, 1)) is None
    assert packs.previous(db, second_october.cut_off).id == first_october.id
    assert packs.previous(db, september.cut_off) is None


def test_an_unknown_pack_id_is_not_found(db):
    with pytest.raises(NotFound, match="id 999"):
        packs.pack(db, 999)


def test_a_new_pack_is_not_public(db):
    made = packs.publish(db, request())
    assert made.public is False and packs.pack(db, made.id).public is False
    assert packs.published(db, public_only=True) == []


def test_marking_a_pack_public_is_audited_and_lists_it_among_the_public_ones(db):
    shown, hidden = packs.publish(db, request()), packs.publish(db, request())
    marked = packs.set_public(db, "admin@example.org", shown.id, True)
    assert marked.public is True and packs.pack(db, shown.id).public is True
    assert [p.id for p in packs.published(db, public_only=True)] == [shown.id]
    assert {p.id for p in packs.published(db)} == {shown.id, hidden.id}
    row = queries.audit_log(db, entity="board_pack").iloc[0]  # newest first
    assert (row["action"], row["who"], row["entity_id"]) == (
        "update",
        "admin@example.org",
        shown.id,
    )
    assert json.loads(row["before"]) == {"is_public": False}
    assert json.loads(row["after"]) == {"is_public": True}


def test_marking_a_pack_public_changes_nothing_else_about_it(db):
    made = packs.publish(db, request(filters=packs.PackFilters(theme="Prevention")))
    packs.set_public(db, "admin@example.org", made.id, True)
    after = packs.set_public(db, "admin@example.org", made.id, False)
    assert after == made == packs.pack(db, made.id)


def test_marking_a_pack_as_it_already_is_writes_nothing(db):
    made = packs.publish(db, request())
    packs.set_public(db, "admin@example.org", made.id, False)
    assert len(queries.audit_log(db, entity="board_pack")) == 1  # only its publication


def test_marking_an_unknown_pack_is_refused_and_nothing_is_written(db):
    with pytest.raises(NotFound, match="No published board pack with id 999"):
        packs.set_public(db, "admin@example.org", 999, True)
    assert queries.audit_log(db, entity="board_pack").empty


@pytest.mark.parametrize("who", [EDITOR, VIEWER])
def test_only_an_admin_may_mark_a_pack_public_and_a_refusal_writes_nothing(guarded_db, who):
    made = packs.publish(guarded_db, request(author=ADMIN))
    before = len(queries.audit_log(guarded_db))
    with pytest.raises(NotAllowed):
        packs.set_public(guarded_db, who, made.id, True)
    assert packs.pack(guarded_db, made.id).public is False
    assert len(queries.audit_log(guarded_db)) == before
    assert packs.set_public(guarded_db, ADMIN, made.id, True).public is True
