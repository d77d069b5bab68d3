"""In Chromium, hostile user text draws as text: no image, link, bold, colour or LaTeX from it."""

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from bench.server import served
from tests.conftest import TODAY
from tests.e2e.test_board_pages import wait_until_drawn
from tests.hostile_text import write_hostile

pytestmark = pytest.mark.browser

HOST = "evil.example"
PAGES = [
    "initiative?initiative=UEC-01",
    "initiative?initiative=UEC-01&tab=Check-ins",
    "measure?measure=UEC-01-M1",
    "exceptions",
    f"?as_at=[Sign in again](http://{HOST}/login)",
]


@pytest.fixture(scope="module")
def hostile_url(sample_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve the sample after UEC-01 was given hostile text (its own copy)."""
    db = tmp_path_factory.mktemp("hostile") / "hostile.duckdb"
    db.write_bytes(sample_file.read_bytes())
    write_hostile(db)
    with served(db, TODAY) as url:
        yield url


@pytest.mark.parametrize("path", PAGES)
def test_hostile_text_draws_as_text(path, hostile_url, page):
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(f"{hostile_url}/{path}")
    wait_until_drawn(page, "h1")
    main = page.locator('[data-testid="stMain"]')
    # [*|href] also matches xlink:href, which plotly uses for a link in a chart's SVG.
    assert main.locator(f'[*|href*="{HOST}"], [src*="{HOST}"]').count() == 0
    assert main.locator(".katex, .stMarkdownColoredText, strong:has-text('All green')").count() == 0
    assert [url for url in asked if urlparse(url).hostname == HOST] == []
    shown = main.inner_text().replace("\u2060", "")
    assert f"](http://{HOST}" in shown  # the link or image is there, as the characters typed
