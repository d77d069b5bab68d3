"""Browser checks: each board page draws in headless Chromium with no error; a screenshot of each."""

import pytest

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.browser

DATAFRAME = '[data-testid="stDataFrame"] canvas'
CHART = '[data-testid="stPlotlyChart"] .main-svg'
BOARD_PAGES = {
    "overview": ("", "Programme overview", DATAFRAME),
    "exceptions": ("exceptions", "Exceptions", "text=⚠ Special cause concern"),
    "initiative": ("initiative?initiative=UEC-01", "UEC-01", DATAFRAME),
    "initiative_measures": ("initiative?initiative=UEC-01&tab=Measures", "UEC-01", CHART),
    "measure": ("measure?measure=DIS-01-M5", "DIS-01-M5", CHART),
    "milestones": ("milestones", "Milestones", CHART),
    "glossary": ("glossary", "Glossary", "h1"),
    "initiative_diagram": ("initiative?initiative=UEC-01&tab=Driver+diagram", "UEC-01", CHART),
    "initiative_pdsa": ("initiative?initiative=UEC-01&tab=PDSA+cycles", "UEC-01", DATAFRAME),
    "measure_pdsa": ("measure?measure=UEC-01-M2", "UEC-01-M2", CHART),
}


def wait_until_drawn(tab, ready: str, timeout: float = 60_000) -> None:
    """Wait until the page's key element is drawn, Streamlit has finished the run (no status
    widget, no skeletons) and every plotly chart has its SVG."""
    tab.wait_for_selector(ready, timeout=timeout)
    tab.wait_for_function(
        """() => {
            const busy = document.querySelector('[data-testid="stStatusWidget"]')
                || document.querySelector('[data-testid="stSkeleton"]')
                || [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                     .some(chart => !chart.querySelector('.main-svg'));
            const quiet = window.__quietSince || 0;
            if (busy) { window.__quietSince = 0; return false; }
            if (!quiet) { window.__quietSince = Date.now(); return false; }
            return Date.now() - quiet > 750;
        }""",
        timeout=timeout,
        polling=100,
    )


@pytest.mark.parametrize("name", BOARD_PAGES)
def test_board_page_draws_without_error(name, app_url, page):
    path, heading, ready = BOARD_PAGES[name]
    page.goto(f"{app_url}/{path}")
    wait_until_drawn(page, ready)
    page.get_by_role("heading", name=heading).first.wait_for(timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0
    screenshot(page, f"board_{name}")
