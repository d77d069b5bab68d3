"""Tests for goal arithmetic: trajectories, each goal status, and milestone slippage."""

import json
from datetime import date

import numpy as np
import pandas as pd
import pytest

from tracker.progress import (
    GOAL_STATUS_COLUMNS,
    GoalStatus,
    goal_status,
    milestone_lists,
    milestone_slippage,
    share_of_the_way,
    trajectory_value,
)

TODAY = date(2026, 11, 23)
OCT = pd.Timestamp("2026-10-01")
PLAN_AT_OCT = json.dumps([{"period": "2026-10-01", "value": 75.0}])
"""An explicit point so the planned value in October is exactly 75.0."""


def goals_frame(*rows: dict[str, object]) -> pd.DataFrame:
    """Return goals shaped like store.queries.goals, from partial rows."""
    defaults: dict[str, object] = {
        "initiative": "UEC-01",
        "statement": "Raise 4-hour performance to 80%",
        "baseline_value": 70.0,
        "baseline_period": pd.Timestamp("2026-04-01"),
        "target_value": 80.0,
        "target_date": pd.Timestamp("2027-03-31"),
        "trajectory": PLAN_AT_OCT,
    }
    return pd.DataFrame([{**defaults, "measure": f"{r['code']}-M", **r} for r in rows])


def latest_frame(values: dict[str, float], period: pd.Timestamp = OCT) -> pd.DataFrame:
    return pd.DataFrame(
        {"measure": list(values), "period": [period] * len(values), "value": list(values.values())}
    )


def spc_frame(*rows: dict[str, object]) -> pd.DataFrame:
    defaults = {
        "last_point_type": "common_cause",
        "variation_icon": "common_cause",
        "assurance_icon": "hit_and_miss",
    }
    return pd.DataFrame([{**defaults, **r} for r in rows])


MEASURES = pd.DataFrame(
    {"code": ["G1-M", "G2-M"], "unit": ["%", "%"], "decimals": [1, 1]},
)


def one_status(
    value: float | None,
    spc: dict[str, object] | None = None,
    today: date = TODAY,
    **goal: object,
) -> pd.Series:
    """Return the goal_status row of a single goal G1 whose latest (Oct) value is `value`."""
    goals = goals_frame({"code": "G1", **goal})
    latest = latest_frame({} if value is None else {"G1-M": value})
    summary = spc_frame({"series_id": "G1-M", **(spc or {})})
    return goal_status(goals, latest, summary, today, MEASURES).iloc[0]


# --- trajectory -------------------------------------------------------------------------------


def test_linear_trajectory_from_baseline_to_target() -> None:
    goals = goals_frame(
        {
            "code": "G1",
            "baseline_period": pd.Timestamp("2026-01-01"),
            "target_date": pd.Timestamp("2027-01-01"),
            "baseline_value": 0.0,
            "target_value": 365.0,
            "trajectory": "[]",
        }
    )
    planned = trajectory_value(goals, date(2026, 2, 1))
    assert planned.iloc[0] == pytest.approx(31.0)


def test_explicit_points_are_joined_linearly() -> None:
    points = [{"period": "2026-06-01", "value": 70.0}, {"period": "2026-08-01", "value": 76.0}]
    goals = goals_frame({"code": "G1", "trajectory": json.dumps(points)})
    planned = trajectory_value(goals, [date(2026, 7, 1)])
    # 30 of the 61 days from 1 Jun to 1 Aug: 70 + 6 * 30 / 61.
    assert planned.iloc[0] == pytest.approx(70 + 6 * 30 / 61)
    assert trajectory_value(goals, [date(2026, 5, 1)]).iloc[0] == pytest.approx(70.0)


def test_trajectory_is_flat_outside_baseline_and_target() -> None:
    goals = goals_frame({"code": "G1", "trajectory": ""})
    planned = trajectory_value(goals, [date(2025, 1, 1)])
    assert planned.iloc[0] == 70.0
    assert trajectory_value(goals, [date(2028, 1, 1)]).iloc[0] == 80.0


