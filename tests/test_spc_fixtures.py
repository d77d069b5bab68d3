"""Every SPC reference fixture committed in tests/fixtures/spc/ against the engine."""

import csv
import json
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tracker import spc_rules as rules
from tracker.runcharts import crossings_min, longest_run_max
from tracker.spc import Preset, SpcSettings, analyse

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "spc"
TOL = 1e-9

MDC_SERIES = 35
"""The fixtures' README: 35 MDC checklist series (plus the assurance cases and the 24-point file)."""

NHSR_CASES = 16
"""The fixtures' README: 16 NHSRplotthedots test and vignette cases (plus the rule unit vectors)."""


def _load(path: Path) -> dict:
    return json.loads(path.read_text())


def _direction(text: str) -> str:
    return "neither" if text == "neutral" else text


def _days(n: int) -> list[date]:
    return [date(2023, 1, 1) + timedelta(days=i) for i in range(n)]


def _mdc_colour_types(types: pd.Series) -> list[str]:
    """The MDC files know only one purple: both neutral sides read 'special_cause_neutral'."""
    neutral = "special_cause_neutral"
    return [neutral if t.startswith(neutral) else t for t in types]


MDC_FILES = sorted(
    p for p in (FIXTURES / "mdc").glob("mdc_*.json") if p.name != "mdc_assurance_targets.json"
)
NHSR_FILES = sorted(
    p
    for p in (FIXTURES / "nhsrplotthedots").glob("nhsr_*.json")
    if p.name != "nhsr_rule_unit_vectors.json"
)


def _run_mdc(fx: dict, settings: SpcSettings | None = None):
    params = fx["params"]
    dates = pd.to_datetime(fx["input"]["dates"])
    points = pd.DataFrame({"series_id": "s", "period": dates, "value": fx["input"]["values"]})
    series = pd.DataFrame(
        {
            "series_id": ["s"],
            "direction": [_direction(params["improvement_direction"])],
            "target": [np.nan],
            "baseline_n": [params.get("baseline_points") or 0],
        }
    )
    recalcs = None
    if params.get("recalculate_limits_from"):
        recalcs = pd.DataFrame(
            {"series_id": "s", "date": pd.to_datetime(params["recalculate_limits_from"])}
        )
    return analyse(points, series, recalcs, settings or SpcSettings(preset=Preset.mdc))


def test_every_fixture_the_readme_names_is_committed() -> None:
    # A lost file would otherwise just shrink a parametrised list, and nothing would fail.
    assert len(MDC_FILES) == MDC_SERIES
    assert len(NHSR_FILES) == NHSR_CASES


@pytest.mark.parametrize("path", MDC_FILES, ids=lambda p: p.stem)
def test_mdc_series(path: Path) -> None:
    fx = _load(path)
    result = _run_mdc(fx)
    expected = fx["expected"]
    types = expected.get("point_types_corrected") or expected["point_types"]
    assert _mdc_colour_types(result.points["point_type"]) == types
    icon = expected["variation_icon"] or "none"
    assert result.summary["variation_icon"].iloc[0] == icon
    derived = fx.get("derived") or {}
    if derived.get("minimum_points_met"):
        for part_no, part in enumerate(derived["partitions"]):
            rows = result.points.iloc[part["start"] : part["end"]]
            if "baseline_points" not in fx["params"]:
                assert (rows["partition"] == part_no).all()
            assert rows["mean"].iloc[0] == pytest.approx(part["mean"], abs=1e-8)
            assert rows["upl"].iloc[0] == pytest.approx(part["upl"], abs=1e-8)
            assert rows["lpl"].iloc[0] == pytest.approx(part["lpl"], abs=1e-8)
    else:
        assert result.summary["chart"].iloc[0] == "run"
        assert result.points["lpl"].isna().all()
        assert not result.points["has_limits"].any()
    stated = expected.get("stated_in_doc") or {}
    if "upl" in stated:
        assert round(result.summary["mean"].iloc[0], 2) == stated["mean"]
        assert round(result.summary["upl"].iloc[0], 2) == stated["upl"]
        assert round(result.summary["lpl"].iloc[0], 2) == stated["lpl"]
        mr = result.points["moving_range"]
        assert mr.notna().sum() == stated["n_moving_ranges"]
        assert round(mr.mean(), 2) == stated["mean_moving_range"]


def test_mdc_conflict_erratum_uses_corrected_colours() -> None:
    fx = _load(FIXTURES / "mdc" / "mdc_special_cause_conflict_high_is_good.json")
    result = _run_mdc(fx)
    assert list(result.points["point_type"]) == fx["expected"]["point_types_corrected"]
    assert list(result.points["point_type"]) != fx["expected"]["point_types"]


