"""The exceptions list: what needs the board's attention, why in words, and where to look.

Severity (1 = most severe), one per kind, in the order a board should read them:

1. special_cause_concern — a measure's latest point is special cause concern: it is getting worse.
2. goal_off_track — a goal is off track (tracker.progress rule): the aim will be missed.
3. assurance_fail — a measure's process limits do not reach its target: it will keep failing.
4. milestone_late — a milestone is not complete and its forecast has passed, or is marked late.
5. assurance_hit_and_miss — the target lies inside the limits: it will sometimes be missed.
6. milestone_slipped — an incomplete milestone forecast more than 30 days after its baseline
   (a milestone already late is listed once, as late).
7. data_overdue — a measure's figures are past their due date.
8. checkin_overdue — an initiative's check-in is past its due date.

From the registers (tracker.risks and tracker.benefits say when each applies), after those:
9. risk_above_line · 10. risk_score_up · 11. benefit_claimed_with_concern ·
12. benefit_behind_plan · 13. risk_action_overdue · 14. risk_review_overdue.

From the PDSA cycles (tracker.pdsa says when each applies), last:
15. pdsa_awaiting_study · 16. pdsa_none_in_90_days.

Late and slipped are progress.milestone_slippage's is_late and is_slipped (the 30 days are its
SLIP_THRESHOLD_DAYS), so the Milestones page and the board pack count the same milestones.
"""

from datetime import date
from enum import StrEnum
from typing import NamedTuple

import numpy as np
import pandas as pd

from tracker.formatting import number, period_label, uk_date

EXCEPTION_COLUMNS = ["severity", "kind", "code", "initiative", "title", "reason", "link_page"]


class ExceptionKind(StrEnum):
    """Why an item is on the exceptions list."""

    special_cause_concern = "special_cause_concern"
    assurance_fail = "assurance_fail"
    assurance_hit_and_miss = "assurance_hit_and_miss"
    goal_off_track = "goal_off_track"
    milestone_late = "milestone_late"
    milestone_slipped = "milestone_slipped"
    checkin_overdue = "checkin_overdue"
    data_overdue = "data_overdue"
    risk_above_line = "risk_above_line"
    risk_score_up = "risk_score_up"
    benefit_claimed_with_concern = "benefit_claimed_with_concern"
    benefit_behind_plan = "benefit_behind_plan"
    risk_action_overdue = "risk_action_overdue"
    risk_review_overdue = "risk_review_overdue"
    pdsa_awaiting_study = "pdsa_awaiting_study"
    pdsa_none_in_90_days = "pdsa_none_in_90_days"


class LinkPage(StrEnum):
    """The page an exception links to."""

    measure = "measure"
    initiative = "initiative"
    risks = "risks"
    benefits = "benefits"


SEVERITY = {
    ExceptionKind.special_cause_concern: 1,
    ExceptionKind.goal_off_track: 2,
    ExceptionKind.assurance_fail: 3,
    ExceptionKind.milestone_late: 4,
    ExceptionKind.assurance_hit_and_miss: 5,
    ExceptionKind.milestone_slipped: 6,
    ExceptionKind.data_overdue: 7,
    ExceptionKind.checkin_overdue: 8,
    ExceptionKind.risk_above_line: 9,
    ExceptionKind.risk_score_up: 10,
    ExceptionKind.benefit_claimed_with_concern: 11,
    ExceptionKind.benefit_behind_plan: 12,
    ExceptionKind.risk_action_overdue: 13,
    ExceptionKind.risk_review_overdue: 14,
    ExceptionKind.pdsa_awaiting_study: 15,
    ExceptionKind.pdsa_none_in_90_days: 16,
}
"""Severity of each kind (1 = most severe); the order is explained in the module docstring."""

CONCERN_ICONS = {"concern_high", "concern_low"}


class _Rows(NamedTuple):
    """Exception rows of one kind, as plain lists: one table is built from every kind at the
    end, which costs a tenth of building one per kind and joining them."""

    kind: ExceptionKind
    link: LinkPage
    code: list[object]
    initiative: list[object]
    title: list[object]
    reason: list[str]


def _rows(kind: ExceptionKind, frame: pd.DataFrame, reasons: list[str], link: LinkPage) -> _Rows:
    """Return exception rows of one kind from a frame holding code, initiative and title."""
    return _Rows(
        kind,
        link,
        frame["code"].tolist(),
        frame["initiative"].tolist(),
        frame["title"].tolist(),
        reasons,
    )