def test_trajectory_per_goal_periods_and_missing_period() -> None:
    goals = goals_frame({"code": "G1"}, {"code": "G2", "trajectory": None})
    planned = trajectory_value(goals, pd.Series([OCT, pd.NaT]))
    assert planned.iloc[0] == 75.0
    assert np.isnan(planned.iloc[1])
    assert list(planned.index) == list(goals.index)


def test_trajectory_of_no_goals_is_empty() -> None:
    assert trajectory_value(goals_frame({"code": "G1"}).iloc[:0], []).empty


def test_trajectory_needs_one_period_per_goal() -> None:
    with pytest.raises(ValueError, match="2 values for 1 goals"):
        trajectory_value(goals_frame({"code": "G1"}), [OCT, OCT])


# --- goal status: one test per status --------------------------------------------------------


def test_no_data() -> None:
    row = one_status(None)
    assert row["status"] == GoalStatus.no_data
    assert row["reason"] == "No data yet for measure G1-M."
    assert np.isnan(row["gap"])


def test_achieved_when_latest_meets_the_target() -> None:
    row = one_status(80.0, {"last_point_type": "special_cause_concern"})
    assert row["status"] == GoalStatus.achieved
    assert row["reason"] == "Latest 80.0% (Oct 2026) meets the target of 80.0%."


def test_achieved_for_a_goal_to_reduce() -> None:
    row = one_status(3.5, baseline_value=10.0, target_value=4.0, trajectory="[]")
    assert row["status"] == GoalStatus.achieved


def test_on_track_when_ahead_with_common_cause() -> None:
    row = one_status(75.4)
    assert row["status"] == GoalStatus.on_track
    assert row["planned_value"] == 75.0
    assert row["gap"] == pytest.approx(0.4)
    assert (
        row["reason"] == "Latest 75.4% (Oct 2026) is 0.4 points ahead of the trajectory of 75.0%."
    )


def test_on_track_exactly_on_the_trajectory() -> None:
    row = one_status(75.0)
    assert row["status"] == GoalStatus.on_track
    assert "is on the trajectory of 75.0%" in row["reason"]


def test_at_risk_when_a_little_behind() -> None:
    row = one_status(74.5)
    assert row["status"] == GoalStatus.at_risk
    assert row["reason"] == "Latest 74.5% (Oct 2026) is 0.5 points behind the trajectory of 75.0%."


def test_at_risk_when_ahead_but_in_special_cause_concern() -> None:
    row = one_status(
        76.0, {"last_point_type": "special_cause_concern", "variation_icon": "concern_low"}
    )
    assert row["status"] == GoalStatus.at_risk
    assert row["reason"].endswith("; the measure shows special cause concern.")


def test_failing_assurance_far_from_the_target_date_is_only_at_risk() -> None:
    row = one_status(75.5, {"assurance_icon": "fail"})
    assert row["status"] == GoalStatus.at_risk
    assert "assurance fail" in row["reason"]


def test_off_track_when_behind_by_more_than_the_tolerance() -> None:
    row = one_status(73.9)
    assert row["status"] == GoalStatus.off_track
    assert row["gap"] == pytest.approx(-1.1)
    assert "1.1 points behind the trajectory of 75.0%" in row["reason"]


def test_off_track_when_slightly_behind_in_special_cause_concern() -> None:
    row = one_status(74.8, {"variation_icon": "concern_low"})
    assert row["status"] == GoalStatus.off_track
    assert row["reason"] == (
        "Latest 74.8% (Oct 2026) is 0.2 points behind the trajectory of 75.0%; "
        "the measure shows special cause concern."
    )


def test_off_track_when_failing_assurance_close_to_the_target_date() -> None:
    row = one_status(75.5, {"assurance_icon": "fail"}, target_date=pd.Timestamp("2027-01-31"))
    assert row["status"] == GoalStatus.off_track
    assert row["reason"].endswith(
        "; the process limits do not reach the target (assurance fail), "
        "with 69 days left to 31 Jan 2027."
    )


