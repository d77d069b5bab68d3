"""The command line starts light: `tracker --help` and light commands import only what they need."""

import importlib
import inspect
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import tracker.cli
from tracker.cli import app
from tracker.cli.app import COMMANDS

HEAVY = ("pandas", "plotly", "streamlit", "openpyxl", "reportlab", "pptx", "kaleido")
"""Libraries that each take a large share of a second to import; --help needs none of them."""

REPORTING = ("plotly", "streamlit", "openpyxl", "reportlab", "pptx", "kaleido")
"""Libraries for charts, the web app, workbooks and board packs: `due` and `export` need none."""

# Runs the command line as `tracker ARGS...` does, then prints the names of the modules it loaded.
PROBE = """
import json, sys
from tracker.cli import app
try:
    app(sys.argv[1:])
except SystemExit as stop:
    assert not stop.code, stop.code
print(json.dumps(sorted(sys.modules)))
"""


def loaded_modules(*args: str) -> set[str]:
    """Return the modules loaded by `tracker ARGS` in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_help_lists_every_command_without_loading_heavy_libraries():
    found = loaded_modules("--help")
    assert [m for m in HEAVY if m in found] == []
    ours = {m for m in found if m.startswith("tracker.")}
    assert ours == {"tracker.cli", "tracker.cli.app", "tracker.errors"}


def test_help_output_names_every_command():
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0, result.output
    listed = result.output.split("Commands:")[1]
    for name in COMMANDS:
        assert f"\n  {name} " in listed, name


def test_due_loads_no_reporting_library(sample_db_path: Path):
    found = loaded_modules("due", "--db", str(sample_db_path))
    assert "pandas" in found  # the probe really ran the command, which works on tables
    assert [m for m in REPORTING if m in found] == []


def test_csv_export_loads_no_reporting_library(sample_db_path: Path, tmp_path: Path):
    found = loaded_modules("export", str(tmp_path / "out"), "--db", str(sample_db_path))
    assert (tmp_path / "out" / "measures.csv").exists()
    assert [m for m in REPORTING if m in found] == []


def _all_registered() -> dict[str, typer.models.CommandInfo]:
    for module in pkgutil.iter_modules(tracker.cli.__path__):
        importlib.import_module(f"tracker.cli.{module.name}")
    return {c.name or c.callback.__name__: c for c in app.registered_commands}


def test_every_command_is_listed_with_its_module():
    registered = _all_registered()
    assert set(registered) == set(COMMANDS)
    for name, command in registered.items():
        assert command.callback.__module__ == COMMANDS[name].module, name


@pytest.mark.parametrize("name", list(COMMANDS))
def test_listed_summary_is_the_first_paragraph_of_the_docstring(name: str):
    doc = inspect.getdoc(_all_registered()[name].callback)
    first = " ".join(doc.split("\n\n")[0].split())
    assert COMMANDS[name].summary == first


def test_a_mistyped_command_is_refused_with_the_nearest_name():
    result = CliRunner().invoke(app, ["improt"])
    assert result.exit_code != 0
    assert "Did you mean 'import'?" in result.output