def _measure_rows(spc_summary: pd.DataFrame, measures: pd.DataFrame) -> list[_Rows]:
    """Return special cause concern, failing and hit-and-miss assurance rows for measures."""
    info = measures.rename(columns={"name": "title"}).set_index("code")
    spc = spc_summary.drop_duplicates("series_id")
    spc = spc[spc["series_id"].isin(info.index)]
    frame = spc.join(info[["initiative", "title", "unit", "decimals", "frequency"]], on="series_id")
    frame = frame.rename(columns={"series_id": "code"}).reset_index(drop=True)

    def fmt(column: str, part: pd.DataFrame) -> list[str]:
        # tolist() first: stepping through an Arrow-backed column one cell at a time is slow
        cells = zip(
            part[column].tolist(), part["unit"].tolist(), part["decimals"].tolist(), strict=True
        )
        return [number(v, u, int(d)) for v, u, d in cells]

    concern = frame[
        (frame["last_point_type"] == "special_cause_concern")
        | frame["variation_icon"].isin(CONCERN_ICONS)
    ]
    concern_reasons = [
        f"The latest value, {value} for {period_label(period, freq)}, is special cause concern: "
        "the measure has changed for the worse beyond its usual variation."
        for value, period, freq in zip(
            fmt("last_value", concern),
            concern["last_period"].tolist(),
            concern["frequency"].tolist(),
            strict=True,
        )
    ]
    rows = [_rows(ExceptionKind.special_cause_concern, concern, concern_reasons, LinkPage.measure)]
    for icon, kind, ending in (
        (
            "fail",
            ExceptionKind.assurance_fail,
            "lies outside the process limits ({low} to {high}): it will keep being missed "
            "unless the process changes.",
        ),
        (
            "hit_and_miss",
            ExceptionKind.assurance_hit_and_miss,
            "lies within the process limits ({low} to {high}): it will sometimes be met and "
            "sometimes missed.",
        ),
    ):
        part = frame[frame["assurance_icon"] == icon]
        reasons = [
            f"The target of {target} " + ending.format(low=low, high=high)
            for target, low, high in zip(
                fmt("target", part), fmt("lpl", part), fmt("upl", part), strict=True
            )
        ]
        rows.append(_rows(kind, part, reasons, LinkPage.measure))
    return rows


def _goal_rows(goal_status_df: pd.DataFrame) -> _Rows:
    """Return a row per off-track goal, with the goal status reason."""
    off = goal_status_df[goal_status_df["status"] == "off_track"]
    off = off.rename(columns={"statement": "title"})
    return _rows(
        ExceptionKind.goal_off_track, off, [str(r) for r in off["reason"]], LinkPage.initiative
    )


def _milestone_rows(milestone_slip_df: pd.DataFrame, today: date) -> list[_Rows]:
    """Return late and slipped milestones, as progress.milestone_slippage defines them."""
    frame = milestone_slip_df
    late = frame[frame["is_late"].astype(bool)]
    stamp = pd.Timestamp(today)
    late_reasons = []
    dates = zip(late["forecast_date"].tolist(), late["baseline_date"].tolist(), strict=True)
    for forecast, baseline in dates:
        when = pd.Timestamp(forecast)
        if when < stamp:
            days = (stamp - when).days
            text = (
                f"Not complete, and its forecast of {uk_date(when)} passed "
                f"{days} {'day' if days == 1 else 'days'} ago"
            )
        else:
            text = f"Marked late by its owner; forecast {uk_date(when)}"
        late_reasons.append(f"{text} (baseline {uk_date(baseline)}).")
    slipped = frame[frame["is_slipped"].astype(bool)]
    slip_reasons = [
        f"Forecast moved from {uk_date(baseline)} to {uk_date(forecast)}, "
        f"{int(days)} days later than planned."
        for baseline, forecast, days in zip(
            slipped["baseline_date"].tolist(),
            slipped["forecast_date"].tolist(),
            slipped["slip_days"].tolist(),
            strict=True,
        )
    ]
    return [
        _rows(ExceptionKind.milestone_late, late, late_reasons, LinkPage.initiative),
        _rows(ExceptionKind.milestone_slipped, slipped, slip_reasons, LinkPage.initiative),
    ]