def test_off_track_once_the_target_date_has_passed() -> None:
    row = one_status(79.0, target_date=pd.Timestamp("2026-11-01"), trajectory="[]")
    assert row["status"] == GoalStatus.off_track
    assert row["reason"].endswith("; the target date 1 Nov 2026 has passed.")


def test_decreasing_goal_behind_is_above_the_plan() -> None:
    plan = json.dumps([{"period": "2026-10-01", "value": 8.0}])
    row = one_status(9.5, baseline_value=10.0, target_value=4.0, trajectory=plan)
    assert row["status"] == GoalStatus.off_track
    assert row["gap"] == pytest.approx(-1.5)
    assert "1.5 points behind" in row["reason"]


def test_goal_without_direction_is_at_risk_until_it_reaches_the_target() -> None:
    row = one_status(71.0, target_value=70.0, trajectory="[]")
    assert row["status"] == GoalStatus.at_risk
    assert one_status(70.0, target_value=70.0, trajectory="[]")["status"] == GoalStatus.achieved


def test_latest_value_is_the_newest_non_empty_point() -> None:
    goals = goals_frame({"code": "G1"})
    latest = pd.DataFrame(
        {
            "measure": ["G1-M", "G1-M", "G1-M"],
            "period": pd.to_datetime(["2026-09-01", "2026-10-01", "2026-11-01"]),
            "value": [74.0, 75.4, np.nan],
        }
    )
    row = goal_status(goals, latest, spc_frame({"series_id": "X"}), TODAY).iloc[0]
    assert row["latest_period"] == OCT
    assert row["latest_value"] == 75.4
    assert row["status"] == GoalStatus.on_track
    # Without measures the reason uses plain numbers with one decimal.
    assert row["reason"].startswith("Latest 75.4 (Oct 2026) is 0.4 ahead")


def test_goal_status_columns_and_one_row_per_goal() -> None:
    goals = goals_frame({"code": "G1"}, {"code": "G2"})
    result = goal_status(
        goals, latest_frame({"G2-M": 76.0}), spc_frame({"series_id": "G2-M"}), TODAY
    )
    assert list(result.columns) == GOAL_STATUS_COLUMNS
    assert list(result["status"]) == [GoalStatus.no_data, GoalStatus.on_track]


# --- milestones --------------------------------------------------------------------------------


def milestones_frame() -> pd.DataFrame:
    rows = [
        # code, baseline, forecast, completed, status
        ("MS-1", "2026-10-01", "2026-10-01", "2026-10-20", "complete"),
        ("MS-2", "2026-10-01", "2026-11-10", None, "on track"),
        ("MS-3", "2026-11-01", "2026-12-15", None, "late"),
        ("MS-4", "2026-12-31", "2026-12-15", None, "on track"),
    ]
    return pd.DataFrame(
        {
            "code": [r[0] for r in rows],
            "initiative": "UEC-01",
            "title": ["Open SDEC", "Recruit", "Pathway", "Launch"],
            "owner": "Lee Lead",
            "baseline_date": pd.to_datetime([r[1] for r in rows]),
            "forecast_date": pd.to_datetime([r[2] for r in rows]),
            "completed_date": pd.to_datetime([r[3] for r in rows]),
            "status": [r[4] for r in rows],
        }
    )


def test_milestone_slippage() -> None:
    result = milestone_slippage(milestones_frame(), TODAY).set_index("code")
    assert list(result["slip_days"]) == [19, 40, 44, -16]
    assert list(result["slipped"]) == [True, True, True, False]
    # MS-2: forecast passed and not complete; MS-3: its owner marked it late.
    assert list(result["is_late"]) == [False, True, True, False]
    assert pd.isna(result.loc["MS-1", "due_in_days"])
    assert result.loc["MS-2", "due_in_days"] == -13
    assert result.loc["MS-4", "due_in_days"] == 22


