"""Browser checks: the set-up pages draw, and an uploaded workbook shows its preview (not loaded)."""

import pytest

from tests.e2e.conftest import screenshot
from tests.e2e.test_board_pages import wait_until_drawn
from tests.workbook_helpers import edited
from tracker.models import Initiative
from tracker.workbook import WorkbookContent, workbook_bytes

pytestmark = pytest.mark.browser

SETUP_PAGES = {
    "initiatives": ("setup?initiative=UEC-01", "Set-up: programme and initiatives"),
    "measures": ("setup_measures?measure=UEC-01-M1", "Set-up: measures and targets"),
    "goals": ("setup_goals?goal=UEC-01-G1", "Set-up: goals and milestones"),
    "workbook": ("setup_workbook", "Set-up: programme workbook"),
}


@pytest.mark.parametrize("name", SETUP_PAGES)
def test_setup_page_draws_without_error(name, app_url, page):
    path, heading = SETUP_PAGES[name]
    page.goto(f"{app_url}/{path}")
    wait_until_drawn(page, "h1")
    page.get_by_role("heading", name=heading).first.wait_for(timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, f"setup_{name}")


def test_uploaded_workbook_shows_its_preview_and_its_problems(app_url, page, tmp_path):
    new = Initiative(
        code="UEC-09", programme="NWICS", name="Frailty service", aim="Fewer long stays",
        lead="Aisha Bello", sponsor="Helen Ashworth", theme="Urgent and emergency care", organisation="Trust",
        start_date="2026-04-01", planned_end="2027-03-31",
    )  # fmt: skip
    good = tmp_path / "good.xlsx"
    good.write_bytes(workbook_bytes(WorkbookContent({"Initiatives": (new,)})))
    page.goto(f"{app_url}/setup_workbook")
    wait_until_drawn(page, "h1")
    page.locator('input[type="file"]').set_input_files(str(good))
    page.get_by_text("passed every check").wait_for(timeout=60_000)
    wait_until_drawn(page, '[data-testid="stDataFrame"]')
    assert page.get_by_role("button", name="Load the workbook").count() == 1
    screenshot(page, "setup_workbook_preview")

    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(edited(good.read_bytes(), "Initiatives", {"K2": "sometimes"}))
    page.locator('input[type="file"]').set_input_files(str(bad))
    page.get_by_text("was not loaded: 1 problem(s)").wait_for(timeout=60_000)
    wait_until_drawn(page, '[data-testid="stTable"]')
    # The good file's button can stay on screen a moment while the rerun finishes: wait for it to
    # go (this fails by timeout if the page keeps offering to load a rejected workbook).
    page.get_by_role("button", name="Load the workbook").wait_for(state="detached", timeout=30_000)
    screenshot(page, "setup_workbook_problems")
