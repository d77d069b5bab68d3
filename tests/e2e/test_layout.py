"""Every page on a 1280x720 laptop: no text cut short, no table scrolling inside its box, the As at
button and the page's top in sight; screenshots at 1280x720 and 1920x1080 of every page."""

import pytest

from tests.e2e.conftest import PAGES
from tests.e2e.layout import CLIPPED, LIMITS, kept_folder
from tests.e2e.test_board_pages import wait_until_drawn

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1280, "height": 720}
DESKTOP = {"width": 1920, "height": 1080}
VIEWS = {
    **PAGES,
    "overview_tile_list": "?tile=measures_improvement",
    "exceptions_table": "exceptions",
}
"""Every page, and the views within pages that lay out differently: a tile's list, a tab."""
TABS = {"exceptions_table": "As a table"}
"""Views that are a tab the address does not open: the tab to click."""
BOARD = ("overview", "exceptions", "initiative", "measure", "milestones")
"""Pages that carry the As at button."""
TOP_BAND_PX = 3.5 * 16 + 8
"""The page's first line starts below the toolbar's 3.5rem, not below a blank band: 8 px slack."""


@pytest.fixture(scope="module")
def shots():
    """Return the folder the screenshots go in, named at the end of the run."""
    return kept_folder("screenshots", "screenshots of every page at 1280x720 and 1920x1080")


def main_scroll_height(tab) -> int:
    return tab.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")


def save(tab, shots, name: str, size: dict[str, int]) -> None:
    """Save what the screen shows, then the whole page at the same width (the main area
    scrolls inside its own box, so a taller window is the way to see all of it)."""
    label = f"{size['width']}x{size['height']}"
    tab.screenshot(path=str(shots / f"{name}_{label}.png"))
    tab.set_viewport_size({"width": size["width"], "height": max(size["height"],
                                                                main_scroll_height(tab))})  # fmt: skip
    wait_until_drawn(tab, "h1")
    tab.screenshot(path=str(shots / f"{name}_{label}_whole.png"))
    tab.set_viewport_size(size)


@pytest.mark.parametrize("name", VIEWS)
def test_a_page_on_a_laptop_cuts_no_text_and_keeps_its_controls_in_sight(
    name, app_url, browser, shots
):
    context = browser.new_context(viewport=LAPTOP)
    tab = context.new_page()
    try:
        tab.goto(f"{app_url}/{VIEWS[name]}")
        wait_until_drawn(tab, "h1")
        if name in TABS:
            tab.get_by_role("tab", name=TABS[name]).click()
            wait_until_drawn(tab, '[data-testid="stDataFrame"] canvas')
        assert tab.evaluate(CLIPPED, LIMITS) == []
        first = tab.locator('[data-testid="stMainBlockContainer"] > div > div').first
        assert first.bounding_box()["y"] <= TOP_BAND_PX
        if name.split("_")[0] in BOARD:
            button = tab.get_by_role("button", name="As at today").bounding_box()
            assert button["y"] + button["height"] <= LAPTOP["height"]
        save(tab, shots, name, LAPTOP)
        tab.set_viewport_size(DESKTOP)
        wait_until_drawn(tab, "h1")
        assert tab.evaluate(CLIPPED, LIMITS) == []
        save(tab, shots, name, DESKTOP)
    finally:
        context.close()
