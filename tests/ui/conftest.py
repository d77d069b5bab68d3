"""AppTest fixtures: the real app.py on a real copy of the sample database."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


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
