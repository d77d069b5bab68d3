"""XmR engine: hand-made edge cases for each rule, gaps, presets, icons, and property tests."""

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.spc import (
    MR_SCREEN_FACTOR,
    POINT_COLUMNS,
    SUMMARY_COLUMNS,
    XMR_LIMIT_FACTOR,
    AssuranceIcon,
    PointType,
    Preset,
    SpcSettings,
    VariationIcon,
    analyse,
)

BASE = [10.0, 12.0, 10.0, 12.0, 10.0, 12.0, 10.0, 12.0, 10.0, 12.0, 10.0, 12.0, 10.0, 12.0]


def _frame(values, sid="s", start=date(2024, 1, 1), step=1):
    periods = [start + timedelta(days=step * i) for i in range(len(values))]
    return pd.DataFrame({"series_id": sid, "period": pd.to_datetime(periods), "value": values})


def _series(sid="s", direction="increase", target=np.nan, baseline=0, frequency=None):
    data = {"series_id": [sid], "direction": [direction], "target": [target],
            "baseline_n": [baseline]}  # fmt: skip
    if frequency:
        data["frequency"] = [frequency]
    return pd.DataFrame(data)


def run(values, settings=None, recalc=None, **series_kw):
    recalcs = None
    if recalc:
        recalcs = pd.DataFrame({"series_id": "s", "date": pd.to_datetime(recalc)})
    return analyse(_frame(values), _series(**series_kw), recalcs, settings or SpcSettings())


def test_constants_and_columns() -> None:
    assert XMR_LIMIT_FACTOR == 2.66
    assert MR_SCREEN_FACTOR == 3.267
    res = run(BASE)
    assert list(res.points.columns) == POINT_COLUMNS
    assert list(res.summary.columns) == SUMMARY_COLUMNS
    assert res.summary["rules_preset"].iloc[0] == "mdc"
    assert res.settings.shift_points == 6 and res.settings.trend_points == 6


def test_preset_defaults_resolve() -> None:
    nhsr = SpcSettings(preset=Preset.nhsr)
    assert (nhsr.shift_points, nhsr.trend_points, nhsr.screen_outliers) == (7, 7, True)
    mdc = SpcSettings(shift_points=7)
    assert (mdc.shift_points, mdc.trend_points, mdc.screen_outliers) == (7, 6, False)
    assert mdc.minimum_points == 13
    with pytest.raises(ValueError):
        SpcSettings(trend_points=1)


def test_limits_are_mean_plus_2_66_mr_bar() -> None:
    res = run(BASE)
    p = res.points.iloc[0]
    assert p["mean"] == pytest.approx(11.0)
    assert p["upl"] == pytest.approx(11 + 2.66 * 2)
    assert p["lpl"] == pytest.approx(11 - 2.66 * 2)
    assert p["upper_two_sigma"] == pytest.approx(11 + 2 * 2.66 * 2 / 3)
    assert p["lower_one_sigma"] == pytest.approx(11 - 2.66 * 2 / 3)
    assert np.isnan(res.points["moving_range"].iloc[0])


def test_single_point_strictly_beyond_limit() -> None:
    # A 14-point baseline fixes the lines (mean 11, mR̄ 2), so the last point cannot move them.
    upl = run(BASE + [11.0], baseline=14).points["upl"].iloc[-1]
    assert upl == pytest.approx(11 + 2.66 * 2)
    on = run(BASE + [upl], baseline=14)
    assert on.points["upl"].iloc[-1] == upl
    assert not on.points["outside_high"].iloc[-1]  # on the line is not beyond it
    just_over = run(BASE + [float(np.nextafter(upl, np.inf))], baseline=14)
    assert just_over.points["outside_high"].iloc[-1]
    big = run(BASE[:-1] + [40.0])
    assert big.points["outside_high"].iloc[-1]
    assert big.points["rules"].iloc[-1] == "outside_limits"
    assert big.points["point_type"].iloc[-1] == PointType.special_cause_improvement


