"""Publishing a pack from a form's choices: recorded with its filters, or every problem and nothing kept."""

from datetime import date, datetime, timedelta

from tracker.boardpack.publishing import (
    MONTHS_OFFERED,
    file_name,
    months_offered,
    pack_heading,
    pack_listing,
    publish_pack,
    published_message,
)
from tracker.store import packs, queries
from tracker.store.db import utc_now

OCT = date(2026, 10, 1)


def an_hour_ago() -> datetime:
    return (utc_now() - timedelta(hours=1)).replace(tzinfo=None)


def count(db) -> int:
    return len(packs.published(db))


def test_publishing_records_the_pack_with_its_chosen_filters_only(db):
    outcome = publish_pack(
        db, "Pat Secretary", OCT, an_hour_ago(), "nhsr", {"theme": "Prevention", "lead": None}
    )
    assert outcome.problems == []
    assert outcome.pack is not None
    assert packs.published(db) == [outcome.pack]
    assert outcome.pack.author == "Pat Secretary"
    assert outcome.pack.preset == "nhsr"
    assert outcome.pack.filters.chosen() == {"theme": "Prevention"}
    assert len(queries.audit_log(db, entity="board_pack")) == 1


def test_every_bad_choice_is_a_problem_naming_its_field_and_nothing_is_written(db):
    outcome = publish_pack(db, "Pat", date(2026, 10, 5), an_hour_ago(), "spc", {"colour": "blue"})
    assert outcome.pack is None
    fields = sorted(line.split(":")[0] for line in outcome.problems)
    assert fields == ["filters.colour", "period", "preset"]
    assert count(db) == 0


def test_a_future_cut_off_is_refused_with_the_reason_and_nothing_is_written(db):
    tomorrow = an_hour_ago() + timedelta(days=1)
    outcome = publish_pack(db, "Pat", OCT, tomorrow, "mdc", {})
    assert outcome.pack is None
    assert len(outcome.problems) == 1 and "in the future" in outcome.problems[0]
    assert count(db) == 0


def test_months_offered_start_with_this_month_then_the_latest_complete_one():
    months = months_offered(date(2026, 11, 23))
    assert months[:3] == [date(2026, 11, 1), date(2026, 10, 1), date(2026, 9, 1)]
    # This month plus two years of past months.
    assert len(months) == MONTHS_OFFERED + 1
    assert months[-1] == date(2024, 11, 1)


def test_the_listing_and_messages_name_the_pack_in_uk_words(db):
    cut_off = datetime(2026, 11, 20, 17, 5)
    pack = publish_pack(db, "Pat", OCT, cut_off, "mdc", {"theme": "Prevention"}).pack
    assert pack is not None
    listing = pack_listing([pack])
    row = listing.iloc[0]
    assert (row["Pack"], row["Period"], row["Cut-off"]) == (
        pack.id,
        "Oct 2026",
        "20 Nov 2026 17:05 UTC",
    )
    assert (row["Published by"], row["SPC rules"], row["Scope"]) == (
        "Pat",
        "NHS Making Data Count",
        "Theme: Prevention",
    )
    assert (
        published_message(pack)
        == f"Published pack {pack.id} for Oct 2026, cut-off 20 Nov 2026 17:05 UTC."
    )
    assert file_name(pack, "pdf") == f"board-pack-2026-10-pack-{pack.id}.pdf"


def test_the_heading_names_the_pack_and_shows_its_author_as_typed(db):
    cut_off = datetime(2026, 11, 20, 17, 5)
    pack = publish_pack(db, "Pat *Sec*", OCT, cut_off, "mdc", {}).pack
    assert pack is not None
    assert pack_heading(pack) == (
        f"**Pack {pack.id} · Oct 2026** · cut-off 20 Nov 2026 17:05 UTC · "
        "published by Pat \\*Sec\\* · Whole portfolio"
    )