def test_mdc_two_sigma_2_discriminates_beyond_limit_setting() -> None:
    """Point 21 is beyond the limit: the checklist (default) does not count it for 2-of-3."""
    fx = _load(FIXTURES / "mdc" / "mdc_special_cause_two_sigma_2.json")
    default = _run_mdc(fx)
    counted = _run_mdc(fx, SpcSettings(beyond_limits_count_for_two_of_three=True))
    assert list(default.points["point_type"]) == fx["expected"]["point_types"]
    assert default.points["point_type"].iloc[20] == "common_cause"
    assert not default.points["two_of_three_low"].iloc[20]
    assert counted.points["two_of_three_low"].iloc[20]
    assert counted.points["two_of_three_low"].iloc[21]  # the point beyond the limit counts
    assert counted.points["point_type"].iloc[20] == "special_cause_concern"


def test_fdp_24_point_limits_use_2_66() -> None:
    fx = _load(FIXTURES / "mdc" / "fdp_data_for_testing_24pt.json")
    values = fx["input"]["values"]
    points = pd.DataFrame({"series_id": "s", "period": _days(len(values)), "value": values})
    series = pd.DataFrame({"series_id": ["s"], "direction": ["increase"], "target": [np.nan]})
    result = analyse(points, series)
    exp = fx["expected"]
    mr = result.points["moving_range"].to_numpy()
    assert np.isnan(mr[0])
    assert mr[1:] == pytest.approx(exp["moving_ranges"][1:], abs=TOL)
    summary = result.summary.iloc[0]
    assert summary["mean"] == pytest.approx(exp["mean"], abs=1e-8)
    assert summary["upl"] == pytest.approx(exp["upl_2_66"], abs=1e-8)
    assert summary["lpl"] == pytest.approx(exp["lpl_2_66"], abs=1e-8)
    assert abs(summary["upl"] - exp["upl_3sigma"]) > 1e-3  # 2.66, not 3/1.128


def test_mdc_assurance_targets() -> None:
    fx = _load(FIXTURES / "mdc" / "mdc_assurance_targets.json")
    values = fx["input"]["values"]
    days = _days(len(values))
    rename = {"hit_or_miss": "hit_and_miss", None: "none"}
    for case in fx["cases"]:
        keep = case.get("first_n_points") or len(values)
        points = pd.DataFrame({"series_id": "s", "period": days[:keep], "value": values[:keep]})
        series = pd.DataFrame(
            {
                "series_id": ["s"],
                "direction": [_direction(case["improvement_direction"])],
                "target": [case["target"]],
            }
        )
        recalcs = None
        if case.get("recalculate_limits_from_point"):
            start = days[case["recalculate_limits_from_point"] - 1]
            recalcs = pd.DataFrame({"series_id": ["s"], "date": [start]})
        summary = analyse(points, series, recalcs).summary.iloc[0]
        expected = rename.get(case["expected_assurance"], case["expected_assurance"])
        assert summary["assurance_icon"] == expected, case
        if "last_partition" not in case:
            assert summary["chart"] == "run"
            continue
        last = case["last_partition"]
        assert summary["mean"] == pytest.approx(last["mean"], abs=TOL)
        assert summary["upl"] == pytest.approx(last["upl"], abs=TOL)
        assert summary["lpl"] == pytest.approx(last["lpl"], abs=TOL)


def _run_nhsr(fx: dict):
    params = fx["params"]
    facet = params.get("facet_field")
    rows = fx["input"]
    sid = [str(r["facet"]) if facet else "no facet" for r in rows]
    points = pd.DataFrame(
        {
            "series_id": sid,
            "period": pd.to_datetime([r["date"] for r in rows]),
            "value": [r["value"] for r in rows],
        }
    )
    ids = sorted(set(sid))
    series = pd.DataFrame(
        {
            "series_id": ids,
            "direction": _direction(params["improvement_direction"]),
            "target": params.get("target", np.nan),
            "baseline_n": params.get("fix_after_n_points") or 0,
        }
    )
    settings = SpcSettings(preset=Preset.nhsr, screen_outliers=params["screen_outliers"])
    return analyse(points, series, None, settings)


