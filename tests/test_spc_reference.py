"""The batch XmR engine equals the plain per-series reference (bench/spc_reference.py), exactly.

The reference is written for reading, one series and one rule at a time; the engine is vectorised
over every series at once. Equal points, lines, rules, point types and icons in every setting say
the vectorising lost nothing. (The benchmark times the two; this is the test.)
"""

from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.bench_spc import check_identical, make_batch
from tracker.spc import XMR_LIMIT_FACTOR, ConflictRule, OutlierMethod, Preset, SpcSettings

SETTINGS = {
    "mdc": SpcSettings(),
    "nhsr": SpcSettings(preset=Preset.nhsr),
    "mdc, screened as SQL v2.6, beyond-limit points count for 2-of-3": SpcSettings(
        screen_outliers=True, beyond_limits_count_for_two_of_three=True
    ),
    "mdc, screened as NHSRplotthedots": SpcSettings(
        screen_outliers=True, outlier_method=OutlierMethod.nhsr
    ),
    "mdc, a conflict is a concern": SpcSettings(conflict=ConflictRule.concern),
    "nhsr, unscreened, rules cross recalculations": SpcSettings(
        preset=Preset.nhsr, screen_outliers=False, rules_cross_recalculations=True
    ),
}

BATCH_SERIES = 40
"""Enough random series that shifts, trends, gaps at the tail, targets, baselines and
recalculations all occur in each batch (make_batch draws each for a share of the series)."""


@pytest.mark.parametrize("seed", [11, 12, 13])
@pytest.mark.parametrize("name", SETTINGS)
def test_engine_equals_the_reference_on_a_mixed_batch(name: str, seed: int) -> None:
    points, series, recalcs = make_batch(BATCH_SERIES, seed=seed)
    check_identical(points, series, recalcs, SETTINGS[name])


def test_a_batch_holds_what_the_comparison_needs() -> None:
    # A comparison over series with no special cause, no target or no recalculation would
    # check little: the batch must have each.
    points, series, recalcs = make_batch(BATCH_SERIES, seed=11)
    assert set(series["direction"]) == {"increase", "decrease", "neither"}
    assert series["target"].notna().any() and series["target"].isna().any()
    assert (series["baseline_n"] > 0).any() and len(recalcs) > 0
    assert points.groupby("series_id").size().min() < SpcSettings().minimum_points


@settings(max_examples=40, deadline=None)
@given(
    values=st.lists(st.integers(min_value=0, max_value=30).map(float), min_size=1, max_size=40),
    direction=st.sampled_from(["increase", "decrease", "neither"]),
    target=st.one_of(st.just(np.nan), st.integers(min_value=0, max_value=30).map(float)),
    baseline=st.sampled_from([0, 13, 20]),
    recalc=st.one_of(st.none(), st.integers(min_value=1, max_value=39)),
    name=st.sampled_from(list(SETTINGS)),
)
def test_engine_equals_the_reference_on_any_series(
    values: list[float],
    direction: str,
    target: float,
    baseline: int,
    recalc: int | None,
    name: str,
) -> None:
    months = pd.date_range(date(2020, 1, 1), periods=len(values), freq="MS")
    points = pd.DataFrame({"series_id": "s", "period": months, "value": values})
    series = pd.DataFrame(
        {"series_id": ["s"], "direction": [direction], "target": [target], "baseline_n": [baseline]}
    )
    dates = [] if recalc is None or recalc >= len(values) else [months[recalc]]
    recalcs = pd.DataFrame({"series_id": ["s"] * len(dates), "date": pd.to_datetime(dates)})
    check_identical(points, series, recalcs, SETTINGS[name])


@pytest.mark.parametrize("line", [-1, 1])
@pytest.mark.parametrize("direction", ["increase", "decrease"])
@pytest.mark.parametrize("name", SETTINGS)
def test_engine_equals_the_reference_with_the_target_exactly_on_a_limit(
    name: str, direction: str, line: int
) -> None:
    # Random targets almost never land on a limit, where the presets differ (MDC counts a
    # target on the limit as beyond it, NHSRplotthedots does not). Mean 11, mR̄ 2.
    values = [10.0, 12.0] * 7
    months = pd.date_range(date(2020, 1, 1), periods=len(values), freq="MS")
    points = pd.DataFrame({"series_id": "s", "period": months, "value": values})
    target = 11.0 + line * XMR_LIMIT_FACTOR * 2.0
    series = pd.DataFrame(
        {"series_id": ["s"], "direction": [direction], "target": [target], "baseline_n": [0]}
    )
    recalcs = pd.DataFrame({"series_id": [], "date": pd.to_datetime([])})
    check_identical(points, series, recalcs, SETTINGS[name])