def test_shift_six_flags_all_and_five_does_not() -> None:
    six = run(BASE + [13.0] * 6)
    assert six.points["shift_high"].tail(6).all()
    assert six.points["point_type"].iloc[-1] == PointType.special_cause_improvement
    five = run(BASE + [5.0] + [13.0] * 5 + [5.0])
    assert not five.points["shift_high"].any()


def test_shift_six_vs_seven_presets() -> None:
    values = BASE + [9.0] + [12.5] * 6 + [9.0]
    mdc = run(values)
    nhsr = run(values, SpcSettings(preset=Preset.nhsr, screen_outliers=False))
    assert mdc.points["shift_high"].sum() == 6
    assert not nhsr.points["shift_high"].any()


def test_point_on_mean_breaks_shift() -> None:
    on = run([10.0, 12.0] * 7 + [10.0] + [12.0, 12.0, 12.0, 11.0, 12.0, 12.0, 12.0] + [10.0] * 5)
    assert on.points["mean"].iloc[0] == 11.0
    assert not on.points["shift_high"].any()  # the 11.0 on the mean splits the run 3 + 3
    off = run([10.0, 12.0] * 7 + [10.0] + [12.0] * 7 + [10.0] * 6)
    assert off.points["mean"].iloc[0] == 11.0
    assert off.points["shift_high"].iloc[15:22].all()


def test_trend_six_points_five_rises_and_ties_break() -> None:
    rising = BASE + [8.0, 9.0, 10.0, 11.0, 12.0, 13.0]
    res = run(rising)
    assert res.points["trend_up"].tail(6).all()
    assert not res.points["trend_up"].iloc[-7]
    five = run(BASE + [12.0, 9.0, 10.0, 11.0, 12.0, 13.0])
    assert not five.points["trend_up"].any()
    tie = run(BASE + [8.0, 9.0, 10.0, 10.0, 11.0, 12.0, 13.0])
    assert not tie.points["trend_up"].any()


def test_trend_seven_in_nhsr() -> None:
    values = BASE + [8.0, 9.0, 10.0, 11.0, 12.0, 13.0]
    nhsr = run(values, SpcSettings(preset=Preset.nhsr, screen_outliers=False))
    assert not nhsr.points["trend_up"].any()
    nhsr7 = run(BASE + [7.5, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0],
                SpcSettings(preset=Preset.nhsr, screen_outliers=False))  # fmt: skip
    assert nhsr7.points["trend_up"].tail(7).all()


def test_two_of_three_only_points_beyond_two_sigma() -> None:
    # baseline = BASE: mean 11, mR̄ 2 → 2σ line 14.55, UPL 16.32
    res = run(BASE + [15.0, 12.0, 15.0, 10.0, 12.0, 10.0], baseline=14)
    flags = res.points["two_of_three_high"].tolist()
    assert res.points["upper_two_sigma"].iloc[0] < 15.0 < res.points["upl"].iloc[0]
    assert flags[14] and flags[16] and not flags[15]
    assert res.points["rules"].iloc[14] == "two_of_three"
    lone = run(BASE + [15.0, 12.0, 12.0, 15.0, 10.0], baseline=14)
    assert not lone.points["two_of_three_high"].any()


def test_two_of_three_needs_same_side() -> None:
    res = run(BASE + [15.0, 9.0, 15.0, 11.5, 11.5, 11.5], baseline=14)
    assert not res.points["two_of_three_high"].any()


def test_two_of_three_beyond_limit_does_not_count_by_default() -> None:
    values = BASE + [15.0, 30.0, 12.0, 10.0]
    res = run(values, baseline=14)
    assert not res.points["two_of_three_high"].iloc[14]
    assert res.points["rules"].iloc[15] == "outside_limits"
    counted = run(values, SpcSettings(beyond_limits_count_for_two_of_three=True), baseline=14)
    assert counted.points["two_of_three_high"].iloc[14]
    assert counted.points["two_of_three_high"].iloc[15]


