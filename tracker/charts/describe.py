"""Every chart in words and as a table, written from the data it is drawn from (WCAG 1.1.1)."""

from dataclasses import dataclass
from datetime import date

import pandas as pd

from tracker import glossary, usertext, vocabulary
from tracker.charts.checkins import rag_key
from tracker.charts.labels import (
    all_month_starts,
    is_missing,
    point_type_words,
    rules_words,
    uk_date,
    value_text,
)
from tracker.charts.milestones import COMPLETE, MILESTONE_COLUMNS, in_timeline_order
from tracker.charts.spc_chart import (
    ANNOTATION_COLUMNS,
    ANNOTATION_KIND_WORDS,
    POINT_COLUMNS,
    TARGET_COLUMNS,
    require_columns,
)
from tracker.models import Rag
from tracker.spc_settings import AssuranceIcon, PointType, VariationIcon

LISTED_DATES = 6
"""Dates named per kind of signal or late milestone: a sentence read aloud stays short; the
table under "Show the data" lists every one."""
NO_VALUE = "–"
"""A table cell with nothing to show (no limits yet, no target)."""
TABLE_TERMS = {
    "Lower limit": "Process limits",
    "Upper limit": "Process limits",
    "Point type": "Special cause",
    "Rules": "Special cause",
}
"""Data-table headers that are not glossary terms themselves → the term that explains them."""


@dataclass(frozen=True, eq=False)
class ChartWords:
    """A chart's equivalent for a reader who cannot see it: sentences, and a table of its data.

    `what` names the chart in a few words, for its accessible name; `text` says all it shows.
    Both are plain text (what people typed is in them as typed): escape them for the medium.
    """

    what: str
    text: str
    table: pd.DataFrame

    @property
    def helps(self) -> dict[str, str]:
        """Return the table's statistical headers → their help marks (tracker.glossary)."""
        return glossary.column_help([str(c) for c in self.table.columns], TABLE_TERMS)


def _dates(days: list[str]) -> str:
    """Return dates as a list in words, the first LISTED_DATES and how many more."""
    shown = ", ".join(days[:LISTED_DATES])
    more = len(days) - LISTED_DATES
    return f"{shown} and {more} more" if more > 0 else shown


def _icon(kind: type[VariationIcon] | type[AssuranceIcon], icon: object) -> str:
    """Return an icon as symbol, words and what it means: "✔ Pass — consistently passing…"."""
    term = vocabulary.term(kind, kind.none if is_missing(icon) else icon)
    return f"{term.text} — {term.description[0].lower()}{term.description[1:]}"


def target_at(targets: pd.DataFrame, day: pd.Timestamp) -> float | None:
    """Return the target in force on `day`: the latest revision started by then and not ended."""
    if targets.empty:
        return None
    started = targets[pd.to_datetime(targets["effective_from"]) <= day]
    started = started.sort_values("effective_from")
    if started.empty:
        return None
    latest = started.iloc[-1]
    ends = latest["effective_to"]
    if not is_missing(ends) and pd.Timestamp(ends) < day:
        return None
    return None if is_missing(latest["value"]) else float(latest["value"])


def _signals(pts: pd.DataFrame, period: list[str]) -> str:
    """Return the special-cause points by type, with their dates and the rules they hit."""
    parts = []
    for point_type in PointType:
        if point_type == PointType.common_cause:
            continue
        hit = pts["point_type"] == point_type
        if not hit.any():
            continue
        days = [day for day, chosen in zip(period, hit, strict=True) if chosen]
        rules = sorted({r for text in pts.loc[hit, "rules"] for r in _rule_list(text)})
        why = f" ({rules_words(';'.join(rules))})" if rules else ""
        count = "1 point" if len(days) == 1 else f"{len(days)} points"
        parts.append(f"{point_type_words(point_type).lower()} at {count}: {_dates(days)}{why}")
    if not parts:
        return "No special cause signals."
    return "Signals: " + "; ".join(parts) + "."


def _value(v: object, unit: str, decimals: int) -> str:
    """Return a value with its unit, or "–" when there is none."""
    return NO_VALUE if is_missing(v) else value_text(float(str(v)), unit, decimals)


def _rule_list(rules: object) -> list[str]:
    return [] if is_missing(rules) else [r for r in str(rules).split(";") if r.strip()]


def _notes(annotations: pd.DataFrame | None) -> str:
    if annotations is None or annotations.empty:
        return ""
    require_columns(annotations, ANNOTATION_COLUMNS, "annotations")
    rows = annotations.sort_values("date")
    notes = [
        f"{ANNOTATION_KIND_WORDS.get(str(kind), str(kind).capitalize())} "
        f"{uk_date(pd.Timestamp(day))}: {usertext.one_line(label)}"
        for day, kind, label in zip(rows["date"], rows["kind"], rows["label"], strict=True)
    ]
    return f" Notes on the chart: {'; '.join(notes)}."


