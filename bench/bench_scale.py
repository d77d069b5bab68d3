"""Scale benchmarks: an integrated care system's portfolio at 1/100, 1/10 and full size.

Full size is 1,000 initiatives, 10,000 measures and five years of weekly and monthly data
(about a million data points), generated once into bench/out/ by bench.generate and reused.
"Cold" runs open a fresh connection and compute from the database; "cached" runs call the
app's own cache (tracker.ui.cache, Streamlit's cache_resource in bare mode, keyed on the
database's write counter), so they time the counter read and the cache hit the app does on
every page view.
"""

import json
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from bench import generate, import_worker
from bench.generate import Scale
from bench.harness import Result
from tracker import reports
from tracker.store import Database, queries

OUT = Path(__file__).resolve().parent / "out"
ROOT = Path(__file__).resolve().parents[1]
FULL = Scale(1000, 10_000, 5)
SCALES = (Scale(10, 100, 5), Scale(100, 1000, 5), FULL)
"""1/100, 1/10 and the full scale: the same figures at each show how cost grows with data."""
TINY = Scale(2, 6, 1)

TARGET_COLD = 0.5
"""Issue 15: the overview's figures for 10,000 measures in half a second, cold."""
TARGET_CACHED = 0.2
TARGET_INITIATIVE = 0.05
"""Issue 15: one initiative's page data in 50 ms at any portfolio size."""
TARGET_AS_OF = 2.0
TARGET_IMPORT = 20.0
TARGET_IMPORT_MB = 2048.0
RUNS = 5
IMPORT_RUNS = 3
INITIATIVES_TIMED = 5
"""Initiatives opened per scale, spread over the portfolio (first, last and between)."""
MB = 1024 * 1024


def _points(meta: dict) -> str:
    n = int(meta["current_points"])
    return f"{n / 1e6:.2f}M" if n >= 1e6 else f"{n / 1e3:.0f}k"


def _size(scale: Scale, meta: dict) -> str:
    return f"{scale.measures:,} measures, {_points(meta)} points"


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _cold(path: Path, fn: Callable[[Database], object], runs: int) -> float:
    """Return the median time of `fn` on a freshly opened database (nothing cached)."""
    times = []
    for _ in range(runs):
        with Database(path) as db:
            times.append(_timed(lambda db=db: fn(db)))
    return statistics.median(times)


@contextmanager
def _app_cache(path: Path) -> Iterator[object]:
    """Yield tracker.ui.cache serving `path` as the app would, Streamlit in bare mode."""
    saved = {name: os.environ.get(name) for name in ("TRACKER_DB", "TRACKER_TODAY")}
    os.environ["TRACKER_DB"] = str(path)
    os.environ["TRACKER_TODAY"] = generate.TODAY.isoformat()
    from tracker.ui import cache  # imported here: only this benchmark needs Streamlit

    for name in ("scriptrunner_utils.script_run_context", "state.session_state_proxy"):
        # Bare mode (no `streamlit run`) warns on every call; the warnings say nothing here.
        logging.getLogger(f"streamlit.runtime.{name}").setLevel(logging.ERROR)
    try:
        yield cache
    finally:
        cache.database().close()
        cache.database.clear()
        cache.clear()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _cached(path: Path, runs: int) -> float:
    """Return the median time of the app's cached portfolio call (counter read + cache hit)."""
    with _app_cache(path) as cache:
        cache.portfolio()  # the first call computes and fills the cache
        times = [_timed(cache.portfolio) for _ in range(runs * 4)]
    return statistics.median(times)


def _initiatives(path: Path, count: int) -> float:
    """Return the median time to read one initiative's page data, over `count` initiatives."""
    with Database(path) as db:
        codes = queries.initiatives(db)["code"]
        picks = codes.iloc[[round(k * (len(codes) - 1) / max(count - 1, 1)) for k in range(count)]]
        times = [_timed(lambda c=c: reports.initiative_data(db, c, generate.TODAY)) for c in picks]
    return statistics.median(times)


def _import_inputs(scale: Scale, folder: Path) -> tuple[Path, Path]:
    """Return (database with the portfolio's measures but no data, CSV of all its points)."""
    template, csv = folder / f"import-{scale.name}.duckdb", folder / f"import-{scale.name}.csv"
    meta = generate.meta_path(template)
    if template.exists() and csv.exists() and meta.exists():
        if json.loads(meta.read_text("utf-8")) == scale.key():
            return template, csv
    for old in (template, template.with_name(template.name + ".wal"), csv):
        old.unlink(missing_ok=True)
    plan = generate.plan(scale)
    with Database(template) as db:
        generate.write_entities(db, plan)
    points = generate.data_points(plan.series, scale.today, scale.seed)
    points.to_csv(
        csv, index=False, columns=["measure", "period", "value", "missing_reason", "note"]
    )
    meta.write_text(json.dumps(scale.key()), "utf-8")
    return template, csv


