"""Sign-in with a real OIDC provider in Chromium: signed out only the sign-in and public pages
open; sign in, save a check-in, find it in the audit log under the email, sign out."""

import re

import pytest

from bench.server import served
from tests.conftest import TODAY
from tests.e2e.conftest import screenshot
from tests.e2e.test_board_pages import wait_until_drawn

pytestmark = pytest.mark.browser
pytest_plugins = ["tests.e2e.signin_fixtures"]

SCREEN = {"width": 1280, "height": 720}
"""A laptop's screen: the size the screenshots are looked at in."""

WORD_JOINER = "\u2060"


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport=SCREEN)
    page = context.new_page()
    yield page
    context.close()


def heading(tab) -> str:
    return tab.locator("h1").first.inner_text().strip()


def sign_in(tab, url: str, sub: str) -> None:
    """Sign in through the provider's form as the person `sub`, back to the app's overview."""
    tab.goto(url)
    wait_until_drawn(tab, "h1")
    tab.get_by_role("button", name="Sign in").click()
    tab.get_by_role("button", name=sub, exact=True).click()
    tab.wait_for_url(re.compile(r"^http://127\.0\.0\.1:\d+/?$"), timeout=60_000)
    wait_until_drawn(tab, "h1")


DATA = '[data-testid="stTable"], [data-testid="stDataFrame"], [data-testid="stMetric"]'
"""Where a page shows programme data."""


def test_signed_out_only_the_sign_in_page_opens(tab, signin_url):
    tab.goto(signin_url)
    wait_until_drawn(tab, "h1")
    assert heading(tab) == "Sign in"
    assert tab.get_by_role("button", name="Sign in").count() == 1
    assert tab.locator(DATA).count() == 0
    screenshot(tab, "signin_signed_out")
    for path in ("audit", "update?initiative=ELE-02", "setup", "board_pack"):
        tab.goto(f"{signin_url}/{path}")
        wait_until_drawn(tab, "h1")
        assert heading(tab) == "Sign in", path
        assert tab.locator(DATA).count() == 0, path


def test_sign_in_save_a_check_in_find_it_audited_under_the_email_then_sign_out(
    tab, signin_url, editor
):
    sign_in(tab, signin_url, editor["sub"])
    email, edited = editor["email"], editor["initiative"]
    sidebar = tab.locator('[data-testid="stSidebar"]')
    assert f"Signed in as {email}" in sidebar.inner_text().replace(WORD_JOINER, "")
    assert heading(tab) != "Sign in"
    # Who is signed in and Sign out are under the page list: the screenshot shows them.
    sidebar.get_by_role("button", name="Sign out").scroll_into_view_if_needed()
    screenshot(tab, "signin_signed_in")

    tab.goto(f"{signin_url}/update?initiative={edited}")
    wait_until_drawn(tab, "h1")
    tab.get_by_text("Amber", exact=False).first.click()
    tab.get_by_label("Progress", exact=True).fill("Signed-in check-in from the browser test.")
    tab.get_by_role("button", name="Save update").click()
    wait_until_drawn(tab, '[data-testid="stAlertContentSuccess"]')

    tab.goto(f"{signin_url}/audit")
    wait_until_drawn(tab, '[data-testid="stTable"]')
    first = tab.locator('[data-testid="stTable"] tbody tr').first.inner_text()
    assert email in first.replace(WORD_JOINER, "")
    assert edited in first

    tab.get_by_role("button", name="Sign out").click()
    # The provider may ask to end its session too; then it sends the browser back.
    end = tab.get_by_role("button", name="End session")
    signed_out = tab.get_by_role("heading", name="Sign in", level=1)
    end.or_(signed_out).first.wait_for(timeout=60_000)
    if end.is_visible():
        end.click()
    signed_out.wait_for(timeout=60_000)
    tab.goto(f"{signin_url}/audit")
    wait_until_drawn(tab, "h1")
    assert heading(tab) == "Sign in"


def test_the_public_page_shows_the_public_pack_without_sign_in(tab, signin_url):
    tab.goto(signin_url)
    wait_until_drawn(tab, "h1")
    tab.get_by_role("link", name="Board packs published for the public").click()
    tab.wait_for_function(
        "() => document.querySelector('h1')?.innerText.trim() === 'Public board packs'",
        timeout=60_000,
    )
    wait_until_drawn(tab, "h2")
    assert tab.get_by_role("heading", name="Summary").count() == 1
    # The pack's sections draw one after another: its PDF button comes last.
    build = tab.get_by_role("button", name="Build PDF")
    build.wait_for()
    assert build.count() == 1
    screenshot(tab, "signin_public_packs")


PROXIED = "dana.proxied@example.org"
"""Whom the sign-in proxy names in its header."""


@pytest.fixture(scope="module")
def proxied_url(sample_file, tmp_path_factory):
    """Serve the app on its own copy of the sample, trusting X-Remote-User, on 127.0.0.1 as
    `tracker serve` insists in this mode."""
    db = tmp_path_factory.mktemp("proxied") / "proxied.duckdb"
    db.write_bytes(sample_file.read_bytes())
    trusted = {"TRACKER_TRUSTED_HEADER": "X-Remote-User"}
    with served(db, TODAY, options=(), env=trusted) as url:
        yield url


def test_a_trusted_proxy_header_names_the_person_and_its_absence_names_nobody(browser, proxied_url):
    # As a sign-in proxy in front would: the header on every request, the websocket's too.
    context = browser.new_context(viewport=SCREEN, extra_http_headers={"X-Remote-User": PROXIED})
    tab = context.new_page()
    tab.goto(proxied_url)
    wait_until_drawn(tab, "h1")
    sidebar = tab.locator('[data-testid="stSidebar"]').inner_text().replace(WORD_JOINER, "")
    assert f"Signed in as {PROXIED}" in sidebar
    context.close()

    context = browser.new_context(viewport=SCREEN)
    tab = context.new_page()
    tab.goto(f"{proxied_url}/audit")
    wait_until_drawn(tab, "h1")
    assert heading(tab) == "Sign in"
    assert "did not say who you are" in tab.locator("main").inner_text()
    assert tab.locator(DATA).count() == 0
    context.close()
