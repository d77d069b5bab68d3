"""Anhøj run-chart rules: exact binomial quantile, medians, runs and crossings."""

import math

import numpy as np
import pandas as pd
import pytest

from tracker.runcharts import (
    RUN_COLUMNS,
    analyse_runs,
    crossings_min,
    group_medians,
    longest_run_max,
    qbinom_05_half,
)


def _qbinom_float(size: int) -> int:
    """Slow float reference: the least k whose binomial CDF reaches 0.05."""
    total = 0.0
    for k in range(size + 1):
        total += math.comb(size, k) / 2**size
        if total >= 0.05:
            return k
    return size


@pytest.mark.parametrize("size", [0, 1, 2, 5, 9, 10, 11, 29, 59, 99, 150])
def test_qbinom_matches_float_reference(size: int) -> None:
    assert qbinom_05_half(size) == _qbinom_float(size)


def test_qbinom_beyond_the_table() -> None:
    # normal approximation check for a large n: mean n/2, sd sqrt(n)/2, z(0.05) = -1.645
    n = 4000
    k = qbinom_05_half(n)
    assert abs(k - (n / 2 - 1.6449 * math.sqrt(n) / 2)) < 2
    assert crossings_min(10) == 2 and crossings_min(100) == 41
    assert longest_run_max(10) == 6 and longest_run_max(100) == 10
    with pytest.raises(ValueError):
        qbinom_05_half(-1)


def _points(values, sid="a"):
    return pd.DataFrame(
        {
            "series_id": sid,
            "period": pd.date_range("2024-01-01", periods=len(values)),
            "value": values,
        }
    )


def test_points_on_median_are_ignored_not_breaking() -> None:
    values = [1, 1, 1, 5, 3, 3, 3, 3, 3, 5, 5, 5, 9]
    stats = analyse_runs(_points(values)).iloc[0]
    assert list(analyse_runs(_points(values)).columns) == RUN_COLUMNS
    assert stats["median"] == 3.0
    assert stats["n_obs"] == 13 and stats["n_useful"] == 8
    # sides without the 3s: - - - + + + + + → 2 runs, longest 5, one crossing
    assert stats["longest_run"] == 5
    assert stats["crossings"] == 1
    assert stats["crossings_min"] == crossings_min(8)
    assert bool(stats["signal"]) == (1 < crossings_min(8) or 5 > longest_run_max(8))


def test_long_run_signals() -> None:
    values = [1, 9] * 5 + [10] * 9
    stats = analyse_runs(_points(values)).iloc[0]
    assert stats["longest_run"] > stats["longest_run_max"]
    assert stats["signal"]


def test_alternating_has_no_signal_and_even_median() -> None:
    values = [1.0, 2.0] * 10
    stats = analyse_runs(_points(values)).iloc[0]
    assert stats["median"] == 1.5
    assert stats["crossings"] == 19 and stats["longest_run"] == 1
    assert not stats["signal"]


def test_all_on_median_and_many_series() -> None:
    frame = pd.concat([_points([4.0] * 5, "flat"), _points([1.0, 2.0, 3.0], "b")])
    out = analyse_runs(frame).set_index("series_id")
    assert out.loc["flat", "n_useful"] == 0
    assert np.isnan(out.loc["flat", "crossings_min"]) and not out.loc["flat", "signal"]
    assert out.loc["b", "median"] == 2.0 and out.loc["b", "n_useful"] == 2


def test_baseline_median() -> None:
    values = [1.0, 2.0, 3.0, 10.0, 11.0, 12.0]
    out = analyse_runs(_points(values), pd.Series({"a": 3})).iloc[0]
    assert out["median"] == 2.0


def test_group_medians_both_paths() -> None:
    rng = np.random.default_rng(0)
    codes = np.repeat(np.arange(50), rng.integers(1, 30, 50))
    values = rng.normal(size=len(codes))
    expected = pd.Series(values).groupby(codes).median().to_numpy()
    np.testing.assert_allclose(group_medians(codes, values, 50), expected)
    skew = np.r_[np.zeros(1000, dtype=int), np.arange(1, 400)]
    vals = rng.normal(size=len(skew))
    expected = pd.Series(vals).groupby(skew).median().to_numpy()
    np.testing.assert_allclose(group_medians(skew, vals, 400), expected)
