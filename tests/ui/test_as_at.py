"""The "As at" view: a past day chosen at the top of a board page shows it as recorded by then."""

from datetime import date

import pytest

from tracker import clock, formatting, reports
from tracker.store import Database, queries
from tracker.ui.widgets import AS_AT

PAST = date(2026, 10, 31)
BEFORE_ANYTHING = date(2024, 5, 31)
"""The sample's data are dated as entered when due; its first point is due in June 2024."""
TILES = {"🔴 Initiatives red": "rag_red", "🟠 Initiatives amber": "rag_amber",
         "🟢 Initiatives green": "rag_green", "✘ Goals off track": "goals_off_track"}  # fmt: skip


def as_at_label(at) -> str | None:
    labels = [p.proto.popover.label for p in at.get("popover")]
    return next((label for label in labels if label.startswith("As at")), None)


def notices(at) -> list[str]:
    return [i.value for i in at.info if "As recorded" in i.value]


def pick(at, day: date):
    at.date_input(key="as_at_picker").set_value(day)
    return at.run()


def engine_tiles(path, day: date | None) -> dict[str, int]:
    with Database(path) as db:
        as_of = clock.end_of(day) if day else None
        book = reports.portfolio(db, day or clock.today(), as_of=as_of)
    return {label: book.tiles[key] for label, key in TILES.items()}


def test_board_pages_open_on_today_with_no_notice(app):
    at = app("overview")
    assert as_at_label(at) == "As at today"
    assert notices(at) == []
    assert at.caption[0].value.startswith("As at 23 Nov 2026")


def test_a_past_day_shows_what_was_recorded_by_then_and_says_so(app, sample_db_path):
    at = pick(app("overview"), PAST)
    assert not at.exception
    assert as_at_label(at) == "As at 31 Oct 2026"
    [notice] = notices(at)
    assert "As recorded at the end of 31 Oct 2026" in notice
    assert "Nothing had been recorded" not in notice
    assert at.caption[0].value.startswith("As at 31 Oct 2026")
    shown = {m.label: int(m.value) for m in at.metric if m.label in TILES}
    then = engine_tiles(sample_db_path, PAST)
    assert shown == then
    assert then != engine_tiles(sample_db_path, None)


def test_a_day_before_anything_was_recorded_says_when_records_begin(app, sample_db_path):
    at = pick(app("overview"), BEFORE_ANYTHING)
    with Database(sample_db_path) as db:
        first = queries.first_recorded(db)
    [notice] = notices(at)
    assert f"the first data were recorded on {formatting.uk_date(first.date())}" in notice


def test_the_day_holds_on_other_board_pages_until_back_to_today(app):
    at = pick(app("overview"), PAST)
    at.switch_page("tracker/ui/pages/initiative.py")
    at.query_params["initiative"] = "UEC-01"
    at.run()
    assert not at.exception
    assert as_at_label(at) == "As at 31 Oct 2026"
    assert len(notices(at)) == 1
    at.button(key="as_at_today").click().run()
    assert as_at_label(at) == "As at today"
    assert notices(at) == []


def test_update_pages_have_no_as_at(app):
    at = app("my_updates")
    assert as_at_label(at) is None


@pytest.mark.parametrize("page", ["exceptions", "measure", "milestones", "initiative"])
def test_every_board_page_opens_as_at_a_day_with_nothing_recorded(app, page):
    # A day with data takes the paths today takes; an empty record is the one to try.
    at = app(page)
    at.session_state[AS_AT] = BEFORE_ANYTHING
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert len(notices(at)) == 1


def test_a_link_with_as_at_opens_that_day_and_the_url_follows_the_picker(app):
    at = app("overview", as_at=PAST.isoformat())
    assert as_at_label(at) == "As at 31 Oct 2026"
    assert len(notices(at)) == 1
    pick(at, date(2026, 9, 30))
    assert at.query_params[AS_AT] == "2026-09-30"
    at.button(key="as_at_today").click().run()
    assert AS_AT not in at.query_params


def test_a_link_with_a_bad_as_at_shows_today_and_says_why(app):
    at = app("overview", as_at="31/10/2026")
    assert as_at_label(at) == "As at today"
    assert "as_at=31/10/2026 is not a date" in at.warning[0].value