def test_minimum_points_and_run_chart_below() -> None:
    short = run(BASE[:12], target=5.0)
    s = short.summary.iloc[0]
    assert s["chart"] == "run"
    assert s["variation_icon"] == VariationIcon.none
    assert s["assurance_icon"] == AssuranceIcon.none
    assert short.points["lpl"].isna().all() and not short.points["has_limits"].any()
    assert (short.points["point_type"] == "common_cause").all()
    assert s["run_median"] == 11.0 and s["run_n_useful"] == 12
    ok = run(BASE[:12] + [10.0], target=5.0)
    assert ok.summary["chart"].iloc[0] == "xmr"
    assert ok.summary["assurance_icon"].iloc[0] == AssuranceIcon.pass_
    nhsr = run(BASE[:5], SpcSettings(preset=Preset.nhsr))
    assert nhsr.summary["chart"].iloc[0] == "xmr"
    assert nhsr.points["short_group_warning"].all()


def test_assurance_equality_inclusive_mdc_strict_nhsr() -> None:
    res = run(BASE)
    upl = res.points["upl"].iloc[0]
    mdc = run(BASE, target=upl)
    nhsr = run(BASE, SpcSettings(preset=Preset.nhsr, screen_outliers=False), target=upl)
    assert mdc.summary["assurance_icon"].iloc[0] == AssuranceIcon.fail
    assert nhsr.summary["assurance_icon"].iloc[0] == AssuranceIcon.hit_and_miss
    assert run(BASE, target=5.0, direction="decrease").summary["assurance_icon"].iloc[0] == "fail"
    assert run(BASE, target=5.0, direction="neither").summary["assurance_icon"].iloc[0] == "none"
    assert run(BASE).summary["assurance_icon"].iloc[0] == "none"


def test_recalculation_partitions_and_baseline() -> None:
    values = BASE + [20.0, 22.0] * 7
    res = run(values, recalc=["2024-01-15"])
    assert res.points["partition"].tolist() == [0] * 14 + [1] * 14
    assert res.points["mean"].iloc[-1] == pytest.approx(21.0)
    assert res.summary["mean"].iloc[0] == pytest.approx(21.0)
    base = run(values, baseline=14)
    assert (base.points["partition"] == 0).all()
    assert base.points["mean"].iloc[-1] == pytest.approx(11.0)
    assert base.points["outside_high"].tail(14).all()
    before = run(values, recalc=["2023-06-01"])  # before the first point: no new partition
    assert (before.points["partition"] == 0).all()


def test_rules_cross_recalculations_in_mdc_not_nhsr() -> None:
    # a run of 6 above the mean that spans a recalculation
    run_vals = [10.0, 12.0] * 7 + [12.5] * 3 + [12.5] * 3 + [10.0, 12.0] * 7
    mdc = run(run_vals, recalc=["2024-01-18"])
    nhsr = run(run_vals, SpcSettings(preset=Preset.nhsr, shift_points=6, screen_outliers=False),
               recalc=["2024-01-18"])  # fmt: skip
    assert mdc.points["shift_high"].iloc[14:20].all()
    assert not nhsr.points["shift_high"].iloc[14:20].any()


def test_gaps_drop_moving_range_with_frequency() -> None:
    months = [date(2024, m, 1) for m in range(1, 13)] + [date(2025, m, 1) for m in (3, 4, 5)]
    values = [10.0, 12.0] * 6 + [30.0, 31.0, 30.0]
    points = pd.DataFrame({"series_id": "s", "period": pd.to_datetime(months), "value": values})
    with_gap = analyse(points, _series(frequency="monthly"))
    no_freq = analyse(points, _series())
    assert np.isnan(with_gap.points["moving_range"].iloc[12])
    assert no_freq.points["moving_range"].iloc[12] == pytest.approx(18.0)
    assert with_gap.points["upl"].iloc[0] < no_freq.points["upl"].iloc[0]
    weekly = pd.DataFrame({"series_id": "s",
                           "period": pd.to_datetime(["2024-01-01", "2024-01-08", "2024-01-22"]),
                           "value": [1.0, 2.0, 3.0]})  # fmt: skip
    mr = analyse(weekly, _series(frequency="weekly")).points["moving_range"].tolist()
    assert mr[1] == 1.0 and np.isnan(mr[2])


