"""Goal arithmetic for all goals at once: trajectory, goal status and reason, milestone slippage.

Goal status rule (first match wins; the direction of a goal is the sign of target − baseline):

1. **no_data** — the goal's measure has no value yet.
2. **achieved** — the latest value meets or beats the target value.
3. **off_track** — the target date has passed; or the latest value is behind the trajectory by
   more than 10 % of the baseline → target distance; or it is behind at all while the measure
   shows special cause concern; or assurance is *fail* with 92 days or less left.
4. **on_track** — on or ahead of the trajectory, with no special cause concern and no failing
   assurance.
5. **at_risk** — anything else: a little behind the trajectory (within the tolerance), or on it
   but with special cause concern or failing assurance.

Failing assurance early in a goal does not make it off track on its own: a process that has not
yet been changed usually cannot reach the target, which is why the goal exists. A goal whose
target equals its baseline has no direction and is judged only by reaching the target value.
"""

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import numpy as np
import pandas as pd

from tracker.formatting import difference, number, uk_date, uk_month
from tracker.models import MilestoneStatus

OFF_TRACK_TOLERANCE = 0.10
"""Share of the baseline → target distance a goal may be behind its trajectory and be at risk
rather than off track: small enough that 'at risk' means 'nearly there', not 'always amber'."""

ASSURANCE_HORIZON_DAYS = 92
"""About one quarter: with this little time left, a process whose limits cannot reach the target
(assurance fail) will not be changed in time, so the goal is off track."""

CONCERN_POINTS = {"special_cause_concern"}
CONCERN_ICONS = {"concern_high", "concern_low"}
"""SPC values that mean the measure is getting worse (last point type or variation icon)."""

SLIP_THRESHOLD_DAYS = 30
"""A forecast moved by more than this is worth a board's question (issue 4: 'more than 30 days')."""

SOON_DAYS = 90
"""The look-ahead a board asks for: the next quarter."""

FAIL = "fail"
"""The failing assurance icon."""

GOAL_STATUS_COLUMNS = [
    "code",
    "initiative",
    "measure",
    "statement",
    "latest_period",
    "latest_value",
    "planned_value",
    "target_value",
    "target_date",
    "gap",
    "status",
    "reason",
]


class GoalStatus(StrEnum):
    """Where a goal stands against its trajectory and target."""

    on_track = "on_track"
    at_risk = "at_risk"
    off_track = "off_track"
    achieved = "achieved"
    no_data = "no_data"


def _parse_trajectory(value: object) -> list[dict[str, object]]:
    """Return the explicit trajectory points of one goal (JSON text, list or empty) as dicts."""
    if isinstance(value, str):
        value = json.loads(value) if value.strip() else []
    if not isinstance(value, list | tuple):
        return []  # None or NaN: no explicit points, so the plan is linear.
    return [
        {"period": p["period"], "value": p["value"]}
        if isinstance(p, dict)
        else {"period": getattr(p, "period"), "value": getattr(p, "value")}  # noqa: B009
        for p in value
    ]


