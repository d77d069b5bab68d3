"""Keyboard only: the board member's and the manager's journeys, with a screenshot at each step
showing the focus."""

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from bench.server import served
from tests.conftest import TODAY
from tests.e2e.conftest import screenshot
from tests.e2e.test_board_pages import wait_until_drawn
from tracker import checkins
from tracker.store import Database
from tracker.ui.update_form import BOXES

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
        label: e.getAttribute('aria-label') || (e.labels?.[0]?.textContent ?? ''),
        role: e.getAttribute('role') || '',
    };
}"""
"""What has the focus: its tag, text, the keyed Streamlit element it is in, its label and role."""


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


CHECK_IN = "ELE-02"
"""The initiative whose Oct 2026 check-in My updates lists second (overdue, its lead's)."""
PERIOD = date(2026, 10, 1)
"""The month that check-in is for, Oct 2026: the Update page offers it, as the one owed."""


def labelled(label: str):
    """Return a test for tab_to: the focused element is the form field labelled `label`."""
    return lambda f: f["label"] == label


def retype(page, text: str) -> None:
    """Replace the focused box's text with `text`, by keys."""
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(text)


def test_managers_journey_by_keyboard(sample_file: Path, tmp_path: Path, browser):
    db = tmp_path / "manager.duckdb"
    shutil.copy(sample_file, db)  # its own copy: the journey saves, and other tests read theirs
    with served(db, TODAY) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        page = context.new_page()
        page.goto(f"{url}/my_updates")
        wait_until_drawn(page, "h1")

        # The second row owed, ELE-02's check-in: Shift+Space opens its Update page.
        tab_to(page, lambda f: f["tag"] == "CANVAS" and f["key"] == "st-key-owed")
        page.keyboard.press("ArrowDown")
        screenshot(page, "keyboard_manager_1_owed_row")
        page.keyboard.press("Shift+Space")
        page.wait_for_url(re.compile(rf"/update\?initiative={CHECK_IN}$"))
        wait_until_drawn(page, "h1")
        screenshot(page, "keyboard_manager_2_update")

        # The grids are a canvas: the switch gives each value its own labelled box.
        tab_to(page, lambda f: f["role"] == "switch" and f["label"] == BOXES)
        page.keyboard.press("Space")
        page.get_by_label(f"Value · {CHECK_IN}-M1 · Oct 2026").wait_for()
        wait_until_drawn(page, "h1")
        screenshot(page, "keyboard_manager_3_boxes")

        # Two values corrected, each with the note a changed value needs.
        for measure, value, note in (
            ("M1", "61.8", "Recounted after validation"),
            ("M2", "1650", "Duplicates removed"),
        ):
            tab_to(page, labelled(f"Value · {CHECK_IN}-{measure} · Oct 2026"))
            retype(page, value)
            tab_to(page, labelled(f"Note · {CHECK_IN}-{measure} · Oct 2026"))
            page.keyboard.type(note)
        screenshot(page, "keyboard_manager_4_values")

        # A milestone's reason for change.
        tab_to(page, labelled(f"Reason for change · {CHECK_IN}-MS4"))
        retype(page, "Spinal capacity agreed with the regional centre from January.")
        screenshot(page, "keyboard_manager_5_milestone_reason")

        # RAG by the arrow keys (red is first; none is chosen yet), then the narrative; the
        # author is whoever saves it.
        tab_to(page, lambda f: f["key"] == "st-key-update_rag")
        page.keyboard.press("ArrowRight")
        tab_to(page, labelled("Progress"))
        page.keyboard.type("Validation cut the list; 52-week waits down for a third month.")
        screenshot(page, "keyboard_manager_6_narrative")

        tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "Save update")
        screenshot(page, "keyboard_manager_7_save")
        page.keyboard.press("Enter")
        # The receipt is a status message, which a screen reader announces.
        page.get_by_role("status").filter(has_text="Saved.").wait_for()
        wait_until_drawn(page, "h1")
        screenshot(page, "keyboard_manager_8_saved")
        context.close()

    # Through the library: what the form now loads is what was typed.
    with Database(db) as database:
        held = checkins.load_form(database, CHECK_IN, PERIOD, TODAY)
    values = held.values.set_index("measure")
    assert values.loc[f"{CHECK_IN}-M1", ["Value", "Note"]].tolist() == [
        "61.8",
        "Recounted after validation",
    ]
    assert values.loc[f"{CHECK_IN}-M2", ["Value", "Note"]].tolist() == [
        "1650",
        "Duplicates removed",
    ]
    reasons = held.milestones.set_index("code")["Reason for change"]
    assert (
        reasons[f"{CHECK_IN}-MS4"]
        == "Spinal capacity agreed with the regional centre from January."
    )
    assert (held.rag, held.on_behalf_of) == ("amber", "")
    assert held.narrative["progress"] == (
        "Validation cut the list; 52-week waits down for a third month."
    )