def test_missing_values_dropped_and_unsorted_input() -> None:
    frame = _frame(BASE + [np.nan, 10.0])
    shuffled = frame.sample(frac=1.0, random_state=3)
    res = analyse(shuffled, _series())
    assert len(res.points) == len(BASE) + 1
    assert res.points["period"].is_monotonic_increasing


def test_duplicate_period_rejected() -> None:
    frame = pd.concat([_frame(BASE), _frame([3.0])]).sample(frac=1.0, random_state=1)
    with pytest.raises(ValueError, match="two values"):
        analyse(frame, _series())


def test_conflict_improvement_wins_in_mdc_precedence_in_nhsr() -> None:
    # baseline mean 21: a rising trend that starts below it is both trend-up and shift-low
    values = [20.0, 22.0] * 7 + [18.0, 18.5, 19.0, 19.5, 20.0, 20.5, 21.5, 22.0]
    i = 14
    mdc = run(values, baseline=14)
    assert mdc.points["trend_up"].iloc[i] and mdc.points["shift_low"].iloc[i]
    assert mdc.points["rules"].iloc[i] == "shift;trend"
    assert mdc.points["point_type"].iloc[i] == PointType.special_cause_improvement
    down = run(values, baseline=14, direction="decrease")
    assert down.points["point_type"].iloc[i] == PointType.special_cause_improvement
    concern = run(values, SpcSettings(conflict="concern"), baseline=14)
    assert concern.points["point_type"].iloc[i] == PointType.special_cause_concern
    neither = run(values, baseline=14, direction="neither")
    assert neither.points["point_type"].iloc[i] == PointType.special_cause_neutral_high
    nhsr = SpcSettings(preset=Preset.nhsr, shift_points=6, trend_points=6, screen_outliers=False)
    prec = run(values, nhsr, baseline=14, direction="decrease")  # trend outranks shift
    assert prec.points["point_type"].iloc[i] == PointType.special_cause_concern


def test_variation_icons_by_direction() -> None:
    values = BASE[:-1] + [40.0]
    assert run(values).summary["variation_icon"].iloc[0] == "improvement_high"
    assert run(values, direction="decrease").summary["variation_icon"].iloc[0] == "concern_high"
    assert run(values, direction="neither").summary["variation_icon"].iloc[0] == "neutral_high"
    low = BASE[:-1] + [-20.0]
    assert run(low).summary["variation_icon"].iloc[0] == "concern_low"
    assert run(low, direction="decrease").summary["variation_icon"].iloc[0] == "improvement_low"
    assert run(BASE).summary["variation_icon"].iloc[0] == "common_cause"


def test_empty_input() -> None:
    empty = pd.DataFrame({"series_id": [], "period": pd.to_datetime([]), "value": []})
    res = analyse(empty, _series())
    assert len(res.points) == 0 and len(res.summary) == 0


def test_unknown_direction_rejected() -> None:
    with pytest.raises(ValueError, match="direction"):
        run(BASE, direction="sideways")


# --- property tests --------------------------------------------------------------------------

values_st = st.lists(st.integers(min_value=0, max_value=60).map(float), min_size=13, max_size=40)
FAST = settings(max_examples=25, deadline=None)


@FAST
@given(values_st)
def test_limits_symmetric(values) -> None:
    p = run(values).points
    np.testing.assert_allclose(p["upl"] - p["mean"], p["mean"] - p["lpl"], atol=1e-9)
    np.testing.assert_allclose(
        p["upper_two_sigma"] - p["mean"], p["mean"] - p["lower_two_sigma"], atol=1e-9
    )