@pytest.mark.parametrize("path", NHSR_FILES, ids=lambda p: p.stem)
def test_nhsr_case(path: Path) -> None:
    fx = _load(path)
    result = _run_nhsr(fx)
    expected = pd.DataFrame(fx["expected"]["points"])
    expected["series_id"] = expected["facet"].fillna("no facet").astype(str)
    expected["period"] = pd.to_datetime(expected["date"])
    expected = expected.sort_values(["series_id", "period"]).reset_index(drop=True)
    got = result.points
    assert len(got) == len(expected)
    assert list(got["series_id"]) == list(expected["series_id"])
    assert (got["period"].to_numpy() == expected["period"].to_numpy()).all()
    for mine, theirs in [
        ("mean", "mean"),
        ("lpl", "lpl"),
        ("upl", "upl"),
        ("lower_two_sigma", "two_sigma_lower"),
        ("upper_two_sigma", "two_sigma_upper"),
    ]:
        np.testing.assert_allclose(got[mine], expected[theirs].astype(float), atol=TOL, rtol=0)
    assert list(got["point_type"]) == list(expected["point_type"])
    outside = (got["outside_high"] | got["outside_low"]).tolist()
    assert outside == expected["outside_limits"].tolist()
    assert list(got["partition"]) == list(expected["rebase_group"])
    assert list(got["short_group_warning"]) == list(expected["short_group_warning"])
    summary = result.summary.set_index("series_id")
    rename = {"inconsistent": "hit_and_miss"}
    for icon in fx["expected"]["icons"]:
        sid = str(icon["f"])
        column = "variation_icon" if icon["type"] == "variation" else "assurance_icon"
        assert summary.loc[sid, column] == rename.get(icon["icon"], icon["icon"]), icon
    if "target" not in fx["params"] or fx["params"]["improvement_direction"] == "neutral":
        assert (summary["assurance_icon"] == "none").all()


UNIT = _load(FIXTURES / "nhsrplotthedots" / "nhsr_rule_unit_vectors.json")


def _starts(n: int) -> np.ndarray:
    return rules.chain_starts(np.zeros(n, dtype=int))


@pytest.mark.parametrize("case", UNIT["seven_point_one_side_mean"]["cases"])
def test_nhsr_unit_seven_points_one_side(case: dict) -> None:
    rtm = np.array(case["input"], dtype=float)
    high, low = rules.shift(rtm > 0, rtm < 0, _starts(len(rtm)), 7)
    # the upstream helper marks the 7th and later points; the part-of helper widens it
    marker = np.array(case["expected"], dtype=bool)
    part = np.zeros(len(rtm), dtype=bool)
    for i in np.flatnonzero(marker):
        part[max(0, i - 6) : i + 1] = True
    assert list(high | low) == list(part)


@pytest.mark.parametrize("case", UNIT["seven_point_trend"]["cases"])
def test_nhsr_unit_seven_point_trend(case: dict) -> None:
    y = np.array(case["input"], dtype=float)
    up, down = rules.trend(y, _starts(len(y)), 7)
    expected = np.array(case["expected"])
    # a point ending a 7-point run is flagged with the six before it
    ends_up = up & ~np.r_[up[1:], False] if len(y) else up
    assert list(np.flatnonzero(ends_up)) == list(np.flatnonzero(expected == 1))
    ends_down = down & ~np.r_[down[1:], False] if len(y) else down
    assert list(np.flatnonzero(ends_down)) == list(np.flatnonzero(expected == -1))


@pytest.mark.parametrize("case", UNIT["part_of_two_in_three"]["cases"])
def test_nhsr_unit_part_of_two_in_three(case: dict) -> None:
    close = np.array(case["close"], dtype=bool)
    rtm = np.array(case["rtm"])
    high, low = rules.two_of_three(
        rtm > 0, rtm < 0, close & (rtm > 0), close & (rtm < 0), _starts(len(rtm))
    )
    assert list((high | low).astype(int)) == case["expected"]


@pytest.mark.parametrize("case", UNIT["two_in_three"]["cases"])
def test_nhsr_unit_two_in_three_only_close_points(case: dict) -> None:
    close = np.array(case["close"], dtype=bool)
    rtm = np.array(case["rtm"])
    high, low = rules.two_of_three(
        rtm > 0, rtm < 0, close & (rtm > 0), close & (rtm < 0), _starts(len(rtm))
    )
    expected = np.array(case["expected"], dtype=bool) & close
    assert list(high | low) == list(expected)


def test_nhsr_unit_assurance() -> None:
    for case in UNIT["assurance"]["cases"]:
        if case["target"] is None:
            continue
        from tracker.spc import assurance_icons

        rows = case["rows"]
        direction = {"increase": 1, "decrease": -1, "neutral": 0}[case["improvement_direction"]]
        icons = assurance_icons(
            np.full(len(rows), float(case["target"])),
            np.array([r["lpl"] for r in rows], dtype=float),
            np.array([r["upl"] for r in rows], dtype=float),
            np.full(len(rows), direction),
            np.ones(len(rows), dtype=bool),
            inclusive=False,
        )
        rename = {
            "consistent_pass": "pass",
            "consistent_fail": "fail",
            "inconsistent": "hit_and_miss",
            None: "none",
        }
        assert list(icons) == [rename[e] for e in case["expected_per_facet"]]


