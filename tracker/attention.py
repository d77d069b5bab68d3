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
from typing import Any, NamedTuple

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


def _columns(frame: pd.DataFrame, names: tuple[str, ...]) -> dict[str, list[Any]]:
    """Return columns of a frame as plain lists."""
    return {name: frame[name].tolist() for name in names}


def _picked(columns: dict[str, list[Any]], rows: list[int]) -> dict[str, list[Any]]:
    """Return the given rows of columns held as plain lists."""
    return {name: [values[k] for k in rows] for name, values in columns.items()}


def _measure_rows(spc_summary: pd.DataFrame, measures: pd.DataFrame) -> list[_Rows]:
    """Return special cause concern, failing and hit-and-miss assurance rows for measures."""
    # Over plain lists, each measure found by position: joining and filtering frames cost
    # more than the sentences for one initiative's few measures.
    spc = _columns(
        spc_summary,
        ("series_id", "last_point_type", "variation_icon", "assurance_icon", "last_value",
         "last_period", "target", "lpl", "upl"),
    )  # fmt: skip
    info = _columns(measures, ("code", "initiative", "name", "unit", "decimals", "frequency"))
    where = {code: k for k, code in enumerate(info["code"])}
    seen: set[object] = set()
    pairs = []  # (summary row, measures row): each measure's first summary row, in its order
    for row, code in enumerate(spc["series_id"]):
        if code in where and code not in seen:
            seen.add(code)
            pairs.append((row, where[code]))
    frame = {
        **_picked(spc, [row for row, _ in pairs]),
        **_picked(info, [k for _, k in pairs]),  # its code: the series id
    }

    def fmt(column: str, chosen: list[int]) -> list[str]:
        return [
            number(frame[column][k], frame["unit"][k], int(frame["decimals"][k])) for k in chosen
        ]

    def rows(kind: ExceptionKind, chosen: list[int], reasons: list[str]) -> _Rows:
        return _chosen(kind, LinkPage.measure, frame, chosen, reasons, "name")

    every = range(len(pairs))
    concern = [
        k for k in every
        if frame["last_point_type"][k] == "special_cause_concern"
        or frame["variation_icon"][k] in CONCERN_ICONS
    ]  # fmt: skip
    concern_reasons = [
        f"The latest value, {value} for {period_label(period, freq)}, is special cause concern: "
        "the measure has changed for the worse beyond its usual variation."
        for value, period, freq in zip(
            fmt("last_value", concern),
            [frame["last_period"][k] for k in concern],
            [frame["frequency"][k] for k in concern],
            strict=True,
        )
    ]
    found = [rows(ExceptionKind.special_cause_concern, concern, concern_reasons)]
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
        part = [k for k in every if frame["assurance_icon"][k] == icon]
        reasons = [
            f"The target of {target} " + ending.format(low=low, high=high)
            for target, low, high in zip(
                fmt("target", part), fmt("lpl", part), fmt("upl", part), strict=True
            )
        ]
        found.append(rows(kind, part, reasons))
    return found


def _chosen(
    kind: ExceptionKind, link: LinkPage, columns: dict[str, list[Any]], chosen: list[int],
    reasons: list[str], title: str = "title",
) -> _Rows:  # fmt: skip
    """Return exception rows of one kind: the chosen rows of columns held as plain lists."""
    return _Rows(
        kind,
        link,
        [columns["code"][k] for k in chosen],
        [columns["initiative"][k] for k in chosen],
        [columns[title][k] for k in chosen],
        reasons,
    )


def _goal_rows(goal_status_df: pd.DataFrame) -> _Rows:
    """Return a row per off-track goal, with the goal status reason."""
    goals = _columns(goal_status_df, ("code", "initiative", "statement", "status", "reason"))
    off = [k for k, status in enumerate(goals["status"]) if status == "off_track"]
    reasons = [str(goals["reason"][k]) for k in off]
    return _chosen(
        ExceptionKind.goal_off_track, LinkPage.initiative, goals, off, reasons, "statement"
    )


