"""Command-line start-up: whole-process time of `tracker --help` beside that of importing typer."""

import subprocess
import sys
from pathlib import Path

from bench.harness import Result, median_seconds

TARGET_HELP = 0.3
"""Seconds for `tracker --help`, start to exit (issue 16): a person waits for it at a prompt."""

TRACKER = Path(sys.executable).parent / "tracker"
"""The `tracker` command installed beside this Python (the virtual environment's)."""


def _process(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True)


def run(tiny: bool) -> list[Result]:
    """Time `tracker --help` and `python -c "import typer"` as whole processes (tiny: one run)."""
    runs = 1 if tiny else 10
    helped = median_seconds(lambda: _process(str(TRACKER), "--help"), runs=runs)
    floor = median_seconds(lambda: _process(sys.executable, "-c", "import typer"), runs=runs)
    return [
        Result("tracker --help (whole process)", f"{runs} run(s)", helped, TARGET_HELP),
        Result('python -c "import typer" (the floor)', f"{runs} run(s)", floor, None),
    ]
