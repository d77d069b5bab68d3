"""Browser: two `tracker serve` processes on one PostgreSQL database; a check-in saved through one
is shown by the other on its next page run (its cache notices the other server's write)."""

import pytest

from bench.server import served
from tests.conftest import TODAY, new_pg_database
from tests.e2e.conftest import screenshot
from tests.e2e.test_board_pages import wait_until_drawn

pytestmark = pytest.mark.browser

CODE = "UEC-01"
PROGRESS = "Second assessment bay opened on 2 November; ambulance handovers down to 24 minutes."
"""The narrative saved through one server: text the sample holds nowhere."""


def rag(tab) -> str:
    """Return the RAG the initiative page's heading figures show (its words, not its colour)."""
    shown = tab.locator('[data-testid="stMetric"]').filter(has_text="RAG").inner_text()
    return shown.split()[-1]


def test_a_check_in_saved_through_one_server_is_shown_by_the_other(pg, pg_sample, browser):
    url = new_pg_database(pg, pg_sample)
    with served(url, TODAY) as one, served(url, TODAY) as other:
        # Two people, one on each server (as a load balancer's sticky sessions would place them).
        reading = browser.new_context(viewport={"width": 1280, "height": 720})
        writing = browser.new_context(viewport={"width": 1280, "height": 720})

        # The other server draws the initiative first, so its cache holds it before the save.
        reader = reading.new_page()
        reader.goto(f"{other}/initiative?initiative={CODE}")
        wait_until_drawn(reader, "h1")
        assert rag(reader) == "Amber"  # the sample's October check-in
        assert PROGRESS not in reader.inner_text("body")
        screenshot(reader, "two_servers_1_other_before")

        writer = writing.new_page()
        writer.goto(f"{one}/update?initiative={CODE}")
        wait_until_drawn(writer, "h1")
        writer.get_by_label("Progress", exact=True).fill(PROGRESS)
        writer.get_by_role("radiogroup", name="RAG").get_by_text("Green").click()
        writer.get_by_role("button", name="Save update").click()
        receipt = writer.get_by_role("status").filter(has_text="Saved.")
        receipt.wait_for()
        wait_until_drawn(writer, "h1")
        receipt.scroll_into_view_if_needed()
        screenshot(writer, "two_servers_2_saved_on_one")

        # The other server's next page run: a reload, as the person there would do.
        reader.reload()
        wait_until_drawn(reader, "h1")
        assert rag(reader) == "Green"
        screenshot(reader, "two_servers_3_other_after_top")
        reader.get_by_role("heading", name="Latest check-in").scroll_into_view_if_needed()
        screenshot(reader, "two_servers_4_other_after_check_in")
        assert PROGRESS in reader.inner_text("body")
        reading.close()
        writing.close()