def _milestone_rows(milestone_slip_df: pd.DataFrame, today: date) -> list[_Rows]:
    """Return late and slipped milestones, as progress.milestone_slippage defines them."""
    frame = _columns(
        milestone_slip_df,
        ("code", "initiative", "title", "is_late", "is_slipped", "forecast_date",
         "baseline_date", "slip_days"),
    )  # fmt: skip
    every = range(len(milestone_slip_df))
    late = [k for k in every if bool(frame["is_late"][k])]
    stamp = pd.Timestamp(today)
    late_reasons = []
    for k in late:
        when = pd.Timestamp(frame["forecast_date"][k])
        if when < stamp:
            days = (stamp - when).days
            text = (
                f"Not complete, and its forecast of {uk_date(when)} passed "
                f"{days} {'day' if days == 1 else 'days'} ago"
            )
        else:
            text = f"Marked late by its owner; forecast {uk_date(when)}"
        late_reasons.append(f"{text} (baseline {uk_date(frame['baseline_date'][k])}).")
    slipped = [k for k in every if bool(frame["is_slipped"][k])]
    slip_reasons = [
        f"Forecast moved from {uk_date(frame['baseline_date'][k])} to "
        f"{uk_date(frame['forecast_date'][k])}, {int(frame['slip_days'][k])} days later than "
        "planned."
        for k in slipped
    ]
    return [
        _chosen(ExceptionKind.milestone_late, LinkPage.initiative, frame, late, late_reasons),
        _chosen(ExceptionKind.milestone_slipped, LinkPage.initiative, frame, slipped, slip_reasons),
    ]


def _due_rows(due_df: pd.DataFrame) -> list[_Rows]:
    """Return overdue data and check-ins, naming the period, due date and who owes it."""
    owed = _columns(
        due_df,
        ("kind", "code", "initiative", "title", "status", "period", "frequency", "due_date",
         "days_overdue", "periods_missing", "owner"),
    )  # fmt: skip
    rows = []
    for due_kind, kind, link, noun in (
        ("data", ExceptionKind.data_overdue, LinkPage.measure, "Data"),
        ("check-in", ExceptionKind.checkin_overdue, LinkPage.initiative, "The check-in"),
    ):
        part = [
            k for k in range(len(due_df))
            if owed["status"][k] == "overdue" and owed["kind"][k] == due_kind
        ]  # fmt: skip
        reasons = []
        for k in part:
            missing, days = int(owed["periods_missing"][k]), int(owed["days_overdue"][k])
            more = f" ({missing} periods outstanding)" if missing > 1 else ""
            reasons.append(
                f"{noun} for {period_label(owed['period'][k], owed['frequency'][k])} was due on "
                f"{uk_date(owed['due_date'][k])} and is {days} {'day' if days == 1 else 'days'} "
                f"overdue{more}; owed by {owed['owner'][k]}."
            )
        rows.append(_chosen(kind, link, owed, part, reasons))
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
    severity = np.repeat([SEVERITY[p.kind] for p in found], sizes)
    code = [c for p in found for c in p.code]
    # By severity, then code, stably: ordered before the table is made, not after
    ranks = pd.factorize(np.array(code, dtype=object), sort=True)[0]
    order = np.lexsort((ranks, severity))

    def ordered(values: list[object]) -> list[object]:
        return [values[k] for k in order]

    return pd.DataFrame(
        {
            "severity": severity[order],
            "kind": np.repeat([p.kind.value for p in found], sizes).astype(object)[order],
            "code": ordered(code),
            "initiative": ordered([i for p in found for i in p.initiative]),
            "title": ordered([t for p in found for t in p.title]),
            "reason": ordered([r for p in found for r in p.reason]),
            "link_page": np.repeat([p.link.value for p in found], sizes).astype(object)[order],
        }
    )


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