def _import_once(target: Path, csv: Path, today: date, in_process: bool) -> dict:
    """Return one import's figures: in a fresh process (so its memory is its own) or, for the
    tiny test run, in this one (the test checks that it runs, not what it costs)."""
    if in_process:
        return import_worker.main(target, csv, today)
    done = subprocess.run(
        [sys.executable, "-m", "bench.import_worker", str(target), str(csv), today.isoformat()],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def _import(scale: Scale, folder: Path, runs: int, in_process: bool) -> tuple[float, float, dict]:
    """Return the median import time, the largest peak memory (MB) and the last run's figures."""
    template, csv = _import_inputs(scale, folder)
    times, peaks, last = [], [], {}
    for _ in range(runs):
        target = folder / f"import-run-{scale.name}.duckdb"
        shutil.copyfile(template, target)
        try:
            last = _import_once(target, csv, scale.today, in_process)
        finally:
            target.unlink(missing_ok=True)
            target.with_name(target.name + ".wal").unlink(missing_ok=True)
        times.append(last["seconds"])
        peaks.append(last["peak_mb"])
    return statistics.median(times), max(peaks), last


def _measure(
    scale: Scale, folder: Path, runs: int, import_runs: int, tiny: bool
) -> tuple[list, dict]:
    """Return this scale's result rows and its figures by name (for the growth rows)."""
    path = folder / f"portfolio-{scale.name}.duckdb"
    meta = generate.ensure(scale, path)
    size = _size(scale, meta)
    as_of = generate.as_of(meta)
    today = generate.TODAY
    figures = {
        "portfolio cold": _cold(path, lambda db: reports.portfolio(db, today), runs),
        "portfolio cached": _cached(path, runs),
        "initiative page data": _initiatives(path, INITIATIVES_TIMED if runs > 1 else 1),
        "as-of portfolio": _cold(path, lambda db: reports.portfolio(db, today, as_of), runs),
    }
    seconds, peak, last = _import(scale, folder, import_runs, in_process=tiny)
    figures["import CSV"] = seconds
    with Database(path) as db:
        used, _ = queries.storage_bytes(db)
    megabytes = path.stat().st_size / MB
    points = int(meta["current_points"]) / 1e6
    found = [
        (f"generate portfolio, bulk write path ({scale.initiatives:,} initiatives)",
         meta["seconds"], None, "s"),
        ("SPC + overview figures from the database, cold", figures["portfolio cold"],
         TARGET_COLD, "s"),
        ("SPC + overview figures, cached (counter + hit)", figures["portfolio cached"],
         TARGET_CACHED, "s"),
        ("one initiative's page data (initiative_data)", figures["initiative page data"],
         TARGET_INITIATIVE, "s"),
        ("as-of portfolio before the corrections, cold", figures["as-of portfolio"],
         TARGET_AS_OF, "s"),
        (f"import CSV, validated (parse {last['parse_seconds']:.1f}s + write "
         f"{last['write_seconds']:.1f}s)", seconds, TARGET_IMPORT, "s"),
        ("import CSV: peak memory of the importing process", peak, TARGET_IMPORT_MB, "MB"),
        (f"database file ({meta['rows']['data_point']:,} point rows, all versions)",
         megabytes, None, "MB"),
        ("  of which in use (the rest: free blocks DuckDB reuses)", used / MB, None, "MB"),
        ("database file per million current data points", megabytes / points, None, "MB"),
    ]  # fmt: skip
    rows = [Result(name, size, value, target, unit) for name, value, target, unit in found]
    return rows, {**figures, "points": points}


def _growth(figures: list[dict], scales: tuple[Scale, ...]) -> list[Result]:
    """Return, per figure, its ratio between neighbouring scales (data grows ten times)."""
    rows = []
    for small, big, s_small, s_big in zip(figures, figures[1:], scales, scales[1:], strict=False):
        data = big["points"] / small["points"]
        for name in ("portfolio cold", "as-of portfolio", "initiative page data", "import CSV"):
            rows.append(
                Result(
                    f"growth of {name} (data ×{data:.1f})",
                    f"{s_small.measures:,} → {s_big.measures:,} measures",
                    big[name] / small[name],
                    None,
                    unit="x",
                )
            )
    return rows


def run(tiny: bool) -> list[Result]:
    """Measure every scale (generating missing portfolios) and the growth between them."""
    scales = (TINY,) if tiny else SCALES
    runs, import_runs = (1, 1) if tiny else (RUNS, IMPORT_RUNS)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) if tiny else OUT
        folder.mkdir(parents=True, exist_ok=True)
        rows = [
            Result(
                "machine load (1-minute average) at start",
                f"{os.cpu_count()} cores",
                os.getloadavg()[0],
                None,
                unit="",
            )
        ]
        figures = []
        for scale in scales:
            print(f"  scale {scale.name} …", file=sys.stderr, flush=True)
            found, numbers = _measure(scale, folder, runs, import_runs, tiny)
            rows += found
            figures.append(numbers)
        return rows + _growth(figures, scales)


if __name__ == "__main__":
    from bench.harness import format_table

    print(format_table(run(tiny="--tiny" in sys.argv)))
