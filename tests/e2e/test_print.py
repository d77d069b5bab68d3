"""Printing from the browser: the overview, an initiative and a measure on A4 landscape, without
the sidebar, with no table cut across two sheets; each sheet rendered to PNG to be looked at."""

import math
import re
import subprocess
from pathlib import Path

import pytest

from tests.e2e.layout import kept_folder
from tests.e2e.test_board_pages import wait_until_drawn

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1280, "height": 720}
PRINTED = {
    "overview": "",
    "initiative": "initiative?initiative=UEC-01",
    "measure": "measure?measure=DIS-01-M5",
}
MM_PX = 96 / 25.4
"""CSS has 96 px to the inch."""
MARGIN_MM = 10
"""page.css's @page margin on each side."""
SHEET = {
    "width": round((297 - 2 * MARGIN_MM) * MM_PX),
    "height": round((210 - 2 * MARGIN_MM) * MM_PX),
}
"""What an A4 landscape sheet holds within its margins, in CSS px."""
KEPT_WHOLE = (
    '[data-testid="stTable"], [data-testid="stDataFrame"], [data-testid="stPlotlyChart"], '
    '[data-testid="stHorizontalBlock"]'
)
"""What page.css keeps whole: each can push at most one sheet's remainder onto the next."""


def sheets(pdf: Path) -> list[str]:
    """Return the text of each sheet of a PDF, spaces run together."""
    count = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", pdf)).group(1))
    return [
        " ".join(run("pdftotext", "-f", str(n), "-l", str(n), pdf, "-").split())
        for n in range(1, count + 1)
    ]


def run(*command: str | Path) -> str:
    return subprocess.run(
        [str(c) for c in command], check=True, capture_output=True, text=True
    ).stdout


def images_by_sheet(pdf: Path) -> dict[str, set[str]]:
    """Return each image object of a PDF (a grid's canvas prints as one) → the sheets it is on."""
    found: dict[str, set[str]] = {}
    for line in run("pdfimages", "-list", pdf).splitlines()[2:]:
        fields = line.split()
        found.setdefault(fields[10], set()).add(fields[0])
    return found


TABLE_ENDS = """() => [...document.querySelectorAll('[data-testid="stTable"] table')].map(t => {
    const norm = row => [...row.cells].map(c => c.textContent).join(' ').split(/\\s+/)
        .join(' ').trim();
    const rows = t.querySelectorAll('tbody tr');
    return [norm(t.querySelector('thead tr')), norm(rows[rows.length - 1])];
})"""
"""Each HTML table's header row and last row, as text."""


@pytest.fixture(scope="module")
def printouts():
    """Return the folder the PDFs and their sheets' PNGs go in, named at the end of the run."""
    return kept_folder("printouts", "printed pages (PDF, and PNG per sheet)")


@pytest.mark.parametrize("name", PRINTED)
def test_a_board_page_prints_on_a4_landscape_without_cutting_a_table(
    name, app_url, browser, printouts
):
    context = browser.new_context(viewport=LAPTOP)
    tab = context.new_page()
    try:
        tab.goto(f"{app_url}/{PRINTED[name]}")
        wait_until_drawn(tab, "h1")
        blocks = tab.locator(KEPT_WHOLE).count()
        tables = tab.evaluate(TABLE_ENDS)
        tab.emulate_media(media="print")
        # Only the grids that print: one in a closed expander (a chart's data) does not
        grids = tab.locator('[data-testid="stDataFrame"] >> visible=true').count()
        # Laid out as on paper, the page is this high: the sheets it needs at the least
        tab.set_viewport_size(SHEET)
        height = tab.evaluate("() => document.documentElement.scrollHeight")
        tab.set_viewport_size(LAPTOP)
        pdf = printouts / f"{name}.pdf"
        tab.pdf(path=str(pdf), format="A4", landscape=True, print_background=True)
    finally:
        context.close()
    run("pdftoppm", "-r", "60", "-png", pdf, printouts / name)
    text = sheets(pdf)
    # Keeping a block whole moves it to the next sheet: at most one sheet more per block
    least = math.ceil(height / SHEET["height"])
    assert least <= len(text) <= least + blocks
    assert not any("Board view" in sheet or "As at today" in sheet for sheet in text)
    # An HTML table's header and its last row are on one sheet
    for header, last in tables:
        heads = [i for i, s in enumerate(text) if header in s]
        assert heads and heads == [i for i, s in enumerate(text) if last in s], header
    # A grid prints as an image: on one sheet, or it was cut
    images = images_by_sheet(pdf)
    assert len(images) >= grids and all(len(on) == 1 for on in images.values())