@pytest.mark.parametrize(
    ("baseline", "latest", "target", "share"),
    [
        (70.0, 74.0, 78.0, 0.5),  # a goal to raise, half way
        (12.0, 11.0, 8.0, 0.25),  # a goal to lower, a quarter of the way
        (70.0, 65.0, 78.0, 0.0),  # worse than the baseline
        (70.0, 80.0, 78.0, 1.0),  # beyond the target
        (9.0, 9.0, 9.0, 1.0),  # no direction, target met
        (9.0, 10.0, 9.0, 0.0),  # no direction, target missed
    ],
)
def test_share_of_the_way_from_baseline_to_target(baseline, latest, target, share) -> None:
    result = share_of_the_way(pd.Series([baseline]), pd.Series([latest]), pd.Series([target]))
    assert result.iloc[0] == pytest.approx(share)


def test_share_of_the_way_without_a_value_is_unknown() -> None:
    result = share_of_the_way(pd.Series([70.0]), pd.Series([np.nan]), pd.Series([78.0]))
    assert np.isnan(result.iloc[0])


@pytest.mark.parametrize(
    ("baseline", "forecast", "completed", "status", "late", "slipped"),
    [
        ("2026-12-01", "2027-01-01", None, "on track", False, True),  # 31 days later
        ("2026-12-01", "2026-12-31", None, "at risk", False, False),  # exactly 30: not more
        ("2026-06-01", "2026-09-01", "2026-09-01", "complete", False, False),  # done: history
        ("2026-09-01", "2026-11-10", None, "on track", True, False),  # forecast passed: late
        ("2026-11-01", "2026-12-15", None, "late", True, False),  # marked late by its owner
    ],
)
def test_late_and_slipped_are_one_rule_each_and_never_both(
    baseline, forecast, completed, status, late, slipped
) -> None:
    frame = pd.DataFrame(
        {
            "code": ["MS-X"],
            "initiative": "UEC-01",
            "title": "Open SDEC",
            "owner": "Lee Lead",
            "baseline_date": pd.to_datetime([baseline]),
            "forecast_date": pd.to_datetime([forecast]),
            "completed_date": pd.to_datetime([completed]),
            "status": [status],
        }
    )
    row = milestone_slippage(frame, TODAY).iloc[0]
    assert (bool(row["is_late"]), bool(row["is_slipped"])) == (late, slipped)


def test_milestone_lists_choose_by_initiative_and_owner_and_sort_each_list() -> None:
    frame = milestone_slippage(milestones_frame(), TODAY)
    lists = milestone_lists(frame)
    # MS-2's forecast (10 Nov) has passed; MS-3 is marked late (forecast 15 Dec).
    assert list(lists.late["code"]) == ["MS-2", "MS-3"]
    # Not one is slipped: MS-2 (40 days) and MS-3 (44) are late, MS-1 is complete.
    assert lists.slipped.empty
    # Both incomplete milestones forecast on 15 Dec, 22 days from 23 Nov, are due soon.
    assert list(lists.soon["code"]) == ["MS-3", "MS-4"]
    assert lists.complete == 1 and len(lists.chosen) == 4
    assert milestone_lists(frame, initiatives=["UEC-01"], owners=["Lee Lead"]).complete == 1
    assert milestone_lists(frame, owners=["Someone Else"]).chosen.empty


def test_the_most_slipped_milestone_comes_first() -> None:
    frame = milestones_frame().set_index("code")
    frame.loc["MS-2", "forecast_date"] = pd.Timestamp("2026-12-05")  # 65 days after 1 Oct
    frame.loc["MS-4", "forecast_date"] = pd.Timestamp("2027-03-01")  # 60 days after 31 Dec
    lists = milestone_lists(milestone_slippage(frame.reset_index(), TODAY))
    assert list(lists.slipped["code"]) == ["MS-2", "MS-4"]
    assert list(lists.slipped["slip_days"]) == [65, 60]
