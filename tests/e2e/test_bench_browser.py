"""The browser benchmark runs at its tiny size: the sample programme's pages are timed as drawn."""

import pytest

from bench.bench_browser import run

pytestmark = pytest.mark.browser


def test_bench_browser_tiny_times_the_overview_and_an_initiative_page() -> None:
    rows = run(tiny=True)
    assert [r.name for r in rows] == [
        "browser: overview, first load after start",
        "browser: overview, new visitor",
        "browser: overview, return visit",
        "browser: initiative page, new visitor",
        "browser: initiative page, return visit",
    ]
    assert all(0 < r.median < 120 and r.size == "sample programme" for r in rows)
