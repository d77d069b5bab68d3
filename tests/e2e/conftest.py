"""Browser fixtures: the app served on 127.0.0.1 as `make run` serves it; Debian's chromium."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.server import served
from tests.conftest import TODAY

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
PAGES = {
    "overview": "",
    "exceptions": "exceptions",
    "initiative": "initiative?initiative=UEC-01",
    "initiative_goals": "initiative?initiative=UEC-01&tab=Goals",
    "initiative_measures": "initiative?initiative=UEC-01&tab=Measures",
    "initiative_milestones": "initiative?initiative=UEC-01&tab=Milestones",
    "initiative_check_ins": "initiative?initiative=UEC-01&tab=Check-ins",
    "measure": "measure?measure=DIS-01-M5",
    "milestones": "milestones",
    "risks": "risks",
    "benefits": "benefits",
    "my_updates": "my_updates",
    "update": "update",
    "import_data": "import_data",
    "audit": "audit",
    "board_pack": "board_pack",
    "glossary": "glossary",
    "setup": "setup?initiative=UEC-01",
    "setup_measures": "setup_measures?measure=UEC-01-M1",
    "setup_goals": "setup_goals?goal=UEC-01-G1",
    "setup_workbook": "setup_workbook",
    "people": "people",
    "setup_method": "setup_method?initiative=UEC-01",
    "initiative_diagram": "initiative?initiative=UEC-01&tab=Driver+diagram",
    "initiative_pdsa": "initiative?initiative=UEC-01&tab=PDSA+cycles",
}
"""Every page of the app and each tab of the initiative page, by the address a visitor opens
it with (set-up pages with an item chosen, so their whole form shows)."""

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def app_url(sample_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve the app as `make run` does, on the sample programme (its own copy); yield its URL."""
    db = tmp_path_factory.mktemp("e2e") / "e2e.duckdb"
    db.write_bytes(sample_file.read_bytes())
    with served(db, TODAY) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: run `make test`, which installs it.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    tab = context.new_page()
    yield tab
    context.close()


def screenshot(tab, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/screenshots and return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    tab.screenshot(path=str(path), full_page=True)
    return path


def pytest_terminal_summary(terminalreporter) -> None:
    """Name the folders of screenshots and printouts this run saved."""
    from tests.e2e.layout import SAVED  # a plain module: pytest may load conftest twice

    for line in SAVED:
        terminalreporter.write_line(line)
