"""The "As at" view: a past day in the sidebar shows every board page as recorded by then."""

from datetime import date

import pytest

from tracker import formatting
from tracker.store import Database, queries
from tracker.ui.widgets import AS_AT

PAST = date(2026, 10, 31)


def as_at_label(at) -> str | None:
    labels = [p.proto.popover.label for p in at.get("popover")]
    return next((label for label in labels if label.startswith("As at")), None)


def notices(at) -> list[str]:
    return [i.value for i in at.info if "As recorded" in i.value]


def pick_past_day(at):
    at.date_input(key="as_at_picker").set_value(PAST)
    return at.run()


def test_board_pages_open_on_today_with_no_notice(app):
    at = app("overview")
    assert as_at_label(at) == "As at today"
    assert notices(at) == []
    assert at.caption[0].value.startswith("As at 23 Nov 2026")


def test_a_past_day_shows_the_record_of_that_day_and_says_so(app, sample_db_path):
    at = pick_past_day(app("overview"))
    assert not at.exception
    assert as_at_label(at) == "As at 31 Oct 2026"
    [notice] = notices(at)
    assert "As recorded at the end of 31 Oct 2026" in notice
    with Database(sample_db_path) as db:
        first = queries.first_recorded(db)
    # The sample was loaded during this test run, so nothing had been recorded by 31 Oct.
    assert f"first data were recorded on {formatting.uk_date(first.date())}" in notice
    assert at.caption[0].value.startswith("As at 31 Oct 2026")
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["🔴 Initiatives red"] == tiles["🟠 Initiatives amber"] == "0"


def test_the_day_holds_on_other_board_pages_until_back_to_today(app):
    at = pick_past_day(app("overview"))
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
def test_every_board_page_opens_as_at_a_day_before_anything_was_recorded(app, page):
    at = app(page)
    at.session_state[AS_AT] = PAST
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert len(notices(at)) == 1
