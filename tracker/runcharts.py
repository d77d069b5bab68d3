"""Anhøj run-chart rules (qicharts2): median, useful n, longest run, crossings, signal."""

from functools import lru_cache

import numpy as np
import pandas as pd

RUN_COLUMNS = [
    "series_id",
    "n_obs",
    "n_useful",
    "median",
    "longest_run",
    "longest_run_max",
    "crossings",
    "crossings_min",
    "signal",
]


@lru_cache(maxsize=4096)
def qbinom_05_half(size: int) -> int:
    """Return R's qbinom(0.05, size, 0.5) exactly: the least k with P(X <= k) >= 0.05.

    Uses integer arithmetic: P(X <= k) >= 1/20  <=>  20 * sum_{j<=k} C(size, j) >= 2**size.
    Equality can never happen (2**size is not a multiple of 5), so no rounding question arises.
    """
    if size < 0:
        raise ValueError("size must be >= 0")
    total = 1 << size
    term = 1
    cumulative = 0
    for k in range(size + 1):
        cumulative += term
        if 20 * cumulative >= total:
            return k
        term = term * (size - k) // (k + 1)
    return size  # pragma: no cover - the loop always returns (cumulative reaches 2**size)


def crossings_min(n_useful: int) -> int:
    """Return the fewest crossings expected for `n_useful` points: qbinom(0.05, n − 1, 0.5)."""
    return qbinom_05_half(n_useful - 1)


def longest_run_max(n_useful: int) -> int:
    """Return the longest run expected for `n_useful` points: round(log2(n)) + 3 (Schilling)."""
    return int(np.round(np.log2(n_useful))) + 3


def group_medians(codes: np.ndarray, values: np.ndarray, n_groups: int) -> np.ndarray:
    """Return the median of `values` per group code (NaN for an empty group).

    Rows must be sorted by code. When the groups are of similar length the values are laid out
    in a padded 2-D array and sorted along rows (fast); otherwise one lexsort is used.
    """
    counts = np.bincount(codes, minlength=n_groups)
    first = np.cumsum(counts) - counts
    medians = np.full(n_groups, np.nan)
    has = counts > 0
    if not has.any():
        return medians
    width = int(counts.max())
    if n_groups * width <= 4 * len(values) + 64:
        grid = np.full((n_groups, width), np.inf)
        grid[codes, np.arange(len(codes)) - first[codes]] = values
        grid.sort(axis=1)
        rows = np.flatnonzero(has)
        lo = grid[rows, (counts[has] - 1) // 2]
        hi = grid[rows, counts[has] // 2]
    else:
        sorted_values = values[np.lexsort((values, codes))]
        lo = sorted_values[first[has] + (counts[has] - 1) // 2]
        hi = sorted_values[first[has] + counts[has] // 2]
    medians[has] = (lo + hi) / 2
    return medians


def run_stats(
    codes: np.ndarray,
    values: np.ndarray,
    n_groups: int,
    median_rows: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Anhøj statistics per group for rows sorted by (group code, period).

    `median_rows` (bool per row) limits the rows the median is taken from (a baseline); the runs
    are still counted over every row. Points exactly on the median are not useful: they neither
    break nor extend a run. Groups with no useful point get NaN limits and no signal.
    """
    if median_rows is None:
        medians = group_medians(codes, values, n_groups)
    else:
        medians = group_medians(codes[median_rows], values[median_rows], n_groups)
    side = np.sign(values - medians[codes])
    useful = side != 0
    u_codes = codes[useful]
    u_side = side[useful]
    n_obs = np.bincount(codes, minlength=n_groups)
    n_useful = np.bincount(u_codes, minlength=n_groups)
    begin = np.ones(len(u_codes), dtype=bool)
    if len(u_codes) > 1:
        begin[1:] = (u_codes[1:] != u_codes[:-1]) | (u_side[1:] != u_side[:-1])
    n_runs = np.bincount(u_codes[begin], minlength=n_groups)
    longest = np.zeros(n_groups, dtype=np.int64)
    if len(u_codes):
        run_lengths = np.diff(np.append(np.flatnonzero(begin), len(u_codes)))
        run_codes = u_codes[begin]
        group_first_run = np.flatnonzero(np.r_[True, run_codes[1:] != run_codes[:-1]])
        longest[run_codes[group_first_run]] = np.maximum.reduceat(run_lengths, group_first_run)
    crossings = np.maximum(n_runs - 1, 0)
    has = n_useful > 0
    run_max = np.full(n_groups, np.nan)
    run_max[has] = np.round(np.log2(n_useful[has])) + 3
    cross_min = np.full(n_groups, np.nan)
    if has.any():
        unique, inverse = np.unique(n_useful[has], return_inverse=True)
        mins = np.array([crossings_min(int(n)) for n in unique], dtype=float)
        cross_min[has] = mins[inverse]
    signal = has & ((longest > run_max) | (crossings < cross_min))
    return {
        "n_obs": n_obs,
        "n_useful": n_useful,
        "median": medians,
        "longest_run": longest,
        "longest_run_max": run_max,
        "crossings": crossings,
        "crossings_min": cross_min,
        "signal": signal,
    }


def analyse_runs(points: pd.DataFrame, baseline_n: pd.Series | None = None) -> pd.DataFrame:
    """Return one row of Anhøj statistics per series (columns RUN_COLUMNS).

    `points` has series_id, period, value (NaN values are dropped); `baseline_n` (indexed by
    series_id) takes the median from the first N points of that series only.
    """
    data = points.loc[points["value"].notna(), ["series_id", "period", "value"]]
    codes, uniques = pd.factorize(data["series_id"], sort=True)
    order = np.lexsort((data["period"].to_numpy(), codes))
    codes = codes[order]
    values = data["value"].to_numpy(dtype=float)[order]
    n_groups = len(uniques)
    median_rows = None
    if baseline_n is not None:
        limit = baseline_n.reindex(uniques).fillna(0).to_numpy(dtype=np.int64)
        sizes = np.bincount(codes, minlength=n_groups)
        starts = np.cumsum(sizes) - sizes
        position = np.arange(len(codes)) - starts[codes]
        median_rows = (limit[codes] <= 0) | (position < limit[codes])
    stats = run_stats(codes, values, n_groups, median_rows)
    return pd.DataFrame({"series_id": np.asarray(uniques, dtype=object), **stats})[RUN_COLUMNS]
