"""Tests for the exceptions list: each kind, its reason in words, and the severity order."""

from datetime import date

import pandas as pd
import pytest

from tracker import attention
from tracker.attention import (
    EXCEPTION_COLUMNS,
    REGISTER_COLUMNS,
    SEVERITY,
    ExceptionKind,
    exceptions,
    with_registers,
)
from tracker.due import due_items
from tracker.progress import milestone_slippage

TODAY = date(2026, 11, 23)

MEASURES = pd.DataFrame(
    {
        "code": ["M-CONCERN", "M-FAIL", "M-HIT", "M-PASS", "M-LATE"],
        "initiative": ["UEC-01", "UEC-01", "UEC-02", "UEC-02", "UEC-02"],
        "name": ["4-hour performance", "Ambulance handovers", "Length of stay", "NCTR", "Beds"],
        "frequency": ["monthly", "weekly", "monthly", "monthly", "monthly"],
        "unit": ["%", "minutes", "days", "count", "count"],
        "decimals": [1, 0, 1, 0, 0],
        "owner": ["Ann Analyst"] * 5,
        "update_lag_days": [10] * 5,
    }
)


def spc_frame() -> pd.DataFrame:
    rows = [
        ("M-CONCERN", "special_cause_concern", "concern_low", "none", 71.2, 72.0, 78.0),
        ("M-FAIL", "common_cause", "common_cause", "fail", 45.0, 35.0, 15.0),
        ("M-HIT", "common_cause", "common_cause", "hit_and_miss", 5.1, 5.0, 4.8),
        ("M-PASS", "special_cause_improvement", "improvement_low", "pass", 10.0, 12.0, 30.0),
        ("M-LATE", "common_cause", "common_cause", "none", 100.0, 100.0, float("nan")),
    ]
    return pd.DataFrame(
        {
            "series_id": [r[0] for r in rows],
            "n": 24,
            "chart": "xmr",
            "last_period": pd.Timestamp("2026-10-01"),
            "last_point_type": [r[1] for r in rows],
            "variation_icon": [r[2] for r in rows],
            "assurance_icon": [r[3] for r in rows],
            "last_value": [r[4] for r in rows],
            "mean": [r[5] for r in rows],
            "lpl": [r[5] - 4 if r[0] != "M-FAIL" else 25.0 for r in rows],
            "upl": [r[5] + 4 if r[0] != "M-FAIL" else 45.0 for r in rows],
            "target": [r[6] for r in rows],
        }
    )


def goals_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["G-OFF", "G-ON", "G-RISK"],
            "initiative": ["UEC-01", "UEC-01", "UEC-02"],
            "measure": ["M-CONCERN", "M-HIT", "M-PASS"],
            "statement": ["Reach 78% by March 2027", "Cut stays", "Fewer NCTR"],
            "status": ["off_track", "on_track", "at_risk"],
            "reason": [
                "Latest 71.2% (Oct 2026) is 2.1 points behind the trajectory of 73.3%.",
                "",
                "",
            ],
        }
    )


def milestones_frame() -> pd.DataFrame:
    rows = [
        # code, baseline, forecast, completed, status
        ("MS-LATE", "2026-10-01", "2026-11-10", None, "on track"),
        ("MS-MARKED", "2026-11-01", "2026-12-15", None, "late"),
        ("MS-SLIP", "2026-12-01", "2027-01-15", None, "on track"),
        ("MS-SLIP30", "2026-12-01", "2026-12-31", None, "at risk"),
        ("MS-DONE", "2026-06-01", "2026-09-01", "2026-09-01", "complete"),
    ]
    return pd.DataFrame(
        {
            "code": [r[0] for r in rows],
            "initiative": "UEC-02",
            "title": [f"Milestone {r[0]}" for r in rows],
            "owner": "Lee Lead",
            "baseline_date": pd.to_datetime([r[1] for r in rows]),
            "forecast_date": pd.to_datetime([r[2] for r in rows]),
            "completed_date": pd.to_datetime([r[3] for r in rows]),
            "status": [r[4] for r in rows],
        }
    )


