"""Browser: upload a prepared .xlsx on the Import page, confirm, and see the value on the Measure page."""

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.browser

MEASURE = "UEC-01-M1"
NEW_VALUE = 88.8


def prepared_workbook(folder: Path) -> Path:
    """Return an .xlsx with the data on a 'DataPoints' sheet beside a notes sheet."""
    book = openpyxl.Workbook()
    data = book.active
    data.title = "DataPoints"
    data.append(["measure", "period", "value", "note"])
    # October is the latest month that has ended on the tests' day (23 Nov 2026) and the sample
    # holds a value for it: this row corrects it, with the note a correction needs.
    data.append([MEASURE, datetime(2026, 10, 1), NEW_VALUE, "Corrected October extract"])
    book.create_sheet("Notes").append(["Prepared for the browser test"])
    path = folder / "october.xlsx"
    book.save(path)
    return path


def test_upload_preview_confirm_then_measure_page_shows_the_value(app_url, page, tmp_path):
    page.goto(f"{app_url}/import_data?initiative=UEC-01")
    page.get_by_role("heading", name="Import", exact=True).wait_for(timeout=60_000)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        str(prepared_workbook(tmp_path))
    )
    confirm = page.get_by_role("button", name="Confirm: import 1 row(s) from october.xlsx")
    confirm.wait_for(timeout=60_000)
    # The button can be drawn a moment before the metrics above it are: wait for them too.
    to_change = page.locator('[data-testid="stMetric"]').filter(has_text="To change")
    to_change.wait_for(timeout=60_000)
    assert to_change.inner_text().strip().endswith("1"), to_change.inner_text()
    screenshot(page, "import_preview")
    confirm.click()
    page.get_by_text("Imported october.xlsx as batch").wait_for(timeout=60_000)
    confirm.wait_for(state="detached", timeout=60_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, "import_done")

    page.goto(f"{app_url}/measure?measure={MEASURE}")
    page.get_by_role("heading", name=MEASURE).first.wait_for(timeout=60_000)
    cells = page.locator('[data-testid="stDataFrame"] [role="gridcell"]')
    # Glide's grid cells are an off-screen accessibility table: attached, not visible.
    cells.first.wait_for(state="attached", timeout=60_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[role=gridcell]')]"
        ".some(c => c.textContent === 'Oct 2026')",
        timeout=60_000,
    )
    texts = cells.all_text_contents()
    row = texts.index("Oct 2026")
    assert texts[row + 1] == f"{NEW_VALUE}%"
    screenshot(page, "import_measure_after")
