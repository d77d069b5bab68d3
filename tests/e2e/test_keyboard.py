"""Keyboard only: the board member's journey, with a screenshot at each step showing the focus."""

import re

import pytest

from tests.e2e.conftest import screenshot
from tests.e2e.test_board_pages import wait_until_drawn

pytestmark = pytest.mark.browser

TAB_LIMIT = 200
"""Most Tab presses a step may take: a long page's links, help marks and table cells."""
FOCUSED = """() => {
    const e = document.activeElement;
    const key = e.closest('[class*="st-key-"]');
    return {
        tag: e.tagName,
        text: (e.textContent || '').trim().slice(0, 80),
        key: key ? [...key.classList].find(c => c.startsWith('st-key-')) : '',
    };
}"""
"""What has the focus: its tag, text and the keyed Streamlit element it is in."""


def tab_to(page, wanted, *, back: bool = False) -> dict:
    """Press Tab (Shift+Tab when `back`) until the focused element is `wanted`; return it."""
    for _ in range(TAB_LIMIT):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        focused = page.evaluate(FOCUSED)
        if wanted(focused):
            return focused
    raise AssertionError(f"focus never reached the element; last on {focused}")


def test_board_members_journey_by_keyboard(app_url, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(f"{app_url}/")
    wait_until_drawn(page, "h1")

    # A count in the matrix's last column: Tab leaves the table from there without moving on.
    tab_to(page, lambda f: f["tag"] == "CANVAS" and f["key"] == "st-key-matrix")
    for key in ("ArrowDown", "ArrowDown", "ArrowDown", "End"):
        page.keyboard.press(key)
    wait_until_drawn(page, ".st-key-cell_list")
    heading = page.get_by_text(re.compile(r"^\d+ measure\(s\): ● Common cause · – None"))
    heading.wait_for()
    screenshot(page, "keyboard_1_matrix_cell")

    # The measures listed under it: Shift+Space opens the focused row's measure.
    tab_to(page, lambda f: f["tag"] == "CANVAS" and f["key"] == "st-key-cell_list")
    page.keyboard.press("ArrowDown")
    screenshot(page, "keyboard_2_listed_measure")
    page.keyboard.press("Shift+Space")
    page.wait_for_url(re.compile(r"/measure\?measure="))
    wait_until_drawn(page, '[data-testid="stPlotlyChart"] .main-svg')
    measure = page.url.split("measure=")[1]
    screenshot(page, "keyboard_3_measure")

    # The measure's initiative, by its link under the title.
    focused = tab_to(page, lambda f: f["tag"] == "A" and f["text"].startswith("flagInitiative "))
    initiative = focused["text"].removeprefix("flagInitiative ")
    assert measure.startswith(initiative)  # a measure's code starts with its initiative's
    screenshot(page, "keyboard_4_initiative_link")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/initiative\?initiative={initiative}"))
    wait_until_drawn(page, "h1")
    screenshot(page, "keyboard_5_initiative")

    # The exceptions, from the page list in the sidebar.
    tab_to(page, lambda f: f["tag"] == "A" and f["text"] == "warningExceptions")
    screenshot(page, "keyboard_6_exceptions_link")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/exceptions"))
    wait_until_drawn(page, "h1")
    page.get_by_role("heading", name="Exceptions").first.wait_for()
    screenshot(page, "keyboard_7_exceptions")
    context.close()