def _knots(goals: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return every goal's knots (row position, period as datetime64[us], value), by row then
    period: baseline, explicit points, target.

    An explicit point on the baseline or target period overrides it: the owner's plan wins.
    Built from numpy arrays: frames concatenated, deduplicated and sorted cost milliseconds
    for one initiative's few goals.
    """
    n = len(goals)
    rows = [np.arange(n), np.arange(n)]
    periods: list[object] = [goals["baseline_period"].to_numpy(), goals["target_date"].to_numpy()]
    values = [
        goals["baseline_value"].to_numpy(dtype=float),
        goals["target_value"].to_numpy(dtype=float),
    ]
    if "trajectory" in goals.columns:
        parsed = [_parse_trajectory(v) for v in goals["trajectory"].tolist()]
        points = [(row, p["period"], p["value"]) for row, plan in enumerate(parsed) for p in plan]
        if points:
            rows.append(np.array([row for row, _, _ in points], dtype=np.int64))
            periods.append([period for _, period, _ in points])
            values.append(np.array([value for _, _, value in points], dtype=float))
    row = np.concatenate(rows)
    period = np.concatenate(
        [pd.to_datetime(pd.Series(part)).astype("datetime64[us]").to_numpy() for part in periods]
    )
    value = np.concatenate(values)
    # Sorted by row, then period (NaT last, as pandas sorts), then entry: the last entry of
    # each (row, period) is kept, as drop_duplicates(keep="last") keeps it
    ticks = period.view(np.int64)
    ticks = np.where(np.isnat(period), np.iinfo(np.int64).max, ticks)
    order = np.lexsort((np.arange(len(row)), ticks, row))
    row, ticks, period, value = row[order], ticks[order], period[order], value[order]
    last = np.ones(len(row), dtype=bool)
    last[:-1] = (row[1:] != row[:-1]) | (ticks[1:] != ticks[:-1])
    return row[last], period[last], value[last]


def bracket(
    owners: np.ndarray, times: np.ndarray, rows: np.ndarray, when: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Return, per query (rows[k], when[k]), the position of the last entry of the same owner
    on or before `when` and of its first entry on or after it (-1 where it has none).

    `owners` (integers) and `times` describe entries sorted by owner, then time. One binary
    search over (owner, time) pairs ranked into single integers: a few rows cost microseconds
    this way, where as-of merges cost milliseconds.
    """
    if len(owners) == 0:
        none = np.full(len(rows), -1)
        return none, none.copy()
    _, rank = np.unique(np.concatenate([times, when]), return_inverse=True)
    width = len(rank) + 1
    entry_keys = owners.astype(np.int64) * width + rank[: len(times)]
    query_keys = rows.astype(np.int64) * width + rank[len(times) :]
    before = np.searchsorted(entry_keys, query_keys, side="right") - 1
    after = np.searchsorted(entry_keys, query_keys, side="left")
    last = len(owners) - 1
    before_ok = (before >= 0) & (owners[np.clip(before, 0, last)] == rows)
    after_ok = (after <= last) & (owners[np.clip(after, 0, last)] == rows)
    return np.where(before_ok, before, -1), np.where(after_ok, after, -1)


def trajectory_value(
    goals: pd.DataFrame, periods: date | pd.Series | Sequence[date | None]
) -> pd.Series:
    """Return each goal's planned value at a period (float, the measure's unit), indexed as goals.

    `periods` is one date for every goal or one date per goal row (NaT gives NaN). The plan runs
    linearly from (baseline_period, baseline_value) to (target_date, target_value) through any
    explicit points in `trajectory` (JSON text `[{"period": "2026-04-01", "value": 77.0}]`),
    linear between neighbouring points. Before the first point the plan is the first value;
    after the last it is the last value (a target, once due, stays the target).
    """
    if isinstance(periods, date) or not hasattr(periods, "__len__"):
        when = pd.Series([periods] * len(goals))
    else:
        when = pd.Series(list(periods))
    if len(when) != len(goals):
        raise ValueError(f"periods has {len(when)} values for {len(goals)} goals")
    if len(goals) == 0:
        return pd.Series([], index=goals.index, dtype=float, name="planned_value")
    owner, times, values = _knots(goals)
    stamps = pd.to_datetime(when.to_numpy()).astype("datetime64[us]").to_numpy()
    rows = np.flatnonzero(~np.isnat(stamps))
    before, after = bracket(owner, times, rows, stamps[rows])

    def at(found: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return the knots' periods and values at `found` positions (NaT and NaN at -1)."""
        none = found < 0
        safe = np.where(none, 0, found)
        return (
            np.where(none, np.datetime64("NaT", "us"), times[safe]),
            np.where(none, np.nan, values[safe]),
        )

    period = stamps[rows]
    (t0, v0), (t1, v1) = at(before), at(after)
    second = np.timedelta64(1, "s")
    span = (t1 - t0) / second
    elapsed = (period - t0) / second
    with np.errstate(invalid="ignore", divide="ignore"):
        share = elapsed / np.where(span > 0, span, np.nan)
        share = np.where(np.isnan(share), 0.0, share)
        value = v0 + (v1 - v0) * share
    value = np.where(np.isnan(value), v0, value)
    value = np.where(np.isnan(value), v1, value)
    planned = np.full(len(goals), np.nan)
    planned[rows] = value
    return pd.Series(planned, index=goals.index, name="planned_value")


def _latest_per_measure(latest: pd.DataFrame) -> tuple[pd.Index, np.ndarray, np.ndarray]:
    """Return the measures with a non-empty value, and each one's newest period and value."""
    value = latest["value"].to_numpy(dtype=float)
    known = np.flatnonzero(~np.isnan(value))
    periods = pd.to_datetime(latest["period"].to_numpy()).to_numpy()
    by_period = known[np.argsort(periods[known], kind="stable")]
    codes, measures = pd.factorize(latest["measure"].to_numpy(dtype=object)[by_period])
    newest = np.full(len(measures), -1)
    np.maximum.at(newest, codes, np.arange(len(codes)))
    chosen = by_period[newest]
    return pd.Index(measures, dtype=object), periods[chosen], value[chosen]


def _units(goals: pd.DataFrame, measures: pd.DataFrame | None) -> tuple[list[str], list[int]]:
    """Return unit and decimals per goal row (plain numbers, 1 decimal, without measures)."""
    if measures is None or len(measures) == 0:
        return ["count"] * len(goals), [1] * len(goals)
    at = _positions(measures["code"], goals["measure"]).tolist()
    units, places = measures["unit"].tolist(), measures["decimals"].tolist()
    found = [(units[k], places[k]) if k >= 0 else (None, None) for k in at]
    return (
        ["count" if pd.isna(unit) else unit for unit, _ in found],
        [1 if pd.isna(decimals) else int(decimals) for _, decimals in found],
    )


def goal_status(
    goals: pd.DataFrame,
    latest: pd.DataFrame,
    spc_summary: pd.DataFrame,
    today: date,
    measures: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return one row per goal with its status and the reason in one sentence.

    Columns: code, initiative, measure, statement, latest_period, latest_value, planned_value
    (the trajectory at the latest period), target_value, target_date, gap (how far ahead (+) or
    behind (−) the trajectory, in the measure's units), status (GoalStatus) and reason. The rule
    is in the module docstring. `latest` holds data points (measure, period, value): the newest
    non-empty one per measure is used. `spc_summary` is the SPC engine's per-series summary;
    `measures` (optional) gives units and decimals for the reason.
    """
    frame = goals.reset_index(drop=True).copy()
    # Latest values and SPC signals looked up by position: merging frames cost more than the
    # rest of the arithmetic for one initiative's few goals
    measure = frame["measure"]
    newest, newest_period, newest_value = _latest_per_measure(latest)
    at = newest.get_indexer(pd.Index(measure.to_numpy(dtype=object)))
    frame["latest_period"] = _taken(newest_period, at)
    frame["latest_value"] = _taken(newest_value, at)
    signals = spc_summary.reindex(
        columns=["series_id", "last_point_type", "variation_icon", "assurance_icon"]
    ).drop_duplicates("series_id")
    where = _positions(signals["series_id"], measure)
    point_type, icon, assurance = (
        _taken(signals[column].to_numpy(dtype=object), where)
        for column in ("last_point_type", "variation_icon", "assurance_icon")
    )
    planned = trajectory_value(frame, frame["latest_period"]).to_numpy()
    frame["planned_value"] = planned

    latest_value = frame["latest_value"].to_numpy(dtype=float)
    target_value = frame["target_value"].to_numpy(dtype=float)
    baseline_value = frame["baseline_value"].to_numpy(dtype=float)
    direction = np.sign(target_value - baseline_value)
    gap = (latest_value - planned) * direction
    tolerance = OFF_TRACK_TOLERANCE * np.abs(target_value - baseline_value)
    target_date = pd.to_datetime(frame["target_date"])
    due = target_date.to_numpy()
    stamp = pd.Timestamp(today)
    has_data = ~np.isnan(latest_value)
    with np.errstate(invalid="ignore"):
        achieved = has_data & np.where(
            direction == 0,
            latest_value == target_value,
            (latest_value - target_value) * direction >= 0,
        )
        behind = gap < 0
        far_behind = -gap > tolerance
    concern = np.isin(point_type, list(CONCERN_POINTS)) | np.isin(icon, list(CONCERN_ICONS))
    failing = assurance == FAIL
    overdue = due < stamp.to_datetime64()
    # Whole days left (NaT: never near), as .dt.days counts them
    left = (due - stamp.to_datetime64()).astype("timedelta64[D]")
    near = ~np.isnat(left) & (left <= np.timedelta64(ASSURANCE_HORIZON_DAYS, "D"))
    off = overdue | far_behind | (behind & concern) | (failing & near)
    on = ~behind & ~concern & ~failing & (direction != 0)
    status = np.select(
        [~has_data, achieved, off, on],
        [GoalStatus.no_data, GoalStatus.achieved, GoalStatus.off_track, GoalStatus.on_track],
        default=GoalStatus.at_risk,
    )
    frame["gap"] = gap
    frame["status"] = pd.Series(status, dtype=object).map(GoalStatus)
    frame["target_date"] = target_date
    frame["reason"] = _reasons(frame, _units(frame, measures), concern, failing, overdue, stamp)
    return frame[GOAL_STATUS_COLUMNS]


def _positions(keys: pd.Series, wanted: pd.Series) -> np.ndarray:
    """Return the position of each wanted value among unique `keys` (-1 where absent)."""
    return pd.Index(keys.to_numpy(dtype=object)).get_indexer(wanted.to_numpy(dtype=object))


def _taken(values: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Return values[at], missing (NaN, NaT or None) where `at` is -1, as a left merge gives."""
    if values.dtype.kind == "M":
        missing: object = np.datetime64("NaT")
    elif values.dtype.kind == "f":
        missing = np.nan
    else:
        values, missing = values.astype(object), np.nan
    if len(values) == 0:
        return np.full(len(at), missing, dtype=values.dtype)
    return np.where(at >= 0, values[np.clip(at, 0, None)], np.array(missing, dtype=values.dtype))


def _reasons(
    frame: pd.DataFrame,
    units: tuple[list[str], list[int]],
    concern: np.ndarray,
    failing: np.ndarray,
    overdue: np.ndarray,
    today: pd.Timestamp,
) -> pd.Series:
    """Return the plain-English sentence explaining each goal's status."""
    if frame.empty:
        # A programme without goals: the text arithmetic below would meet empty date columns.
        return pd.Series(dtype=object, index=frame.index)
    # One sentence per goal in plain Python over lists: a dozen whole-column string steps
    # cost more than the sentences themselves for the few goals of one initiative.
    left = (frame["target_date"] - today).dt.days
    closing = failing & ~overdue & (left <= ASSURANCE_HORIZON_DAYS)
    late = overdue & frame["status"].isin([GoalStatus.off_track, GoalStatus.at_risk])
    texts = []
    for (
        latest, planned, target, gap, period, due, status, measure, unit, decimals,
        is_concern, is_failing, is_closing, is_late, days_left,
    ) in zip(
        frame["latest_value"].tolist(), frame["planned_value"].tolist(),
        frame["target_value"].tolist(), frame["gap"].tolist(), frame["latest_period"].tolist(),
        frame["target_date"].tolist(), frame["status"].tolist(), frame["measure"].tolist(),
        *units, concern.tolist(),
        failing.tolist(), closing.tolist(), late.tolist(), left.tolist(),
        strict=True,
    ):  # fmt: skip
        head = f"Latest {number(latest, unit, decimals)} ({uk_month(period)})"
        goal = number(target, unit, decimals)
        if status == GoalStatus.no_data:
            texts.append(f"No data yet for measure {measure}.")
            continue
        if status == GoalStatus.achieved:
            texts.append(f"{head} meets the target of {goal}.")
            continue
        plan = number(planned, unit, decimals)
        size = difference(gap, unit, decimals)
        if pd.isna(gap):
            where = f"is not yet at the target of {goal}"
        elif size == difference(0.0, unit, decimals):  # a gap too small to show
            where = f"is on the trajectory of {plan}"
        elif gap > 0:
            where = f"is {size} ahead of the trajectory of {plan}"
        else:
            where = f"is {size} behind the trajectory of {plan}"
        text = f"{head} {where}"
        if is_concern:
            text += "; the measure shows special cause concern"
        if is_failing:
            text += "; the process limits do not reach the target (assurance fail)"
        if is_closing:
            text += f", with {days_left} days left to {uk_date(due)}"
        if is_late:
            text += f"; the target date {uk_date(due)} has passed"
        texts.append(text + ".")
    return pd.Series(texts, index=frame.index)


def share_of_the_way(baseline: pd.Series, latest: pd.Series, target: pd.Series) -> pd.Series:
    """Return how far each latest value has come from baseline to target, between 0 and 1.

    Works for goals to raise and to lower alike; worse than the baseline is 0, beyond the target
    1, no value yet NaN. A goal whose target equals its baseline is 1 once the target is met.
    """
    distance = target - baseline
    moved = (latest - baseline) / distance.where(distance != 0)
    flat = (latest == target).astype(float).where(latest.notna())
    return moved.where(distance != 0, flat).clip(0, 1)


def milestone_slippage(milestones: pd.DataFrame, today: date) -> pd.DataFrame:
    """Return the milestones with slip_days, is_late, is_slipped, slipped and due_in_days added.

    The one definition of "late" and "slipped" that the Milestones page, the exceptions and the
    board pack use. slip_days (int): completed − baseline for a complete milestone, else
    forecast − baseline; positive means later than first planned. is_late (bool): not complete,
    and its forecast date is before `today` or the owner marked it late. is_slipped (bool): not
    complete, not late, and forecast more than SLIP_THRESHOLD_DAYS after its baseline (a late
    milestone counts once, as late; a complete one's slip is history). slipped (bool):
    slip_days > 0, any move later. due_in_days (nullable int): forecast − today for an
    incomplete milestone (negative once passed), <NA> once complete.
    """
    frame = milestones.reset_index(drop=True).copy()
    # In numpy over whole days: pandas' date steps cost milliseconds on a few milestones
    day = np.timedelta64(1, "D")
    stamp = np.datetime64(today, "D")
    baseline, forecast, completed = (
        pd.to_datetime(frame[column]).to_numpy().astype("datetime64[D]")
        for column in ("baseline_date", "forecast_date", "completed_date")
    )
    status = frame["status"].to_numpy(dtype=object)
    done = ~np.isnat(completed)
    complete = (status == MilestoneStatus.complete) | done
    finish = np.where(complete & done, completed, forecast)
    slip, no_slip = _days_between(finish, baseline, day)
    frame["slip_days"] = pd.arrays.IntegerArray(slip, no_slip)
    late = ~complete & ((forecast < stamp) | (status == MilestoneStatus.late))
    frame["is_late"] = late
    frame["is_slipped"] = ~complete & ~late & ~no_slip & (slip > SLIP_THRESHOLD_DAYS)
    frame["slipped"] = ~no_slip & (slip > 0)
    left, no_date = _days_between(forecast, np.full(len(frame), stamp), day)
    frame["due_in_days"] = pd.arrays.IntegerArray(left, no_date | complete)
    return frame


def _days_between(
    later: np.ndarray, earlier: np.ndarray, day: np.timedelta64
) -> tuple[np.ndarray, np.ndarray]:
    """Return later − earlier in whole days (int64) and where either date is missing."""
    missing = np.isnat(later) | np.isnat(earlier)
    gap = np.where(missing, np.timedelta64(0, "D"), later - earlier)
    return (gap // day).astype(np.int64), missing


@dataclass(frozen=True, eq=False)
class MilestoneLists:
    """Milestones chosen by initiative and owner, and the lists a board reads from them."""

    chosen: pd.DataFrame
    late: pd.DataFrame
    """is_late, by forecast date."""
    slipped: pd.DataFrame
    """is_slipped, the most slipped first."""
    soon: pd.DataFrame
    """Not complete and forecast within SOON_DAYS from today, by forecast date."""
    complete: int


def milestone_lists(
    milestones: pd.DataFrame, initiatives: Collection[str] = (), owners: Collection[str] = ()
) -> MilestoneLists:
    """Return the milestones of `initiatives` and `owners` (none named: every one) and their lists.

    `milestones` is what milestone_slippage returns.
    """
    chosen = milestones
    if initiatives:
        chosen = chosen[chosen["initiative"].isin(list(initiatives))]
    if owners:
        chosen = chosen[chosen["owner"].isin(list(owners))]
    complete = chosen["status"] == MilestoneStatus.complete
    soon = chosen[~complete & chosen["due_in_days"].between(0, SOON_DAYS)]
    return MilestoneLists(
        chosen=chosen,
        late=chosen[chosen["is_late"]].sort_values("forecast_date", kind="stable"),
        slipped=chosen[chosen["is_slipped"]].sort_values(
            "slip_days", ascending=False, kind="stable"
        ),
        soon=soon.sort_values("forecast_date", kind="stable"),
        complete=int(complete.sum()),
    )
