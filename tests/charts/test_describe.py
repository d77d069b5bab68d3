"""Each chart in words and as a table: hand-made series, the engine's own icons and signals."""

from datetime import date

import numpy as np
import pandas as pd

from tracker.charts.describe import (
    LISTED_DATES,
    checkin_words,
    goal_words,
    milestone_words,
    spc_words,
)
from tracker.spc import analyse

MONTHS = pd.date_range("2025-01-01", periods=15, freq="MS")
"""Jan 2025 to Mar 2026."""
STEADY = [10.0, 12.0] * 7
"""Fourteen points alternating 10 and 12: every moving range is 2."""


def _engine(values, direction="increase", target=np.nan):
    points = pd.DataFrame({"series_id": "M1", "period": MONTHS[: len(values)], "value": values})
    series = pd.DataFrame(
        {"series_id": ["M1"], "direction": [direction], "target": [target], "baseline_n": [0]}
    )
    result = analyse(points, series)
    return result.points, result.summary.iloc[0]


def _targets(*revisions):
    return pd.DataFrame(
        {
            "value": [v for v, _, _ in revisions],
            "effective_from": pd.to_datetime([f for _, f, _ in revisions]),
            "effective_to": pd.to_datetime([t for _, _, t in revisions]),
        }
    )


def test_spc_words_name_the_latest_value_both_icons_and_the_signal():
    # A jump to 20 after fourteen steady points: mean 174/15 = 11.6, mR-bar 34/14, so the
    # limits are 11.6 ± 2.66 × 34/14 = 5.14 to 18.06. 20 is above the upper limit: special
    # cause improvement (higher is better), the variation icon is improvement (high). A target
    # of 5 is below the lower limit, so the process consistently passes it.
    points, summary = _engine([*STEADY, 20.0], target=5.0)
    assert summary["variation_icon"] == "improvement_high"
    assert summary["assurance_icon"] == "pass"
    words = spc_words(
        points,
        _targets((5.0, "2025-01-01", None)),
        name="Patients seen within 4 hours",
        unit="%",
        decimals=1,
        variation_icon=summary["variation_icon"],
        assurance_icon=summary["assurance_icon"],
    )
    assert (
        "SPC chart (XmR) of Patients seen within 4 hours: 15 values from Jan 2025 to Mar 2026"
        in words.text
    )
    assert "Latest value 20.0% in Mar 2026, special cause improvement." in words.text
    assert "Variation: ▲ Improvement (high) — special cause improvement (high)." in words.text
    assert "Assurance: ✔ Pass — consistently passing the target." in words.text
    assert "Mean 11.6%, process limits 5.1% to 18.1%." in words.text
    assert "Target 5.0%." in words.text
    assert (
        "Signals: special cause improvement at 1 point: Mar 2026 (beyond a process limit)."
        in words.text
    )
    last = words.table.iloc[-1]
    assert last.to_dict() == {
        "Period": "Mar 2026",
        "Value": "20.0%",
        "Point type": "Special cause improvement",
        "Rules": "beyond a process limit",
        "Mean": "11.6%",
        "Lower limit": "5.1%",
        "Upper limit": "18.1%",
        "Target": "5.0%",
    }
    assert len(words.table) == 15


def test_spc_words_read_a_concern_when_lower_is_better():
    # The same jump where lower is better is a concern; a target of 25 is above the upper limit
    # (18.06), so the process passes it too, and the words say so from the engine's icons.
    points, summary = _engine([*STEADY, 20.0], direction="decrease", target=25.0)
    assert summary["variation_icon"] == "concern_high"
    words = spc_words(
        points, name="Falls", unit="count", decimals=0,
        variation_icon=summary["variation_icon"], assurance_icon=summary["assurance_icon"],
    )  # fmt: skip
    assert "Latest value 20 in Mar 2026, special cause concern." in words.text
    assert "Variation: ▲ Concern (high)" in words.text
    assert "Assurance: ✔ Pass" in words.text
    assert "Signals: special cause concern at 1 point: Mar 2026" in words.text
    assert "No target." in words.text  # no target line was given to draw


def test_spc_words_of_a_run_chart_say_it_has_no_limits_or_icons():
    # Five points are too few for limits: a run chart around the median (12), no icons.
    points, summary = _engine([10.0, 12.0, 14.0, 12.0, 11.0])
    words = spc_words(
        points, name="Delays", unit="days", decimals=0,
        variation_icon=summary["variation_icon"], assurance_icon=summary["assurance_icon"],
    )  # fmt: skip
    assert words.text.startswith("Run chart (too few points for process limits) of Delays")
    assert "Median 12 days." in words.text
    assert "Variation: – None" in words.text
    assert "Assurance: – None" in words.text
    assert "No special cause signals." in words.text
    assert set(words.table["Lower limit"]) == {"–"}


