"""Bulk import timings: 100,000 and 1,000,000 data points from CSV beside DuckDB's bare load; a
rejected import changes nothing."""

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from bench import import_worker
from bench.bench_scale import FULL, OUT, ROOT, TINY, _import_inputs
from bench.harness import Result
from tracker import importers
from tracker.errors import ImportRejected, NotFound
from tracker.importers import ImportKind
from tracker.models import Initiative, Measure, Programme
from tracker.periods import Frequency, add_periods
from tracker.store import Database, batches, queries, writes

TODAY = date(2026, 11, 23)
LAST = date(2026, 10, 1)
TARGET_IMPORT = 10.0
"""Seconds for 100,000 data points, read + validated + committed (issue 5)."""
TARGET_MILLION = 5.0
"""Seconds for 1,000,000 data points read, validated, previewed and committed (issue 15)."""
TARGET_MILLION_CHECK = 2.0
"""Seconds of those for reading and validating: the rest is the store's (issue 15)."""
TARGET_MILLION_MB = 1024.0
"""Peak memory of the importing process (issue 15)."""
MILLION_RUNS = 3


def _programme(measures: int) -> list[Programme | Initiative | Measure]:
    """Return a programme of ten initiatives sharing `measures` monthly % measures."""
    items: list[Programme | Initiative | Measure] = [
        Programme(code="BENCH", name="Import benchmark", sro="Sam Owner")
    ]
    for i in range(10):
        items.append(
            Initiative(
                code=f"INI-{i:02d}",
                programme="BENCH",
                name=f"Initiative {i}",
                aim="Benchmark",
                lead="Lee Lead",
                sponsor="Dana Director",
                theme="Theme",
                organisation="Trust",
                start_date=date(2010, 1, 1),
                planned_end=date(2030, 3, 31),
            )
        )
    for m in range(measures):
        items.append(
            Measure(
                code=f"INI-{m % 10:02d}-M{m:04d}",
                initiative=f"INI-{m % 10:02d}",
                name=f"Measure {m}",
                definition="Benchmark measure",
                type="process",
                unit="%",
                direction="increase",
                frequency="monthly",
                data_source="Bench",
                owner="Ana Analyst",
            )
        )
    return items


def make_csv(measures: int, months: int, bad_last_row: bool = False, seed: int = 5) -> bytes:
    """Return a CSV of measures × months data points (the last `months` months to October 2026)."""
    rng = np.random.default_rng(seed)
    codes = np.array([f"INI-{m % 10:02d}-M{m:04d}" for m in range(measures)])
    periods = np.array(
        [add_periods(LAST, Frequency.monthly, -k).isoformat() for k in range(months)][::-1]
    )
    values = rng.uniform(40, 95, measures * months).round(1).astype(str)
    if bad_last_row:
        values[-1] = "N/A"
    frame = pd.DataFrame(
        {"measure": np.repeat(codes, months), "period": np.tile(periods, measures), "value": values}
    )
    return frame.to_csv(index=False, lineterminator="\n").encode()


def _base(folder: Path, measures: int) -> Path:
    path = folder / "base.duckdb"
    with Database(path) as db:
        writes.save_entities(db, _programme(measures), "bench.setup")
    return path


def _fresh(base: Path, folder: Path, n: int) -> Path:
    path = folder / f"run{n}.duckdb"
    shutil.copy(base, path)
    return path


def _context(db: Database) -> importers.Context:
    return importers.Context(
        measures=queries.measures(db), initiatives=queries.initiatives(db), today=TODAY
    )


def _exports_equal(before: dict[str, pd.DataFrame], after: dict[str, pd.DataFrame]) -> None:
    assert before.keys() == after.keys()
    for name, frame in before.items():
        pd.testing.assert_frame_equal(frame, after[name], obj=name)