@FAST
@given(values_st, st.integers(min_value=-1000, max_value=1000), st.sampled_from(list(Preset)))
def test_adding_constant_shifts_lines_and_keeps_types(values, shift, preset) -> None:
    s = SpcSettings(preset=preset)
    a = run(values, s).points
    b = run([v + shift for v in values], s).points
    for col in ["mean", "lpl", "upl", "upper_two_sigma"]:
        np.testing.assert_allclose(b[col], a[col] + shift, atol=1e-9)
    assert a["point_type"].tolist() == b["point_type"].tolist()


@FAST
@given(values_st, st.sampled_from(list(Preset)))
def test_reversing_direction_swaps_improvement_and_concern(values, preset) -> None:
    s = SpcSettings(preset=preset)
    up = run(values, s, direction="increase").points["point_type"]
    down = run(values, s, direction="decrease").points["point_type"]
    swap = {"special_cause_improvement": "special_cause_concern",
            "special_cause_concern": "special_cause_improvement"}  # fmt: skip
    if preset == Preset.nhsr:
        assert down.tolist() == [swap.get(t, t) for t in up]
    else:  # improvement wins a conflict either way, so only non-conflict points swap
        both = run(values, s, direction="neither").points
        plain = ~((both["shift_high"] | both["trend_up"] | both["outside_high"]
                   | both["two_of_three_high"])
                  & (both["shift_low"] | both["trend_down"] | both["outside_low"]
                     | both["two_of_three_low"]))  # fmt: skip
        assert down[plain].tolist() == [swap.get(t, t) for t in up[plain]]


@FAST
@given(st.lists(values_st, min_size=2, max_size=3), st.sampled_from(list(Preset)))
def test_series_independent_in_batch(batch, preset) -> None:
    s = SpcSettings(preset=preset)
    frames = [_frame(v, sid=f"s{i}") for i, v in enumerate(batch)]
    series = pd.concat([_series(sid=f"s{i}") for i in range(len(batch))])
    together = analyse(pd.concat(frames), series, None, s).points
    for i, frame in enumerate(frames):
        alone = analyse(frame, _series(sid=f"s{i}"), None, s).points
        mine = together[together["series_id"] == f"s{i}"].reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, alone)


@FAST
@given(
    st.lists(
        st.lists(st.integers(0, 4).map(float), min_size=1, max_size=40), min_size=1, max_size=4
    ),
    st.sampled_from(list(Preset)),
    st.integers(min_value=2, max_value=9),
    st.booleans(),
    st.booleans(),
)
def test_summary_reads_each_series_last_point_from_the_per_point_table(
    batch, preset, run_length, crosses, with_recalculation
) -> None:
    # The summary applies the rules to each series' last few points only; it must say what
    # the whole per-point table says about each last point, whatever the rule lengths.
    s = SpcSettings(
        preset=preset,
        shift_points=run_length,
        trend_points=run_length,
        rules_cross_recalculations=crosses,
        minimum_points=3,
    )
    frames = [_frame(v, sid=f"s{i}") for i, v in enumerate(batch)]
    series = pd.concat([_series(sid=f"s{i}", target=2.0) for i in range(len(batch))])
    recalcs = None
    if with_recalculation:
        recalcs = pd.DataFrame({"series_id": ["s0"], "date": [pd.Timestamp(2024, 1, 4)]})
    result = analyse(pd.concat(frames), series, recalcs, s)
    last = result.points.groupby("series_id").tail(1).set_index("series_id")
    summary = result.summary.set_index("series_id")
    assert summary["last_point_type"].tolist() == last["point_type"].tolist()
    for column in ("mean", "lpl", "upl"):
        np.testing.assert_array_equal(summary[column], last[column])
    assert (summary["chart"] == "xmr").tolist() == last["has_limits"].tolist()