def test_spc_words_name_every_note_and_the_target_in_force_at_each_point():
    points, _ = _engine([*STEADY, 20.0])
    notes = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-06-01", "2025-03-01"]),
            "kind": ["intervention", "note"],
            "label": ["New triage *nurse*", "Winter"],
        }
    )
    words = spc_words(
        points,
        _targets((8.0, "2025-01-01", "2025-12-31"), (9.0, "2026-01-01", None)),
        notes,
        name="Waits",
        unit="%",
    )
    assert words.text.endswith(
        "Notes on the chart: Note 1 Mar 2025: Winter; Intervention 1 Jun 2025: New triage *nurse*."
    )
    assert words.table["Target"].tolist() == ["8.0%"] * 12 + ["9.0%"] * 3
    assert "Target 9.0%." in words.text


def test_spc_words_list_a_few_dates_of_many_signals_and_count_the_rest():
    # Six points low, then nine high: both runs are shifts (six or more on one side of the
    # mean), the first a concern and the second an improvement when higher is better.
    values = [10.0, 10.5] * 3 + [14.0, 14.5] * 4 + [14.0]
    points, summary = _engine(values)
    words = spc_words(points, name="M", variation_icon=summary["variation_icon"])
    assert LISTED_DATES == 6
    assert (
        "special cause concern at 6 points: Jan 2025, Feb 2025, Mar 2025, Apr 2025, May 2025, "
        "Jun 2025 (" in words.text
    )
    assert (
        "special cause improvement at 9 points: Jul 2025, Aug 2025, Sep 2025, Oct 2025, "
        "Nov 2025, Dec 2025 and 3 more (" in words.text
    )


def test_empty_spc_chart_says_no_data():
    points, _ = _engine([*STEADY, 20.0])
    assert spc_words(points.iloc[0:0], name="M").text == "SPC chart of M: no data yet."


def test_goal_words_give_target_latest_actual_and_plan():
    actuals = pd.DataFrame({"period": MONTHS[:3], "value": [50.0, 55.0, 61.0]})
    plan = pd.DataFrame({"period": MONTHS[:4], "value": [50.0, 55.0, 60.0, 65.0]})
    words = goal_words(actuals, plan, 80.0, date(2025, 12, 31), title="Discharges", unit="%")
    assert words.text == (
        "Goal chart of Discharges: actual values against the planned trajectory to the target "
        "of 80.0% by 31 Dec 2025. 3 actual values from Jan 2025 to Mar 2025. Latest actual "
        "61.0% in Mar 2025, planned 60.0% by then."
    )
    assert words.table.to_dict("list") == {
        "Period": ["Jan 2025", "Feb 2025", "Mar 2025", "Apr 2025"],
        "Actual": ["50.0%", "55.0%", "61.0%", "–"],
        "Planned": ["50.0%", "55.0%", "60.0%", "65.0%"],
    }


def test_goal_words_without_data():
    words = goal_words(None, None, 5.0, date(2026, 3, 1), title="Falls", unit="count", decimals=0)
    assert words.text.endswith("target of 5 by 1 Mar 2026. No actual values yet.")


def test_milestone_words_count_and_name_the_late():
    milestones = pd.DataFrame(
        {
            "code": ["UEC-M2", "UEC-M1", "FLOW-M1"],
            "initiative": ["UEC", "UEC", "FLOW"],
            "title": ["Go live", "Design pathway", "Discharge lounge open"],
            "owner": ["A. Lead", "A. Lead", "B. Owner"],
            "baseline_date": pd.to_datetime(["2026-09-01", "2026-06-01", "2026-07-01"]),
            "forecast_date": pd.to_datetime(["2026-10-15", "2026-06-01", "2026-12-01"]),
            "completed_date": pd.to_datetime([None, "2026-06-10", None]),
            "status": ["late", "complete", "at risk"],
            "slip_days": [44, 0, 153],
            "is_late": [True, False, False],
        }
    )
    words = milestone_words(milestones, date(2026, 11, 23))
    assert words.text == (
        "Milestone timeline as at 23 Nov 2026: 3 milestones in 2 initiatives, each from its "
        "baseline date to its forecast or completion. 1 complete, 1 late. "
        "Late: UEC-M2 Go live (forecast 15 Oct 2026)."
    )
    # The timeline's order: by initiative, then baseline date.
    assert words.table["Milestone"].tolist() == ["FLOW-M1", "UEC-M1", "UEC-M2"]
    assert words.table["Completed"].tolist() == ["–", "10 Jun 2026", "–"]
    assert words.table["State"].tolist() == ["◐ At risk", "✔ Complete", "⚠ Late"]


def test_checkin_words_give_latest_rag_and_counts():
    check_ins = pd.DataFrame(
        {"period": MONTHS[[2, 0, 1]], "rag": ["G", "red", "Amber"], "confidence": [4, 2, 3]}
    )
    words = checkin_words(check_ins)
    assert words.text == (
        "Check-in history: the owner's confidence (1 to 5) and RAG at 3 check-ins from Jan 2025 "
        "to Mar 2025. Latest Mar 2025: RAG Green, confidence 4 of 5. Check-ins by RAG: Red 1, "
        "Amber 1, Green 1."
    )
    assert words.table["RAG"].tolist() == ["Red", "Amber", "Green"]
