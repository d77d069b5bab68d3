"""The scale benchmark's growth rows compare neighbouring scales."""

from bench.bench_scale import _growth
from bench.synthetic import Scale


def test_growth_is_the_ratio_between_neighbouring_scales() -> None:
    names = ("portfolio cold", "as-of portfolio", "initiative page data", "import CSV")
    small = {**dict.fromkeys(names, 1.0), "points": 0.1}
    big = {**dict.fromkeys(names, 5.0), "points": 1.0}
    rows = _growth([small, big], (Scale(10, 100, 5), Scale(100, 1000, 5)))
    assert [r.median for r in rows] == [5.0] * 4
    assert rows[0].name == "growth of portfolio cold (data ×10.0)"
    assert rows[0].size == "100 → 1,000 measures"
