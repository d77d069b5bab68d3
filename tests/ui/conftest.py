"""AppTest fixtures: the real app.py on a real copy of the sample database."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def app(sample_db_path, monkeypatch):
    """Return a function that runs app.py on a page, with query parameters, against the sample."""
    monkeypatch.setenv("TRACKER_DB", str(sample_db_path))
    monkeypatch.chdir(ROOT)

    def run(page: str = "overview", **params: str) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.switch_page(f"tracker/ui/pages/{page}.py")
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        assert not at.exception, [e.message for e in at.exception]
        return at

    yield run
    from tracker.ui.cache import database

    database.clear()