def _worker(args: list[str], in_process: bool) -> dict:
    """Return one import_worker run's figures: in a fresh process, so that its peak memory is
    its own, or in this one for the tiny test run (which checks that it runs, not its cost)."""
    if in_process:
        path, csv = Path(args[0]), Path(args[1])
        if "--bare" in args:
            return import_worker.bare(path, csv)
        return import_worker.main(path, csv, date.fromisoformat(args[2]))
    done = subprocess.run(
        [sys.executable, "-m", "bench.import_worker", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def _million(tiny: bool) -> list[Result]:
    """Time the app's import of the full portfolio's CSV (about a million points) and DuckDB's
    bare read_csv + INSERT of the same file, each on a fresh copy of the portfolio's measures."""
    scale, runs = (TINY, 1) if tiny else (FULL, MILLION_RUNS)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) if tiny else OUT
        folder.mkdir(parents=True, exist_ok=True)
        template, csv = _import_inputs(scale, folder)
        ours, floor = [], []
        for k in range(runs):
            for args, found in (([scale.today.isoformat()], ours), (["--bare"], floor)):
                target = Path(scratch) / f"run{k}-{len(found)}.duckdb"
                shutil.copyfile(template, target)
                found.append(_worker([str(target), str(csv), *args], tiny))
                target.unlink()
    rows = int(ours[0]["rows"])
    assert rows == floor[0]["rows"], (ours[0], floor[0])

    def median(found: list[dict], key: str) -> float:
        return statistics.median(f[key] for f in found)

    size = f"{rows:,} points"
    whole, bare = median(ours, "seconds"), median(floor, "seconds")
    return [
        Result("import 1M: read + validate (parse_import)", size,
               median(ours, "parse_seconds"), TARGET_MILLION_CHECK),
        Result("import 1M: preview against the values held", size,
               median(ours, "preview_seconds"), None),
        Result("import 1M: commit (batches.commit)", size, median(ours, "write_seconds"), None),
        Result("import 1M: read, validate, preview and commit", size, whole, TARGET_MILLION),
        Result("import 1M: peak memory of the importing process", size,
               max(f["peak_mb"] for f in ours), TARGET_MILLION_MB, "MB"),
        Result("DuckDB alone: read_csv + INSERT of the same file", size, bare, None),
        Result("import 1M ÷ DuckDB alone (the figure to quote)", size, whole / bare, None, "x"),
    ]  # fmt: skip


def run(tiny: bool) -> list[Result]:
    """Time validate + commit of a 100,000-point CSV (tiny: 1,000) on fresh databases, the
    preview and a revert of the batch; check that rejected imports leave the exports equal."""
    measures, months, runs = (10, 20, 1) if tiny else (1_000, 100, 3)
    n = measures * months
    size = f"{n:,} points ({measures:,} × {months})"
    good = make_csv(measures, months)
    bad = make_csv(measures, months, bad_last_row=True)
    imports, previews, reverts = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base = _base(folder, measures)
        for k in range(runs):
            with Database(_fresh(base, folder, k)) as db:
                context = _context(db)
                start = time.perf_counter()
                rows = importers.parse_file(good, "bench.csv", ImportKind.datapoints, context)
                result = batches.commit(db, "datapoints", rows, "bench", "bench.csv")
                imports.append(time.perf_counter() - start)
                assert result.added == n, result
                start = time.perf_counter()
                batches.preview(db, "datapoints", rows)
                previews.append(time.perf_counter() - start)
                start = time.perf_counter()
                # The batch is large, so the revert is confirmed with its name (as a user types).
                batches.revert(db, int(result.batch_id or 0), "bench", confirm="bench.csv")
                reverts.append(time.perf_counter() - start)
        with Database(_fresh(base, folder, runs)) as db:
            before = queries.export_tables(db)
            start = time.perf_counter()
            try:
                importers.parse_file(bad, "bad.csv", ImportKind.datapoints, _context(db))
            except ImportRejected as err:
                assert err.errors[0].row == n + 1, err.errors[0]
            else:
                raise AssertionError("a file whose last value is 'N/A' was accepted")
            rejected = time.perf_counter() - start
            # A file that passes validation but fails while writing (a measure deleted in
            # between) rolls back the whole batch too.
            rows = importers.parse_file(good, "bench.csv", ImportKind.datapoints, _context(db))
            rows.iloc[-1, rows.columns.get_loc("measure")] = "GONE-1"
            try:
                batches.commit(db, "datapoints", rows, "bench", "bench.csv")
            except NotFound:
                pass  # refused, as it should be; the exports below show nothing was written
            else:
                raise AssertionError("a batch naming a deleted measure was committed")
            _exports_equal(before, queries.export_tables(db))
    return [
        Result("import CSV data points: read + validate + commit", size,
               statistics.median(imports), TARGET_IMPORT),
        Result("import preview: classify against current values", size,
               statistics.median(previews), None),
        Result("revert an import batch (new versions, audited)", size,
               statistics.median(reverts), None),
        Result("rejected import (bad last row): refused, exports equal", size, rejected, None),
        *_million(tiny),
    ]  # fmt: skip
