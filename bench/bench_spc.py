"""SPC engine batch timings, checked identical to the per-series reference, with the speed-up."""

import time

import numpy as np
import pandas as pd

from bench import spc_reference
from bench.harness import Result, median_seconds
from tracker.spc import Preset, SpcSettings, analyse

POINTS = 60
TARGET_BIG = 0.3  # seconds for 10,000 series × 60 points
TARGET_SPEEDUP = 20.0


def make_batch(n_series: int, n_points: int = POINTS, seed: int = 7) -> tuple:
    """Return (points, series, recalculations) of random series with shifts, trends and gaps."""
    rng = np.random.default_rng(seed)
    ids = np.array([f"M{i:05d}" for i in range(n_series)], dtype=object)
    months = pd.date_range("2019-01-01", periods=n_points, freq="MS").to_numpy()
    level = rng.normal(50, 10, n_series)
    noise = rng.normal(0, 3, (n_series, n_points)).round(1)
    step = np.where(rng.random(n_series) < 0.3, rng.normal(0, 8, n_series), 0.0)
    ramp = np.where(rng.random(n_series) < 0.1, 0.8, 0.0)
    t = np.arange(n_points)
    values = level[:, None] + noise + (t >= n_points // 2) * step[:, None] + ramp[:, None] * t
    values = values.round(1)
    short = rng.random(n_series) < 0.05  # some series too short for limits
    keep = np.ones((n_series, n_points), dtype=bool)
    keep[short, 12:] = False
    points = pd.DataFrame(
        {
            "series_id": np.repeat(ids, n_points)[keep.ravel()],
            "period": np.tile(months, n_series)[keep.ravel()],
            "value": values.ravel()[keep.ravel()],
        }
    )
    directions = rng.choice(["increase", "decrease", "neither"], n_series)
    target = np.where(rng.random(n_series) < 0.6, level + rng.normal(0, 12, n_series), np.nan)
    baseline = np.where(rng.random(n_series) < 0.1, 20, 0)
    series = pd.DataFrame(
        {"series_id": ids, "direction": directions, "target": target.round(1),
         "baseline_n": baseline}
    )  # fmt: skip
    with_recalc = rng.random(n_series) < 0.2
    recalcs = pd.DataFrame({"series_id": ids[with_recalc], "date": months[n_points // 2 + 5]})
    return points, series, recalcs


def reference(
    points: pd.DataFrame, series: pd.DataFrame, recalcs: pd.DataFrame, settings: SpcSettings
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run the pure-Python reference series by series; return (points, summary) frames."""
    per = series.set_index("series_id")
    rc = recalcs.groupby("series_id")["date"].apply(list).to_dict()
    rows, summary = [], []
    day = np.timedelta64(1, "D")
    for sid, group in points.sort_values(["series_id", "period"]).groupby("series_id", sort=True):
        days = [int(d) for d in (group["period"].to_numpy() - np.datetime64(0, "D")) // day]
        rdays = [int((np.datetime64(d, "D") - np.datetime64(0, "D")) // day)
                 for d in rc.get(sid, [])]  # fmt: skip
        info = per.loc[sid]
        res = spc_reference.analyse_series(
            days, group["value"].tolist(), info["direction"], float(info["target"]),
            int(info["baseline_n"]), rdays, settings,
        )  # fmt: skip
        frame = pd.DataFrame(
            {
                "series_id": sid, "partition": res.partition, "mean": res.mean,
                "lpl": res.lpl, "upl": res.upl, "lower_two_sigma": res.lower_two_sigma,
                "upper_two_sigma": res.upper_two_sigma, "lower_one_sigma": res.lower_one_sigma,
                "upper_one_sigma": res.upper_one_sigma, "rules": res.rules,
                "point_type": res.point_type,
            }
        )  # fmt: skip
        rows.append(frame)
        summary.append((sid, res.variation_icon, res.assurance_icon))
    return (
        pd.concat(rows, ignore_index=True),
        pd.DataFrame(summary, columns=["series_id", "variation_icon", "assurance_icon"]),
    )


def check_identical(
    points: pd.DataFrame, series: pd.DataFrame, recalcs: pd.DataFrame, settings: SpcSettings
) -> None:
    """Raise AssertionError unless engine and reference agree exactly (NaN == NaN)."""
    result = analyse(points, series, recalcs, settings)
    ref_points, ref_summary = reference(points, series, recalcs, settings)
    got = result.points
    for column in ref_points.columns:
        a = got[column].to_numpy()
        b = ref_points[column].to_numpy()
        if a.dtype.kind == "f":
            same = np.array_equal(a, b.astype(float), equal_nan=True)
        else:
            same = list(a) == list(b)
        if not same:
            raise AssertionError(f"engine and reference differ in {column} ({settings.preset})")
    for column in ["series_id", "variation_icon", "assurance_icon"]:
        if list(result.summary[column]) != list(ref_summary[column]):
            raise AssertionError(f"engine and reference differ in summary {column}")


def run(tiny: bool) -> list[Result]:
    """Time the engine on a big and a small batch; check it against the reference; speed-up."""
    big, small = (50, 5) if tiny else (10_000, 100)
    results = []
    for n in (big, small):
        points, series, recalcs = make_batch(n)
        seconds = median_seconds(lambda p=points, s=series, r=recalcs: analyse(p, s, r),
                                 runs=3 if tiny else 5)  # fmt: skip
        results.append(
            Result(f"spc analyse (mdc, all rules + icons), {n} series", f"{n} × {POINTS} points",
                   seconds, TARGET_BIG if n == 10_000 else None)
        )  # fmt: skip
    check_n = 20 if tiny else 300
    points, series, recalcs = make_batch(check_n, seed=11)
    for preset in Preset:
        check_identical(points, series, recalcs, SpcSettings(preset=preset))
    check_identical(
        points,
        series,
        recalcs,
        SpcSettings(screen_outliers=True, beyond_limits_count_for_two_of_three=True),
    )
    start = time.perf_counter()
    reference(points, series, recalcs, SpcSettings())
    ref_per_series = (time.perf_counter() - start) / check_n
    engine = median_seconds(lambda: analyse(points, series, recalcs), runs=3)
    speedup = ref_per_series * check_n / engine
    results.append(
        Result(f"spc speed-up vs per-series Python reference (target ≥ {TARGET_SPEEDUP:g}x)",
               f"{check_n} × {POINTS}, identical", speedup, None, unit="x")
    )  # fmt: skip
    # the same ratio at the big size, from the measured reference rate per series
    big_time = results[0].median
    results.append(
        Result(f"spc speed-up at {big} series (reference rate × n / engine)",
               f"{big} × {POINTS}", ref_per_series * big / big_time, None, unit="x")
    )  # fmt: skip
    return results