def spc_words(
    points: pd.DataFrame,
    targets: pd.DataFrame | None = None,
    annotations: pd.DataFrame | None = None,
    *,
    name: str,
    unit: str = "",
    decimals: int = 1,
    median: float | None = None,
    variation_icon: object = None,
    assurance_icon: object = None,
) -> ChartWords:
    """Return the SPC chart (tracker.charts.spc_figure) of one measure in words and as a table.

    The words say what the chart shows, the latest value, both MDC icons (the engine's, passed
    in) and what they mean, the mean and process limits (or the run chart's median), the target
    in force, every special-cause signal and every note drawn on it. The table has a row per
    point: its value, point type, rules hit, mean, limits and the target then.
    """
    require_columns(points, POINT_COLUMNS, "points")
    pts = points.sort_values("period", kind="stable").reset_index(drop=True)
    pts["period"] = pd.to_datetime(pts["period"])
    shown = targets if targets is not None else pd.DataFrame(columns=list(TARGET_COLUMNS))
    require_columns(shown, TARGET_COLUMNS, "targets")
    monthly = all_month_starts(pts["period"])
    period = [uk_date(p, month_only=monthly) for p in pts["period"]]

    def value(v: object) -> str:
        return _value(v, unit, decimals)

    with_limits = pts["has_limits"].astype(bool)

    def limited(column: str) -> list[str]:
        """Return a line's values, "–" where the point has no limits (a run chart's points)."""
        return [
            value(v) if ok else NO_VALUE for v, ok in zip(pts[column], with_limits, strict=True)
        ]

    target_then = [target_at(shown, p) for p in pts["period"]]
    table = pd.DataFrame(
        {
            "Period": period,
            "Value": [value(v) for v in pts["value"]],
            "Point type": [point_type_words(str(t)) for t in pts["point_type"]],
            "Rules": [rules_words(r) or NO_VALUE for r in pts["rules"]],
            "Mean": limited("mean"),
            "Lower limit": limited("lpl"),
            "Upper limit": limited("upl"),
            "Target": [value(t) for t in target_then],
        }
    )
    if pts.empty:
        return ChartWords(f"SPC chart of {name}", f"SPC chart of {name}: no data yet.", table)

    last = pts.iloc[-1]
    if with_limits.any():
        kind = "SPC chart (XmR)"
        latest_part = pts[pts["partition"] == last["partition"]]
        centre = (
            f"Mean {value(last['mean'])}, process limits {value(last['lpl'])} to "
            f"{value(last['upl'])}"
            + (
                f" (recalculated from {period[latest_part.index[0]]})"
                if pts["partition"].nunique() > 1
                else ""
            )
            + "."
        )
    else:
        kind = "Run chart (too few points for process limits)"
        middle = float(pts["value"].median()) if median is None else median
        centre = f"Median {value(middle)}."
    target = target_then[-1]
    text = (
        f"{kind} of {name}: {len(pts)} values from {period[0]} to {period[-1]}. "
        f"Latest value {value(last['value'])} in {period[-1]}, "
        f"{point_type_words(str(last['point_type'])).lower()}. "
        f"Variation: {_icon(VariationIcon, variation_icon)}. "
        f"Assurance: {_icon(AssuranceIcon, assurance_icon)}. "
        f"{centre} "
        + (f"Target {value(target)}. " if target is not None else "No target. ")
        + _signals(pts, period)
        + _notes(annotations)
    )
    return ChartWords(f"SPC chart of {name}", text, table)


def goal_words(
    actuals: pd.DataFrame | None,
    trajectory: pd.DataFrame | None,
    target_value: float,
    target_date: date,
    *,
    title: str,
    unit: str = "",
    decimals: int = 1,
) -> ChartWords:
    """Return a goal's chart (tracker.charts.goal_figure) in words and as a table.

    The words give the target and its date, the latest actual value against what was planned
    for that period, and the span of the data; the table has a row per period with the actual
    and the planned value.
    """
    frames = []
    for frame, column in ((actuals, "Actual"), (trajectory, "Planned")):
        if frame is None or frame.empty:
            frames.append(pd.DataFrame({"period": pd.Series(dtype="datetime64[ns]"), column: []}))
            continue
        require_columns(frame, ("period", "value"), column.lower())
        part = frame[["period", "value"]].rename(columns={"value": column})
        part["period"] = pd.to_datetime(part["period"])
        frames.append(part)
    rows = frames[0].merge(frames[1], on="period", how="outer").sort_values("period")
    monthly = all_month_starts(rows["period"])
    period = [uk_date(p, month_only=monthly) for p in rows["period"]]

    def value(v: object) -> str:
        return _value(v, unit, decimals)

    table = pd.DataFrame(
        {
            "Period": period,
            "Actual": [value(v) for v in rows["Actual"]],
            "Planned": [value(v) for v in rows["Planned"]],
        }
    )
    text = (
        f"Goal chart of {title}: actual values against the planned trajectory to the target of "
        f"{value(target_value)} by {uk_date(target_date)}. "
    )
    actual = rows.dropna(subset=["Actual"]).reset_index(drop=True)
    if actual.empty:
        return ChartWords(f"Goal chart of {title}", text + "No actual values yet.", table)
    latest = actual.iloc[-1]
    when = uk_date(latest["period"], month_only=monthly)
    text += (
        f"{len(actual)} actual values from {uk_date(actual['period'].iloc[0], month_only=monthly)}"
        f" to {when}. Latest actual {value(latest['Actual'])} in {when}"
        + (
            f", planned {value(latest['Planned'])} by then."
            if not is_missing(latest["Planned"])
            else "."
        )
    )
    return ChartWords(f"Goal chart of {title}", text, table)