def due_frame() -> pd.DataFrame:
    initiatives = pd.DataFrame(
        {
            "code": ["UEC-01", "UEC-02"],
            "name": ["Same day emergency care", "Discharge"],
            "lead": ["Lee Lead", "Pat Lead"],
            "status": ["active", "active"],
            "checkin_frequency": ["monthly", "monthly"],
            "start_date": pd.Timestamp("2026-04-01"),
        }
    )
    data = pd.DataFrame(
        {
            "measure": ["M-CONCERN", "M-FAIL", "M-HIT", "M-PASS", "M-LATE"],
            # M-FAIL is weekly and up to date but for w/c 16 Nov, which is only due (not overdue).
            "period": pd.to_datetime(
                ["2026-10-01", "2026-11-09", "2026-10-01", "2026-10-01", "2026-08-01"]
            ),
        }
    )
    check_ins = pd.DataFrame(
        {"initiative": ["UEC-01", "UEC-02"], "period": pd.to_datetime(["2026-09-01", "2026-10-01"])}
    )
    return due_items(MEASURES, data, initiatives, check_ins, TODAY)


@pytest.fixture(scope="module")
def result() -> pd.DataFrame:
    return exceptions(
        spc_frame(),
        MEASURES,
        goals_frame(),
        milestone_slippage(milestones_frame(), TODAY),
        due_frame(),
        TODAY,
    )


def reason(result: pd.DataFrame, kind: ExceptionKind, code: str) -> str:
    rows = result[(result["kind"] == kind) & (result["code"] == code)]
    assert len(rows) == 1, f"expected one {kind} row for {code}"
    return str(rows.iloc[0]["reason"])


def test_columns_and_order(result: pd.DataFrame) -> None:
    assert list(result.columns) == EXCEPTION_COLUMNS
    assert list(zip(result["severity"], result["code"], strict=True)) == [
        (1, "M-CONCERN"),
        (2, "G-OFF"),
        (3, "M-FAIL"),
        (4, "MS-LATE"),
        (4, "MS-MARKED"),
        (5, "M-HIT"),
        (6, "MS-SLIP"),
        (7, "M-LATE"),
        (8, "UEC-01"),
    ]


def test_every_kind_has_a_distinct_severity() -> None:
    assert set(SEVERITY) == set(ExceptionKind)
    assert sorted(SEVERITY.values()) == list(range(1, len(ExceptionKind) + 1))


def test_special_cause_concern(result: pd.DataFrame) -> None:
    row = result[result["kind"] == ExceptionKind.special_cause_concern].iloc[0]
    assert (row["initiative"], row["title"], row["link_page"]) == (
        "UEC-01",
        "4-hour performance",
        "measure",
    )
    assert row["reason"] == (
        "The latest value, 71.2% for Oct 2026, is special cause concern: the measure has "
        "changed for the worse beyond its usual variation."
    )


def test_assurance_fail(result: pd.DataFrame) -> None:
    assert reason(result, ExceptionKind.assurance_fail, "M-FAIL") == (
        "The target of 15 minutes lies outside the process limits (25 minutes to 45 minutes): "
        "it will keep being missed unless the process changes."
    )


def test_assurance_hit_and_miss(result: pd.DataFrame) -> None:
    assert reason(result, ExceptionKind.assurance_hit_and_miss, "M-HIT") == (
        "The target of 4.8 days lies within the process limits (1.0 days to 9.0 days): "
        "it will sometimes be met and sometimes missed."
    )


def test_passing_and_no_assurance_are_not_exceptions(result: pd.DataFrame) -> None:
    measure_rows = result[result["link_page"] == "measure"]
    assert "M-PASS" not in set(measure_rows["code"])
    assert not ((result["code"] == "M-CONCERN") & result["kind"].str.startswith("assurance")).any()


