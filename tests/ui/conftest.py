"""AppTest fixtures: the real app.py on a real copy of the sample database."""

import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from bench.server import free_port

ROOT = Path(__file__).resolve().parents[2]

SIGNED_IN = {"is_logged_in": True, "email": "Carol.Jones@Example.org", "name": "Carol Jones"}
SIGNED_OUT = {"is_logged_in": False}


class _Metadata(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"issuer": "http://127.0.0.1"}')

    def log_message(self, *args) -> None:
        """Quiet: the test's output is the test's."""


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """A sign-in service that answers its OpenID configuration address; yield that address."""
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), _Metadata)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/.well-known/openid-configuration"
    server.shutdown()


def auth(metadata_url: str) -> dict[str, object]:
    """Return secrets with an [auth] section for a sign-in service at `metadata_url`."""
    return {
        "auth": {
            "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
            "cookie_secret": "a-test-secret-that-is-long-enough-123456",
            "client_id": "tracker",
            "client_secret": "tracker-secret",
            "server_metadata_url": metadata_url,
        }
    }


@pytest.fixture(autouse=True)
def main_module_put_back() -> Iterator[None]:
    """Put the test process's own __main__ module back after each test.

    AppTest runs a page as __main__ and leaves it in sys.modules; a process a later test of
    the same worker starts with multiprocessing's spawn would then run that page first (and
    fail, never reaching its function): the stopped-server import test waited 120 s for a
    feed that had died so.
    """
    main = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main


@pytest.fixture(scope="session", autouse=True)
def components_scanned_once():
    """Scan the installed packages for Streamlit components once per run, not per AppTest.

    Each new AppTest scans every installed package's metadata for components (0.1 s of the
    0.3 s an AppTest takes); the packages cannot change during a run, so the first scan's
    answer is the answer every later scan would give.
    """
    from streamlit.components.v2 import manifest_scanner

    found = manifest_scanner.scan_component_manifests()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(manifest_scanner, "scan_component_manifests", lambda **_: list(found))
        yield


@pytest.fixture
def app(sample_db_path, monkeypatch):
    """Return a function that runs app.py on a page, with query parameters, against the sample."""
    monkeypatch.setenv("TRACKER_DB", str(sample_db_path))
    monkeypatch.chdir(ROOT)

    def run(
        page: str = "overview",
        *,
        user: dict[str, object] | None = None,
        secrets: dict[str, object] | None = None,
        **params: str,
    ) -> AppTest:
        """`user` is what st.user holds (sign-in), `secrets` the app's secrets (its [auth])."""
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        if user is not None:
            at.user = user
        if secrets is not None:
            at.secrets = secrets
        at.switch_page(f"tracker/ui/pages/{page}.py")
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        assert not at.exception, [e.message for e in at.exception]
        return at

    yield run
    from tracker.ui.cache import database

    database.clear()
