"""Browser checks: the set-up pages draw, and an uploaded workbook shows its preview (not loaded)."""

import shutil

import pytest

from bench.server import served
from tests.conftest import TODAY
from tests.e2e.conftest import screenshot
from tests.e2e.test_board_pages import wait_until_drawn
from tests.workbook_helpers import edited
from tracker.models import Initiative
from tracker.store import Database, qi
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


def test_a_cycle_owner_not_on_the_people_list_is_typed_and_saved(sample_file, tmp_path, browser):
    db = tmp_path / "owner.duckdb"
    shutil.copy(sample_file, db)  # its own copy: the test saves, and other tests read theirs
    with served(db, TODAY) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        page = context.new_page()
        page.goto(f"{url}/setup_method?initiative=UEC-01")
        wait_until_drawn(page, "h1")
        # The first change idea, UEC-01-C1, a new cycle (its third): objective and prediction.
        page.get_by_label("Objective").fill("Streaming at weekends")
        page.get_by_label("Prediction").fill("Same share streamed as on weekdays")
        # A clinician who never signs in: typed into the people list's box and added as typed.
        owner = page.get_by_role("combobox", name="Owner")
        owner.click()
        page.keyboard.type("Dr Priya Raman")
        page.get_by_role("option", name="Add: Dr Priya Raman").click()
        screenshot(page, "setup_method_owner_typed")
        page.get_by_role("button", name="Save cycle").click()
        page.get_by_text("Added PDSA cycle 3 (UEC-01-C1-3)").wait_for(timeout=30_000)
        context.close()
    cycles = qi.pdsa_cycles(Database(db)).set_index("code")
    assert cycles.loc["UEC-01-C1-3", "owner"] == "Dr Priya Raman"