def test_nhsr_unit_precedence() -> None:
    mock = UNIT["special_cause_type_precedence"]["mocked_case"]
    rtm = np.array(mock["relative_to_mean"])
    outside = np.array(mock["outside_limits"]) != 0
    trend = np.array(mock["part_seven_trend"]) != 0
    shift = np.array(mock["part_seven_one_side"]) != 0
    tot = np.array(mock["part_two_in_three"]) != 0
    y = np.array(mock["y"], dtype=float)
    trend_high = rules.nhsr_trend_is_high(y, trend, _starts(len(y)))
    high, low = rules.precedence_side(
        outside & (rtm > 0), outside & (rtm <= 0), trend, trend_high,
        tot & (rtm > 0), tot & (rtm < 0), shift & (rtm > 0), shift & (rtm < 0),
    )  # fmt: skip
    side = ["Above" if h else "Below" if lo else "" for h, lo in zip(high, low, strict=True)]
    expected = [
        "Above" if ("Above" in e or "Increasing" in e) else
        "Below" if ("Below" in e or "Decreasing" in e) else ""
        for e in mock["expected"]
    ]  # fmt: skip
    assert side == expected


def test_nhsr_unit_short_group_warning() -> None:
    for case in UNIT["short_group_warning"]["cases"]:
        sizes = case["group_sizes"]
        rows = sum(sizes)
        points = pd.DataFrame(
            {"series_id": "s", "period": _days(rows), "value": np.arange(rows) % 5}
        )
        cut = np.cumsum(sizes)[:-1]
        recalcs = pd.DataFrame({"series_id": "s", "date": [_days(rows)[c] for c in cut]})
        series = pd.DataFrame({"series_id": ["s"], "direction": ["increase"]})
        settings = SpcSettings(preset=Preset.nhsr, warning_threshold=case["threshold"])
        got = analyse(points, series, recalcs, settings).points
        per_group = got.groupby("partition")["short_group_warning"].first().tolist()
        assert per_group == case["expected"]


def test_sql_outlier_reference() -> None:
    fx = _load(FIXTURES / "sql_reference" / "sql_mr_outlier_exclusion.json")
    values = fx["input"]["values"]
    points = pd.DataFrame({"series_id": "s", "period": _days(len(values)), "value": values})
    series = pd.DataFrame({"series_id": ["s"], "direction": ["increase"]})
    exp = fx["expected"]
    cases = [
        (SpcSettings(screen_outliers=True), exp["sql_v2_6_exclude_outliers_on"], "sql"),
        (SpcSettings(preset=Preset.nhsr), exp["nhsr_screen_outliers_true"], "nhsr"),
        (SpcSettings(preset=Preset.nhsr, screen_outliers=False),
         exp["nhsr_screen_outliers_false"], "nhsr"),
        (SpcSettings(), exp["nhsr_screen_outliers_false"], "none"),
    ]  # fmt: skip
    for settings, want, kind in cases:
        row = analyse(points, series, None, settings).points.iloc[4]
        if kind == "sql":
            assert row["mean"] == pytest.approx(want["meanWithoutOutliers"], abs=TOL)
            assert row["upl"] == pytest.approx(want["upl"], abs=TOL)
            assert row["lpl"] == pytest.approx(want["lpl"], abs=TOL)
            assert row["upper_two_sigma"] == pytest.approx(want["twoSigmaUpper"], abs=TOL)
            assert row["lower_two_sigma"] == pytest.approx(want["twoSigmaLower"], abs=TOL)
            assert row["upper_one_sigma"] == pytest.approx(want["oneSigmaUpper"], abs=TOL)
            assert row["lower_one_sigma"] == pytest.approx(want["oneSigmaLower"], abs=TOL)
        else:
            assert row["mean"] == pytest.approx(want["mean"], abs=1e-9)
            assert row["upl"] == pytest.approx(want["upl"], abs=1e-9)
            assert row["lpl"] == pytest.approx(want["lpl"], abs=1e-9)
            assert row["point_type"] == want["point_5_point_type"]


def test_anhoej_critical_values() -> None:
    with (FIXTURES / "anhoej" / "anhoej_critical_values_n10_100.csv").open() as handle:
        table = list(csv.DictReader(handle))
    assert len(table) == 91
    for row in table:
        n = int(row["n_useful"])
        assert longest_run_max(n) == int(row["longest_run_max"]), n
        assert crossings_min(n) == int(row["min_crossings"]), n
