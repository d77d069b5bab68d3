"""The package stands alone: its wheel, installed away from the repository, loads the demo and serves."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from bench.server import served
from tests.conftest import TODAY
from tracker.demo import SAMPLE_DIR

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
UV = Path(sys.executable).with_name("uv")
PROGRAMME_MEASURE = "DIS-01-M5"
"""A measure of the sample programme: its page has its code as heading only if the demo loaded."""


ISOLATED = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
"""The environment without anything that would lead Python to the repository's own copy."""


def _run(*command: str | Path, cwd: Path) -> str:
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env={**ISOLATED, "TRACKER_TODAY": str(TODAY)},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Return (the wheel, a new virtual environment outside the repository with it installed).

    uv works offline, from its cache: `make install-test` put every pinned dependency (and
    the build backend) there, so the test needs no network.
    """
    work = tmp_path_factory.mktemp("wheel")
    _run(UV, "build", "--offline", "--quiet", "--out-dir", work / "dist", ROOT, cwd=work)
    (wheel,) = (work / "dist").glob("*.whl")
    venv = work / "venv"
    _run(UV, "venv", "--offline", "--quiet", "--python", sys.executable, venv, cwd=work)
    _run(UV, "pip", "install", "--offline", "--quiet", "--python", venv / "bin" / "python",
         wheel, cwd=work)  # fmt: skip
    return wheel, venv


def test_wheel_holds_the_entry_point_its_pages_settings_and_the_sample(built):
    wheel, _ = built
    names = set(zipfile.ZipFile(wheel).namelist())
    pages = {f"tracker/ui/pages/{p.name}" for p in (ROOT / "tracker/ui/pages").glob("*.py")}
    sample = {f"tracker/sample_data/{p.name}" for p in SAMPLE_DIR.glob("*.csv")}
    # Nine kinds of entity and the data points, the driver diagrams and PDSA cycles, and the
    # risk and benefit registers (benefits and their months).
    assert len(sample) == 15
    assert {
        "tracker/ui/entry/app.py",
        "tracker/ui/entry/.streamlit/config.toml",
        "tracker/ui/page.css",  # the layout and print stylesheet every page applies
    } | pages | sample <= names


def test_installed_tracker_loads_the_demo_and_serves_it(built, page, tmp_path):
    _, venv = built
    where = _run(venv / "bin" / "python", "-c", "import tracker; print(tracker.__file__)",
                 cwd=tmp_path)  # fmt: skip
    assert Path(where.strip()).is_relative_to(venv)  # the installed copy, not the repository's
    db = tmp_path / "demo.duckdb"
    loaded = _run(venv / "bin" / "tracker", "demo", "--db", db, cwd=tmp_path)
    assert "Loaded the sample programme" in loaded
    with served(db, TODAY, tracker=venv / "bin" / "tracker", cwd=tmp_path) as url:
        page.goto(f"{url}/measure?measure={PROGRAMME_MEASURE}")
        page.get_by_role("heading", name=PROGRAMME_MEASURE).first.wait_for(timeout=60_000)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator('[data-testid="stAlertContentError"]').count() == 0
