"""Programme workbook load time on real NHS data: every type-1 A&E trust, 36 months, one transaction."""

import sys
import tempfile
import time
from pathlib import Path

from bench import ae_workbook
from bench.harness import Result
from tracker.store import Database
from tracker.workbook import programme, workbook_bytes

TODAY = ae_workbook.LOADED_ON
"""The day after the data's last month: every period has then ended."""

TINY_TRUSTS = 3
TARGET_LOAD = 5.0
"""Seconds to check and load every type-1 trust (140 trusts, 9,864 data points): issue 15's
target for loading a programme workbook (4.6 s before the write engine, 1.2 s with it)."""


def _load_once(data: bytes, folder: Path, run: int) -> float:
    """Return the seconds taken to check and load the workbook into a new, empty database."""
    with Database(folder / f"load{run}.duckdb") as db:
        start = time.perf_counter()
        programme.load(db, data, "bench", TODAY, source="ae.xlsx")
        return time.perf_counter() - start


def run(tiny: bool) -> list[Result]:
    """Time building, checking and loading the A&E workbook (all trusts; tiny: a few)."""
    reason = ae_workbook.missing_reason()
    if reason is not None:
        print(f"bench_workbook skipped: {reason}", file=sys.stderr)
        return []
    rows = ae_workbook.type1_months(TINY_TRUSTS if tiny else None)
    content = ae_workbook.content(rows)
    size = f"{rows['org_code'].nunique()} trusts, {len(content.points)} points"
    start = time.perf_counter()
    data = workbook_bytes(content)
    written = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as folder:
        with Database(Path(folder) / "check.duckdb") as db:
            start = time.perf_counter()
            programme.check(db, data, TODAY)
            checked = time.perf_counter() - start
        runs = 1 if tiny else 3
        loads = sorted(_load_once(data, Path(folder), i) for i in range(runs))
    return [
        Result("workbook: write the A&E programme (.xlsx)", size, written, None),
        Result("workbook: read and check it (no writes)", size, checked, None),
        Result("workbook: load into an empty database", size, loads[len(loads) // 2],
               None if tiny else TARGET_LOAD),
    ]  # fmt: skip
