"""Browser: a link straight to a page, the first visit after the app starts, opens it inside the app."""

import pytest

from bench.server import served
from tests.conftest import TODAY
from tests.e2e.test_board_pages import wait_until_drawn

pytestmark = pytest.mark.browser


def test_a_first_visit_by_a_link_to_a_page_gets_the_apps_navigation(sample_db_path, page):
    # Beside a `pages/` folder, Streamlit would run the linked page as a script of its own: no
    # navigation sections, no wide layout, no error panel. A fresh server meets that first.
    with served(sample_db_path, TODAY) as url:
        page.goto(f"{url}/exceptions")
        wait_until_drawn(page, "h1")
        nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert "Board view" in nav and "Set-up" in nav, nav
        assert "import data" not in nav, nav  # a file name, as Streamlit lists a pages/ folder
