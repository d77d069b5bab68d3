"""The scale benchmark runs at a tiny size, and its growth rows compare neighbouring scales."""

from bench.bench_scale import _growth, run
from bench.synthetic import Scale


def test_bench_scale_tiny_measures_every_figure() -> None:
    rows = run(tiny=True)
    timed = [r for r in rows if r.unit == "s"]
    assert len(timed) == 6  # generation, cold, cached, initiative, as-of, import
    assert all(r.median > 0 for r in timed)
    memory = next(r for r in rows if r.name.startswith("import CSV: peak memory"))
    assert memory.median > 50 and memory.target == 2048


def test_growth_is_the_ratio_between_neighbouring_scales() -> None:
    names = ("portfolio cold", "as-of portfolio", "initiative page data", "import CSV")
    small = {**dict.fromkeys(names, 1.0), "points": 0.1}
    big = {**dict.fromkeys(names, 5.0), "points": 1.0}
    rows = _growth([small, big], (Scale(10, 100, 5), Scale(100, 1000, 5)))
    assert [r.median for r in rows] == [5.0] * 4
    assert rows[0].name == "growth of portfolio cold (data ×10.0)"
    assert rows[0].size == "100 → 1,000 measures"