def test_goal_off_track_only(result: pd.DataFrame) -> None:
    goals = result[result["kind"] == ExceptionKind.goal_off_track]
    assert list(goals["code"]) == ["G-OFF"]
    assert goals.iloc[0]["title"] == "Reach 78% by March 2027"
    assert goals.iloc[0]["link_page"] == "initiative"
    assert goals.iloc[0]["reason"].startswith("Latest 71.2% (Oct 2026)")


def test_milestone_late_by_forecast_and_by_status(result: pd.DataFrame) -> None:
    assert reason(result, ExceptionKind.milestone_late, "MS-LATE") == (
        "Not complete, and its forecast of 10 Nov 2026 passed 13 days ago (baseline 1 Oct 2026)."
    )
    assert reason(result, ExceptionKind.milestone_late, "MS-MARKED") == (
        "Marked late by its owner; forecast 15 Dec 2026 (baseline 1 Nov 2026)."
    )


def test_milestone_slipped_more_than_30_days(result: pd.DataFrame) -> None:
    slipped = result[result["kind"] == ExceptionKind.milestone_slipped]
    # MS-SLIP30 slipped exactly 30 days, MS-DONE is complete, late ones are listed as late.
    assert list(slipped["code"]) == ["MS-SLIP"]
    assert slipped.iloc[0]["reason"] == (
        "Forecast moved from 1 Dec 2026 to 15 Jan 2027, 45 days later than planned."
    )


def test_data_overdue_names_period_due_date_and_owner(result: pd.DataFrame) -> None:
    assert reason(result, ExceptionKind.data_overdue, "M-LATE") == (
        "Data for Sep 2026 was due on 10 Oct 2026 and is 44 days overdue "
        "(2 periods outstanding); owed by Ann Analyst."
    )


def test_checkin_overdue_and_due_items_are_not_exceptions(result: pd.DataFrame) -> None:
    assert reason(result, ExceptionKind.checkin_overdue, "UEC-01") == (
        "The check-in for Oct 2026 was due on 10 Nov 2026 and is 13 days overdue; owed by Lee Lead."
    )
    checkins = result[result["kind"] == ExceptionKind.checkin_overdue]
    assert list(checkins["link_page"]) == ["initiative"]
    # M-FAIL's weekly data is due on 25 Nov: due, not overdue, so not an exception.
    assert not ((result["kind"] == ExceptionKind.data_overdue) & (result["code"] == "M-FAIL")).any()


def test_nothing_to_report_gives_an_empty_list() -> None:
    empty = exceptions(
        spc_frame().iloc[:0],
        MEASURES,
        goals_frame().iloc[:0],
        milestone_slippage(milestones_frame().iloc[:0], TODAY),
        due_frame().iloc[:0],
        TODAY,
    )
    assert empty.empty
    assert list(empty.columns) == EXCEPTION_COLUMNS


def test_of_kind_keeps_only_the_rows_of_that_kind():
    found = pd.DataFrame({"kind": ["goal_off_track", "assurance_fail", "goal_off_track"]})
    assert len(attention.of_kind(found, attention.ExceptionKind.goal_off_track)) == 2
    assert attention.of_kind(found, attention.ExceptionKind.milestone_late).empty


def test_the_registers_rows_take_their_severity_and_page(result: pd.DataFrame) -> None:
    registers = pd.DataFrame(
        [
            ["risk_review_overdue", "R1", "UEC-01", "Nurses", "Review late."],
            ["risk_above_line", "R2", None, "Funding", "Scores 20."],
            ["benefit_behind_plan", "B1", "UEC-01", "Agency", "Behind."],
        ],
        columns=REGISTER_COLUMNS,
    )
    both = with_registers(result, registers)
    assert len(both) == len(result) + 3
    added = both[both["code"].isin(["R1", "R2", "B1"])]
    # Severity 9 (above the line) before 12 (behind plan) before 14 (review overdue), after
    # every measure, goal, milestone and update kind.
    assert added["code"].tolist() == ["R2", "B1", "R1"]
    assert added["severity"].tolist() == [9, 12, 14]
    assert added["link_page"].tolist() == ["risks", "benefits", "risks"]
    assert both["severity"].is_monotonic_increasing