def _due_rows(due_df: pd.DataFrame) -> list[_Rows]:
    """Return overdue data and check-ins, naming the period, due date and who owes it."""
    overdue = due_df[due_df["status"] == "overdue"]
    rows = []
    for due_kind, kind, link, noun in (
        ("data", ExceptionKind.data_overdue, LinkPage.measure, "Data"),
        ("check-in", ExceptionKind.checkin_overdue, LinkPage.initiative, "The check-in"),
    ):
        part = overdue[overdue["kind"] == due_kind]
        reasons = []
        for period, freq, due, days, missing, owner in zip(
            part["period"].tolist(),
            part["frequency"].tolist(),
            part["due_date"].tolist(),
            part["days_overdue"].tolist(),
            part["periods_missing"].tolist(),
            part["owner"].tolist(),
            strict=True,
        ):
            more = f" ({int(missing)} periods outstanding)" if int(missing) > 1 else ""
            reasons.append(
                f"{noun} for {period_label(period, freq)} was due on {uk_date(due)} and is "
                f"{int(days)} {'day' if int(days) == 1 else 'days'} overdue{more}; "
                f"owed by {owner}."
            )
        rows.append(_rows(kind, part, reasons, link))
    return rows


REGISTER_COLUMNS = ["kind", "code", "initiative", "title", "reason"]
"""The columns of the exception rows read beside the portfolio: the registers' (tracker.risks
and tracker.benefits) and the PDSA cycles' (tracker.pdsa)."""

_REGISTER_LINKS = {
    "risk": LinkPage.risks,
    "benefit": LinkPage.benefits,
    "pdsa": LinkPage.initiative,
}
"""The page each kind read beside the portfolio links to, by the kind's first word."""


def _register_rows(found: pd.DataFrame) -> list[_Rows]:
    """Return the registers' and PDSA cycles' exception rows by kind, each with its page."""
    rows = []
    for kind in ExceptionKind:
        part = found[found["kind"] == kind.value]
        link = _REGISTER_LINKS.get(kind.value.split("_")[0])
        if link is not None and len(part):
            rows.append(_rows(kind, part, part["reason"].tolist(), link))
    return rows


def exceptions(
    spc_summary: pd.DataFrame,
    measures: pd.DataFrame,
    goal_status_df: pd.DataFrame,
    milestone_slip_df: pd.DataFrame,
    due_df: pd.DataFrame,
    today: date,
) -> pd.DataFrame:
    """Return the exceptions list, by severity then code: one row per item and reason.

    Columns: severity (int, 1 = most severe), kind (ExceptionKind), code (measure, goal,
    milestone or initiative code), initiative, title (its name), reason (a sentence with UK
    dates) and link_page ('measure' or 'initiative'). Inputs: the SPC engine's summary, the
    store's measures, progress.goal_status(), progress.milestone_slippage() and due.due_items().
    An item can appear once per kind, e.g. a measure both in concern and failing its target.
    """
    parts = [
        *_measure_rows(spc_summary, measures),
        _goal_rows(goal_status_df),
        *_milestone_rows(milestone_slip_df, today),
        *_due_rows(due_df),
    ]
    return _table(parts)


def _table(parts: list[_Rows]) -> pd.DataFrame:
    """Return the exceptions list of rows of several kinds, by severity then code."""
    found = [p for p in parts if p.code]
    if not found:
        frame = pd.DataFrame(columns=EXCEPTION_COLUMNS)
        frame["severity"] = frame["severity"].astype(int)
        return frame
    sizes = [len(p.code) for p in found]
    frame = pd.DataFrame(
        {
            "severity": np.repeat([SEVERITY[p.kind] for p in found], sizes),
            "kind": np.repeat([p.kind.value for p in found], sizes).astype(object),
            "code": [c for p in found for c in p.code],
            "initiative": [i for p in found for i in p.initiative],
            "title": [t for p in found for t in p.title],
            "reason": [r for p in found for r in p.reason],
            "link_page": np.repeat([p.link.value for p in found], sizes).astype(object),
        }
    )
    return frame.sort_values(["severity", "code"], kind="stable", ignore_index=True)


def with_registers(found: pd.DataFrame, registers: pd.DataFrame) -> pd.DataFrame:
    """Return an exceptions list with the registers' rows (REGISTER_COLUMNS) in their places."""
    added = _table(_register_rows(registers))
    if added.empty:
        return found
    both = pd.concat([found, added], ignore_index=True) if len(found) else added
    return both.sort_values(["severity", "code"], kind="stable", ignore_index=True)


def concern_measures(found: pd.DataFrame) -> set[str]:
    """Return the measures whose latest point is special cause concern, from an exceptions list."""
    return set(of_kind(found, ExceptionKind.special_cause_concern)["code"])


def of_kind(found: pd.DataFrame, kind: ExceptionKind) -> pd.DataFrame:
    """Return the exceptions of one kind: the list an overview tile counts and its link opens."""
    return found[found["kind"] == kind]