def milestone_words(milestones: pd.DataFrame, today: date) -> ChartWords:
    """Return the milestone timeline (tracker.charts.milestone_gantt) in words and as a table.

    The words count the milestones, complete and late, and name the late ones with their
    forecast; the table has a row per milestone in the timeline's order with its dates and state.
    """
    require_columns(milestones, MILESTONE_COLUMNS, "milestones")
    rows = in_timeline_order(milestones)
    done = rows["completed_date"].notna()
    late = rows["is_late"].fillna(False).astype(bool) & ~done
    table = pd.DataFrame(
        {
            "Initiative": rows["initiative"],
            "Milestone": rows["code"],
            "Title": rows["title"].map(usertext.one_line),
            "Baseline": rows["baseline_date"].map(lambda d: uk_date(pd.Timestamp(d))),
            "Forecast": rows["forecast_date"].map(lambda d: uk_date(pd.Timestamp(d))),
            "Completed": [
                NO_VALUE if is_missing(d) else uk_date(pd.Timestamp(d))
                for d in rows["completed_date"]
            ],
            "Slip (days)": [NO_VALUE if is_missing(d) else str(int(d)) for d in rows["slip_days"]],
            "State": [
                vocabulary.milestone_state(status, bool(is_late))
                for status, is_late in zip(rows["status"], late, strict=True)
            ],
        }
    ).reset_index(drop=True)
    n = len(rows)
    text = f"Milestone timeline as at {uk_date(today)}: "
    if not n:
        return ChartWords("Milestone timeline", text + "no milestones.", table)
    initiatives = rows["initiative"].nunique()
    text += (
        f"{n} milestone{'s' if n != 1 else ''} in {initiatives} "
        f"initiative{'s' if initiatives != 1 else ''}, each from its baseline date to its "
        f"forecast or completion. {int(done.sum())} {COMPLETE.label.lower()}, "
        f"{int(late.sum())} late."
    )
    if late.any():
        named = [
            f"{code} {usertext.one_line(title)} (forecast {uk_date(pd.Timestamp(when))})"
            for code, title, when in zip(
                rows.loc[late, "code"],
                rows.loc[late, "title"],
                rows.loc[late, "forecast_date"],
                strict=True,
            )
        ]
        text += f" Late: {_dates(named)}."
    return ChartWords("Milestone timeline", text, table)


def checkin_words(check_ins: pd.DataFrame) -> ChartWords:
    """Return the check-in history (tracker.charts.rag_history_figure) in words and as a table.

    The words give the span, the latest RAG and confidence and how many check-ins were each
    RAG; the table has a row per check-in.
    """
    require_columns(check_ins, ("period", "rag", "confidence"), "check_ins")
    rows = check_ins.sort_values("period").reset_index(drop=True)
    stamps = pd.to_datetime(rows["period"])
    monthly = all_month_starts(stamps)
    period = [uk_date(p, month_only=monthly) for p in stamps]
    rags = [vocabulary.label(Rag, rag_key(r)) for r in rows["rag"]]
    table = pd.DataFrame(
        {
            "Period": period,
            "RAG": rags,
            "Confidence (1–5)": [str(int(c)) for c in rows["confidence"]],
        }
    )
    if rows.empty:
        return ChartWords("Check-in history", "Check-in history: no check-ins yet.", table)
    counts = ", ".join(
        f"{term.label} {rags.count(term.label)}" for term in vocabulary.RAGS.values()
    )
    text = (
        f"Check-in history: the owner's confidence (1 to 5) and RAG at {len(rows)} check-ins "
        f"from {period[0]} to {period[-1]}. Latest {period[-1]}: RAG {rags[-1]}, confidence "
        f"{int(rows['confidence'].iloc[-1])} of 5. Check-ins by RAG: {counts}."
    )
    return ChartWords("Check-in history", text, table)
