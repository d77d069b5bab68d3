"""`make bench` at its tiny size runs every benchmark to the end and prints one row per figure.

A smoke run, not a timing: the speed targets are judged by `make bench` itself. It is a browser
check because the browser benchmark drives Chromium.
"""

import pkgutil
from concurrent.futures import ThreadPoolExecutor

import pytest

import bench
from bench import ae_workbook
from bench.__main__ import main

pytestmark = pytest.mark.browser

SIGNATURE_ROWS = {
    "bench_boardpack": "board pack as PowerPoint (native charts)",
    "bench_boardpack_long": "board pack as PowerPoint, every text at its longest",
    "bench_browser": "browser: initiative page, return visit",
    "bench_checkin": "check-in: save values, a milestone and the narrative",
    "bench_cli": "tracker --help (whole process)",
    "bench_import": "rejected import (bad last row): refused, exports equal",
    "bench_qi": "driver diagram, 30 nodes",
    "bench_postgres": "cold overview figures (PostgreSQL)",
    "bench_programme_workbook": "programme workbook: read, check and load it (tracker load)",
    "bench_registers": "Risks page data, cold",
    "bench_scale": "SPC + overview figures from the database, cold",
    "bench_spc": "spc speed-up vs per-series Python reference (target ≥ 20x)",
    "bench_workbook": "workbook: load into an empty database",
}
"""One row each benchmark module prints, to show that it ran."""


def test_every_benchmark_module_has_a_signature_row():
    modules = {i.name for i in pkgutil.iter_modules(bench.__path__) if i.name.startswith("bench_")}
    assert modules == set(SIGNATURE_ROWS)


def test_make_bench_tiny_runs_every_benchmark(capsys):
    # In a thread of its own: the browser benchmark starts Playwright's sync API, which refuses
    # to run in a thread where the other browser tests' Playwright already runs its event loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        results = pool.submit(main, tiny=True).result()
    printed = capsys.readouterr()
    names = [r.name for r in results]
    expected = dict(SIGNATURE_ROWS)
    if ae_workbook.missing_reason() is not None:
        # The workbook benchmark reads the real A&E data beside the repository; without them
        # it prints why and adds no rows.
        del expected["bench_workbook"]
        assert "bench_workbook skipped" in printed.err
        assert not [n for n in names if n.startswith("workbook:")]
    assert set(expected.values()) <= set(names)
    assert all(r.median > 0 for r in results if r.unit == "s")
    table = printed.out.strip().splitlines()
    assert len(table) == 2 + len(results)  # a header, a rule, one line a row
