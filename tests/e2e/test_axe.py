"""axe-core on every page and the states that matter: no serious or critical WCAG 2.x A/AA
violation, but for those in Streamlit's own markup that the README's accessibility statement names."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.conftest import PAGES, screenshot
from tests.e2e.test_board_pages import wait_until_drawn
from tracker.ui.update_form import BOXES

pytestmark = pytest.mark.browser
pytest_plugins = ["tests.e2e.signin_fixtures"]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
"""axe's rules for WCAG 2.0, 2.1 and 2.2 at levels A and AA."""
BLOCKING = {"serious", "critical"}
"""Impacts the test fails on; every moderate or minor one is printed with the page it is on."""


@dataclass(frozen=True)
class Upstream:
    """A violation in Streamlit's own markup, allowed only inside the element it was found in."""

    within: str
    """CSS selector of the Streamlit element every offending node must be inside."""
    issue: str
    """Where it is reported upstream (the README's accessibility statement names it too)."""


UPSTREAM: dict[str, Upstream] = {
    # st.navigation's sections: a <div> with the section's <header> sits directly in the <ul>,
    # and the page links' <li>s inside it, so the list has items outside it.
    "list": Upstream('[data-testid="stSidebarNav"]', "streamlit#8399"),
    "listitem": Upstream('[data-testid="stSidebarNav"]', "streamlit#8399"),
    # The day, month, year, hour and minute segments of st.date_input and st.time_input (React
    # Aria spinbuttons) are narrower than 24 px; typing into them works from the keyboard.
    "target-size": Upstream(
        '[data-testid="stDateInput"], [data-testid="stTimeInput"]', "streamlit#8399"
    ),
}
"""axe rule id → the Streamlit element it is allowed in and its upstream issue."""


def _inside(page, target: list[str], within: str) -> bool:
    """Return True when the node axe names by `target` lies inside an element `within`."""
    return page.evaluate(
        "([selector, within]) => !!document.querySelector(selector)?.closest(within)",
        [target[0], within],
    )


def blocking_violations(page, name: str) -> list[str]:
    """Run axe on the page as drawn; return each serious or critical violation not allowed by
    UPSTREAM, as 'rule (impact): help — first node'."""
    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    found = []
    for violation in results.response["violations"]:
        rule, impact = violation["id"], violation["impact"]
        nodes = violation["nodes"]
        if impact not in BLOCKING:
            print(f"{name}: {rule} ({impact}) on {len(nodes)} node(s): {violation['help']}")
            continue
        known = UPSTREAM.get(rule)
        if known and all(_inside(page, node["target"], known.within) for node in nodes):
            continue
        found.append(f"{rule} ({impact}): {violation['help']} — {nodes[0]['html'][:200]}")
    return found


@pytest.mark.parametrize("name", PAGES)
def test_every_page_has_no_serious_violation(name, app_url, page):
    page.goto(f"{app_url}/{PAGES[name]}")
    wait_until_drawn(page, "h1")
    assert blocking_violations(page, name) == []


def _matrix_cell(page) -> None:
    """Select a count in the overview's MDC matrix: its measures are listed under it."""
    matrix = page.locator('.st-key-matrix [data-testid="stDataFrame"]')
    matrix.scroll_into_view_if_needed()
    box = matrix.bounding_box()
    # Improvement × Fail: the fourth of five columns, the first row under the header (35 px).
    page.mouse.click(box["x"] + box["width"] * 0.75, box["y"] + 35 + 17)
    wait_until_drawn(page, ".st-key-cell_list")
    # A count, not an empty cell: the list under the matrix has measures in it.
    assert (
        page.get_by_text(re.compile(r"^[1-9]\d* measure\(s\): ▲ Special cause improvement")).count()
        == 1
    )


def _form_errors(page) -> None:
    """Save the new-initiative form empty: each problem is shown under its field."""
    page.locator(".st-key-initiative_new0_submit button").click()
    wait_until_drawn(page, '[data-testid="stAlertContentError"]')


def _as_at_open(page) -> None:
    """Open the sidebar's As at picker and its calendar."""
    page.get_by_role("button", name="As at today").click()
    page.locator('[data-testid="stPopoverBody"] [data-testid="stDateInput"]').wait_for()
    page.locator('[data-testid="stPopoverBody"] [data-testid="stDateInput"] button').first.click()
    page.get_by_role("grid").first.wait_for()


def _update_errors(page) -> None:
    """Save the Update form without a RAG: nothing is saved, and the problem is listed above
    the form and shown under Check-in."""
    page.locator(".st-key-update_save button").click()
    page.get_by_text("Nothing was saved.", exact=True).wait_for()
    wait_until_drawn(page, "h1")


def _update_boxes_errors(page) -> None:
    """The same in the labelled boxes, with a value that is not a number: its problem is shown
    under its row's boxes."""
    page.get_by_text(BOXES, exact=True).click()
    value = page.get_by_label("Value · ELE-02-M1 · Oct 2026")
    value.fill("N/A")
    _update_errors(page)
    page.get_by_text("ELE-02-M1 · Oct 2026: Value: 'N/A' is not a number").wait_for()


STATES: dict[str, tuple[str, Callable[..., None]]] = {
    "matrix_cell_selected": ("", _matrix_cell),
    "form_showing_errors": ("setup", _form_errors),
    "as_at_picker_open": ("", _as_at_open),
    "update_showing_errors": ("update?initiative=ELE-02", _update_errors),
    "update_boxes_showing_errors": ("update?initiative=ELE-02", _update_boxes_errors),
}
"""States a visitor reaches on a page: its address and how to get there."""


@pytest.mark.parametrize("name", STATES)
def test_states_that_matter_have_no_serious_violation(name, app_url, page):
    path, reach = STATES[name]
    page.goto(f"{app_url}/{path}")
    wait_until_drawn(page, "h1")
    reach(page)
    screenshot(page, f"axe_{name}")
    assert blocking_violations(page, name) == []


HEADING_LEVELS = """() => [...document.querySelectorAll(
    '[data-testid="stMainBlockContainer"] :is(h1, h2, h3, h4, h5, h6)')]
    .map(h => Number(h.tagName[1]))"""
"""The level of each heading in the page's main area, in reading order."""


@pytest.mark.parametrize("name", PAGES)
def test_every_page_has_one_h1_and_its_headings_in_order(name, app_url, page):
    # A screen reader lists a page by its headings: one H1 first, and no level skipped on the
    # way down (an H3 straight under the H1 reads as a missing section).
    page.goto(f"{app_url}/{PAGES[name]}")
    wait_until_drawn(page, "h1")
    levels = page.evaluate(HEADING_LEVELS)
    assert levels[:1] == [1] and levels.count(1) == 1, levels
    assert all(level <= before + 1 for before, level in pairwise(levels)), levels


SIGNED_OUT_PAGES = {"sign_in": ("", "Sign in"), "public_packs": ("public_packs", "Summary")}
"""The pages someone not signed in can open (sign-in configured, TRACKER_PUBLIC on): their
address and a heading that shows the page is drawn."""


@pytest.mark.parametrize("name", SIGNED_OUT_PAGES)
def test_signed_out_pages_have_no_serious_violation(name, signin_url, page):
    path, shown = SIGNED_OUT_PAGES[name]
    page.goto(f"{signin_url}/{path}")
    page.get_by_role("heading", name=shown).first.wait_for(timeout=60_000)
    wait_until_drawn(page, "h1")
    assert blocking_violations(page, name) == []
