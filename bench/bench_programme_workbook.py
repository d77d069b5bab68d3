"""Programme workbook load at ICS scale: 100 initiatives and 10,000 measures, made by the
workbook writer from the synthetic portfolio and loaded (`tracker load`) into an empty database."""

import tempfile
import time
from pathlib import Path

from bench.harness import Result
from bench.synthetic import Scale, data_points
from bench.synthetic_models import plan
from tracker.models import Goal, Initiative, Measure, Programme
from tracker.store import Database
from tracker.workbook import WorkbookContent, programme, workbook_bytes

FULL = Scale(100, 10_000, 1)
"""Issue 15's programme workbook: 100 initiatives, 10,000 measures (a year of history behind
their targets, goals and milestones)."""
TINY = Scale(2, 6, 1)
LATEST_POINTS = 3
"""Each measure's last three values are in the DataPoints sheet, as a monthly update sends
them (the full history goes by CSV import, timed on its own)."""
TARGET_LOAD = 5.0
"""Seconds to read, check and load the workbook (issue 15; 24.5 s before the write engine)."""
RUNS = 3


def content(scale: Scale) -> WorkbookContent:
    """Return the portfolio's set-up (every sheet) and its measures' latest values."""
    p = plan(scale)

    def of(kind: type) -> tuple:
        return tuple(e for e in p.entities if type(e) is kind)

    points = data_points(p.series, scale.today, scale.seed)
    latest = points.sort_values(["measure", "period"]).groupby("measure").tail(LATEST_POINTS)
    entities = {
        "Programme": of(Programme),
        "Initiatives": of(Initiative),
        "Measures": of(Measure),
        "Goals": of(Goal),
        "Targets": tuple(p.targets),
        "Milestones": tuple(p.milestones),
        "Annotations": tuple(p.annotations),
    }
    return WorkbookContent(entities, latest.reset_index(drop=True))


def _load_once(data: bytes, scale: Scale, folder: Path, run: int) -> float:
    """Return the seconds taken to check and load the workbook into a new, empty database."""
    with Database(folder / f"load{run}.duckdb") as db:
        start = time.perf_counter()
        result = programme.load(db, data, "bench", scale.today, source="ics.xlsx")
        seconds = time.perf_counter() - start
    assert result.points.added > 0 and not result.dry_run, result.points
    return seconds


def run(tiny: bool) -> list[Result]:
    """Time writing the programme workbook and loading it (median of three; tiny: once)."""
    scale, runs = (TINY, 1) if tiny else (FULL, RUNS)
    made = content(scale)
    size = f"{scale.initiatives} initiatives, {scale.measures:,} measures"
    start = time.perf_counter()
    data = workbook_bytes(made)
    written = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as folder:
        loads = sorted(_load_once(data, scale, Path(folder), k) for k in range(runs))
    return [
        Result("programme workbook: write it (.xlsx)", size, written, None),
        Result("programme workbook: read, check and load it (tracker load)", size,
               loads[len(loads) // 2], None if tiny else TARGET_LOAD),
    ]  # fmt: skip
