"""View models for pages, CLI and board pack: store reads + analysis, computed once for all measures."""

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property, partial

import numpy as np
import pandas as pd

from tracker import attention, due, formatting, progress, vocabulary
from tracker.spc import Preset, SpcResult, SpcSettings, analyse
from tracker.spc_settings import AssuranceIcon, PointType, VariationFamily
from tracker.store import Database, queries
from tracker.store.db import utc_now

MATRIX_VARIATION = tuple(family.value for family in VariationFamily)
MATRIX_ASSURANCE = tuple(
    icon.value
    for icon in (
        AssuranceIcon.pass_,
        AssuranceIcon.hit_and_miss,
        AssuranceIcon.fail,
        AssuranceIcon.none,
    )
)
"""Rows and columns of the MDC summary matrix, in MDC's order: hit and miss between pass and fail."""


@dataclass(frozen=True)
class Filters:
    """Overview filters; None means all."""

    programme: str | None = None
    theme: str | None = None
    organisation: str | None = None
    lead: str | None = None


@dataclass(frozen=True)
class Portfolio:
    """Everything the overview, exceptions and board pack show, for one as-of time and preset."""

    today: date
    as_of: datetime | None
    preset: Preset
    initiatives: pd.DataFrame
    measures: pd.DataFrame
    spc: SpcResult
    goals: pd.DataFrame
    goal_definitions: pd.DataFrame
    milestones: pd.DataFrame
    check_ins: pd.DataFrame
    targets: pd.DataFrame
    annotations: pd.DataFrame
    due: pd.DataFrame
    exceptions: pd.DataFrame
    matrix: pd.DataFrame
    read_points: Callable[[], pd.DataFrame]
    tiles: dict[str, int] = field(default_factory=dict)

    @cached_property
    def points(self) -> pd.DataFrame:
        """Return the data points shown, every column of queries.data_points, read on first use.

        The figures need only each point's value (read with them); the rest of each row
        (missing reason, note, who recorded it and when) is for the import templates, and at a
        million points reading it would cost more than the figures themselves. It is read
        from the database the portfolio came from, which must still be open (the app's is).
        """
        return self.read_points()


def target_at(targets: pd.DataFrame, when: pd.DataFrame) -> pd.Series:
    """Return the target value in force for each (measure, period) row of `when` (NaN if none).

    The revision with the latest effective_from on or before the period wins, provided its
    effective_to (if any) is not before the period.
    """
    if targets.empty or when.empty:
        return pd.Series(np.nan, index=when.index, dtype=float)
    both = pd.concat([targets["measure"], when["measure"]], ignore_index=True)
    codes, _ = pd.factorize(both)
    owner, asked = codes[: len(targets)], codes[len(targets) :]
    start = pd.to_datetime(targets["effective_from"]).to_numpy("datetime64[us]")
    order = np.lexsort((start, owner))
    period = pd.to_datetime(when["period"]).to_numpy("datetime64[us]")
    found, _ = progress.bracket(owner[order], start[order], asked, period)
    at = np.clip(found, 0, None)
    value = targets["value"].to_numpy(dtype=float)[order][at]
    end = pd.to_datetime(targets["effective_to"]).to_numpy("datetime64[us]")[order][at]
    expired = ~np.isnat(end) & (end < period)
    return pd.Series(np.where((found >= 0) & ~expired, value, np.nan), index=when.index)


def _measure_codes(measure: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Return each point's measure as a number and the measure codes (sorted) it numbers."""
    codes, found = pd.factorize(measure, sort=True)
    found = pd.Index(found)
    if isinstance(found, pd.CategoricalIndex):
        found = found.astype(found.categories.dtype)
    return codes, found


def latest_periods(points: pd.DataFrame) -> pd.DataFrame:
    """Return per measure (the index) its latest period (any point: a value or an empty one
    with a reason) and its latest period with a value ("valued", NaT if none).

    One pass over the points' numbers serves both: grouping a million points by their codes
    cost more than the rest of the overview's figures beside the SPC.
    """
    codes, names = _measure_codes(points["measure"])
    stamps = points["period"].to_numpy()
    # NaT is the smallest int64: a measure with no value keeps it as its latest valued period
    ticks = stamps.view(np.int64)
    nat = np.datetime64("NaT").astype(stamps.dtype).view(np.int64)
    latest = np.full((2, len(names)), nat, dtype=np.int64)
    np.maximum.at(latest[0], codes, ticks)
    valued = points["value"].notna().to_numpy()
    np.maximum.at(latest[1], codes[valued], ticks[valued])
    return pd.DataFrame(
        {"period": latest[0].view(stamps.dtype), "valued": latest[1].view(stamps.dtype)},
        index=names,
    )


def spc_inputs(
    measures: pd.DataFrame,
    points: pd.DataFrame,
    latest: pd.DataFrame,
    targets: pd.DataFrame,
    annotations: pd.DataFrame,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Return the SPC engine's (points, series, recalculations) tables from store frames and
    the points' latest_periods().

    A baseline annotation dated D fixes the limits on the points up to and including D; a
    recalculation annotation starts a new partition at the first point on or after its date.
    """
    # The engine drops empty values itself: filtering a million rows here would copy them.
    # Frames made from their columns: selecting and renaming cost more for a few rows.
    series_points = pd.DataFrame(
        {"series_id": points["measure"], "period": points["period"], "value": points["value"]},
        copy=False,
    )
    present = points["value"].notna()
    last = latest["valued"].dropna()
    when = pd.DataFrame({"measure": last.index.to_numpy(), "period": last.to_numpy()})
    target = pd.Series(target_at(targets, when).to_numpy(), index=when["measure"])
    series = pd.DataFrame(
        {
            "series_id": measures["code"],
            "direction": measures["direction"],
            "frequency": measures["frequency"],
            "target": measures["code"].map(target).astype(float),
        }
    )
    baselines = annotations[annotations["kind"] == "baseline"].groupby("measure")["date"].max()
    if baselines.empty:
        series["baseline_n"] = 0
    else:
        # Counted over the points' numbers: no million-row frame is filtered or merged
        codes, names = _measure_codes(points["measure"])
        until = pd.to_datetime(baselines.reindex(names)).to_numpy("datetime64[us]")
        period = pd.to_datetime(points["period"]).to_numpy("datetime64[us]")
        upto = present.to_numpy() & (period <= until[codes])  # NaT (no baseline) is never
        counts = pd.Series(np.bincount(codes[upto], minlength=len(names)), index=names)
        series["baseline_n"] = series["series_id"].map(counts).fillna(0).astype(int)
    again = annotations[annotations["kind"] == "recalculation"]
    recalculations = pd.DataFrame({"series_id": again["measure"], "date": again["date"]})
    return series_points, series, recalculations


def _latest_check_ins(check_ins: pd.DataFrame) -> pd.DataFrame:
    return check_ins.sort_values("period").groupby("initiative", as_index=False).tail(1)


def _family_names(icons: pd.Series) -> dict[str, str]:
    """Return the family of each distinct icon ('concern_high' → 'concern')."""
    # Worked out once per distinct icon (a dozen at most), not once per measure
    return {icon: re.sub(r"_(high|low)$", "", icon) for icon in icons.dropna().unique()}


def variation_family(icons: pd.Series) -> pd.Series:
    """Return each variation icon's family, the MDC matrix's row ('concern_high' → 'concern')."""
    return icons.where(icons.isna(), icons.map(_family_names(icons)))


ON_TRACK = (progress.GoalStatus.on_track, progress.GoalStatus.achieved)
"""Goal statuses the "on track" tile counts: a goal already achieved is on track too."""


def rated(initiatives: pd.DataFrame, rag: str) -> pd.DataFrame:
    """Return the initiatives whose latest check-in is rated `rag` ('none': never rated)."""
    return initiatives[initiatives["rag"].fillna("none") == rag]


def goals_with(goals: pd.DataFrame, statuses: tuple[str, ...]) -> pd.DataFrame:
    """Return the goals whose computed status is one of `statuses`."""
    return goals[goals["status"].isin(statuses)] if len(goals) else goals


def matrix_members(measures: pd.DataFrame, variation: str, assurance: str | None) -> pd.DataFrame:
    """Return the measures in one cell of the MDC matrix, or its whole row when `assurance` is None."""
    chosen = measures[variation_family(measures["variation_icon"]) == variation]
    return chosen if assurance is None else chosen[chosen["assurance_icon"] == assurance]


def _families(icons: pd.Series) -> list[str | None]:
    """Return variation_family() of each icon as a plain list (None where no icon)."""
    family = _family_names(icons)
    return [family.get(icon) for icon in icons.tolist()]


def summary_matrix(summary: pd.DataFrame) -> pd.DataFrame:
    """Return counts of measures by variation family × assurance icon, every cell present."""
    # Counted in plain Python: for one initiative's few measures, pandas' grouping and
    # reindexing over a product index cost a hundred times the counting itself.
    cells = zip(
        _families(summary["variation_icon"]), summary["assurance_icon"].tolist(), strict=True
    )
    counts = Counter(cells)
    grid = [(v, a) for v in MATRIX_VARIATION for a in MATRIX_ASSURANCE]
    return pd.DataFrame(
        {
            "variation": [v for v, _ in grid],
            "assurance": [a for _, a in grid],
            "n": np.array([counts[cell] for cell in grid], dtype=np.int64),
        }
    )


def _apply_filters(initiatives: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    keep = pd.Series(True, index=initiatives.index)
    for column in ("programme", "theme", "organisation", "lead"):
        wanted = getattr(filters, column)
        if wanted:
            keep &= initiatives[column] == wanted
    return initiatives[keep]


def _initiative_table(
    initiatives: pd.DataFrame, latest: pd.DataFrame, goals: pd.DataFrame, owed: pd.DataFrame
) -> pd.DataFrame:
    # As a left merge on code would: a new RangeIndex, and an initiative never checked in gets
    # NaN/NaT (its confidence turns float), which reindex gives too; looked up by position and
    # counted from plain lists, at a fraction of merging and grouping frames of a few rows.
    last = latest[["initiative", "period", "rag", "confidence"]].set_index("initiative")
    found = last.reindex(initiatives["code"].to_numpy())
    found.index = pd.RangeIndex(len(found))
    table = initiatives.reset_index(drop=True)
    table["last_check_in"] = found["period"]
    table["rag"] = found["rag"]
    table["confidence"] = found["confidence"]
    codes = table["code"].tolist()
    counts = Counter(zip(goals["initiative"].tolist(), goals["status"].tolist(), strict=True))
    for status in progress.GoalStatus:
        counted = [counts[(code, status.value)] for code in codes]
        table[f"goals_{status.value}"] = np.array(counted, dtype=np.int64)
    overdue = {
        code
        for code, kind, status in zip(
            owed["code"].tolist(), owed["kind"].tolist(), owed["status"].tolist(), strict=True
        )
        if kind == due.DueKind.check_in and status == due.DueStatus.overdue
    }
    table["check_in_overdue"] = np.array([code in overdue for code in codes], dtype=bool)
    return table


def portfolio(
    db: Database,
    today: date,
    as_of: datetime | None = None,
    preset: Preset = Preset.mdc,
    filters: Filters = Filters(),  # noqa: B008 - frozen dataclass, safe as a default
) -> Portfolio:
    """Return the whole portfolio's view model: SPC for every measure, goals, exceptions, tiles.

    Everything is computed in one pass over all measures (one SPC call), so pages, the CLI and
    the board pack agree. With `as_of`, versioned facts are read as they stood then.
    """
    # The rest of each point's row is read later (Portfolio.points): as of now, so that a write
    # in between cannot make it disagree with the figures.
    read_at = as_of or utc_now()
    everyone = queries.initiatives(db)
    initiatives = _apply_filters(everyone, filters)
    codes = set(initiatives["code"])
    narrowed = len(initiatives) < len(everyone)

    def only(frame: pd.DataFrame, column: str, wanted: set[str]) -> pd.DataFrame:
        # Without a filter every row belongs (the store's keys guarantee it): skip the test.
        return frame[frame[column].isin(wanted)] if narrowed else frame

    measures = only(queries.measures(db), "initiative", codes).reset_index(drop=True)
    measure_codes = set(measures["code"])

    # A filter narrows the million-row reads in the store, not after reading them all
    shown = sorted(measure_codes) if narrowed else None
    return _book(
        today,
        as_of,
        preset,
        initiatives,
        measures,
        queries.point_values(db, as_of, shown),
        partial(queries.data_points, db, read_at, shown),
        only(queries.targets(db, as_of), "measure", measure_codes),
        only(queries.annotations(db), "measure", measure_codes),
        only(queries.goals(db), "initiative", codes),
        only(queries.milestones(db, as_of), "initiative", codes),
        only(queries.check_ins(db, as_of), "initiative", codes),
    )


def _tiles(
    initiatives: pd.DataFrame,
    goals: pd.DataFrame,
    measures: pd.DataFrame,
    milestones: pd.DataFrame,
    owed: pd.DataFrame,
    found: pd.DataFrame,
) -> dict[str, int]:
    # Each tile counts the list its link opens, so the number and the list cannot disagree:
    # rated(), goals_with(), matrix_members(), attention.of_kind() and due.overdue() choose
    # those lists by these very values. Counted from plain lists, not by filtering frames.
    kind = attention.ExceptionKind
    rags = Counter(initiatives["rag"].fillna("none").tolist())
    statuses = Counter(goals["status"].tolist()) if len(goals) else Counter()
    kinds = Counter(found["kind"].tolist())
    families = Counter(_families(measures["variation_icon"]))
    return {
        "initiatives": len(initiatives),
        **{f"rag_{rag}": rags[rag] for rag in [*vocabulary.RAGS, "none"]},
        "goals_on_track": sum(statuses[status] for status in ON_TRACK),
        "goals_at_risk": statuses[progress.GoalStatus.at_risk],
        "goals_off_track": kinds[kind.goal_off_track],
        "measures": len(measures),
        "measures_improvement": families[VariationFamily.improvement],
        "measures_concern": kinds[kind.special_cause_concern],
        "assurance_fail": kinds[kind.assurance_fail],
        "milestones_late": int(milestones["is_late"].sum()) if len(milestones) else 0,
        "updates_overdue": int((owed["status"] == due.DueStatus.overdue).sum()),
    }


def measure_points(book: Portfolio, code: str) -> pd.DataFrame:
    """Return one measure's SPC per-point table from the portfolio."""
    points = book.spc.points
    return points[points["series_id"] == code].reset_index(drop=True)


def _run_length(flags: pd.Series) -> int:
    """Return how many consecutive True values end the series."""
    values = flags.to_numpy()[::-1]
    return int(np.argmin(values)) if not values.all() else len(values)


def variation_reading(points: pd.DataFrame) -> str:
    """Return one plain-English sentence explaining the variation at the last point of one measure.

    E.g. "Special cause improvement: the last 6 points are all above the mean."
    """
    if points.empty:
        return "No data yet."
    last = points.iloc[-1]
    if not bool(last["has_limits"]):
        return (
            f"Only {len(points)} points: too few for process limits (13 needed), "
            "so this is a run chart."
        )
    kind = vocabulary.term(PointType, last["point_type"]).description
    if last["point_type"] == "common_cause":
        return f"{kind}: the latest point is within the limits and no pattern is signalled."
    reasons = []
    if last["outside_high"] or last["outside_low"]:
        side = "above the upper" if last["outside_high"] else "below the lower"
        reasons.append(f"the latest point is {side} process limit")
    if last["shift_high"] or last["shift_low"]:
        column = "shift_high" if last["shift_high"] else "shift_low"
        side = "above" if last["shift_high"] else "below"
        reasons.append(f"the last {_run_length(points[column])} points are all {side} the mean")
    if last["trend_up"] or last["trend_down"]:
        column = "trend_up" if last["trend_up"] else "trend_down"
        way = "rising" if last["trend_up"] else "falling"
        reasons.append(f"the last {_run_length(points[column])} points are steadily {way}")
    if last["two_of_three_high"] or last["two_of_three_low"]:
        side = "upper" if last["two_of_three_high"] else "lower"
        reasons.append(f"two of the last three points are near the {side} limit")
    return f"{kind}: " + "; ".join(reasons) + "." if reasons else f"{kind}."


def assurance_reading(row: pd.Series, unit: str, decimals: int) -> str:
    """Return one sentence on the target against the latest process limits of one measure."""
    icon = row.get("assurance_icon", "none")
    if icon == "none" or pd.isna(row.get("target")):
        return vocabulary.term(AssuranceIcon, AssuranceIcon.none).description + "."
    target = formatting.number(row["target"], unit, decimals)
    limits = (
        f"{formatting.number(row['lpl'], unit, decimals)} to "
        f"{formatting.number(row['upl'], unit, decimals)}"
    )
    reading = vocabulary.term(AssuranceIcon, icon).description
    return f"{reading}: target {target}, process limits {limits}."


def goal_trajectory(book: Portfolio, code: str) -> pd.DataFrame:
    """Return one goal's planned trajectory (period, value) monthly from baseline to target date."""
    goal = book.goal_definitions[book.goal_definitions["code"] == code]
    periods = pd.date_range(
        goal["baseline_period"].iloc[0], goal["target_date"].iloc[0], freq="MS"
    ).union(pd.DatetimeIndex([goal["target_date"].iloc[0]]))
    repeated = goal.loc[goal.index.repeat(len(periods))].reset_index(drop=True)
    values = progress.trajectory_value(repeated, pd.Series(periods.date))
    return pd.DataFrame({"period": periods, "value": values.to_numpy()})


def _book(
    today: date,
    as_of: datetime | None,
    preset: Preset,
    initiatives: pd.DataFrame,
    measures: pd.DataFrame,
    points: pd.DataFrame,
    read_points: Callable[[], pd.DataFrame],
    targets: pd.DataFrame,
    annotations: pd.DataFrame,
    goals: pd.DataFrame,
    milestones: pd.DataFrame,
    check_ins: pd.DataFrame,
) -> Portfolio:
    """Return the view model of the given store frames (already narrowed to what is shown).

    `points` holds measure, period and value (queries.point_values); `read_points` reads the
    same points with every column, when Portfolio.points is first asked for.
    """
    latest = latest_periods(points)
    spc_points, series, recalculations = spc_inputs(measures, points, latest, targets, annotations)
    result = analyse(spc_points, series, recalculations, SpcSettings(preset=preset))
    summary = measures.merge(
        result.summary.rename(columns={"series_id": "code"}), on="code", how="left"
    )
    summary["variation_icon"] = summary["variation_icon"].fillna("none")
    summary["assurance_icon"] = summary["assurance_icon"].fillna("none")
    summary["n"] = summary["n"].fillna(0).astype(int)
    goal_table = progress.goal_status(
        goals, _latest_values(result.summary, points), result.summary, today, measures
    )
    milestones = progress.milestone_slippage(milestones, today)
    # due_items needs only each measure's latest period (a value or an empty one with a reason)
    owed = due.due_items(
        measures,
        latest["period"].rename_axis("measure").reset_index(),
        initiatives,
        check_ins,
        today,
    )
    found = attention.exceptions(result.summary, measures, goal_table, milestones, owed, today)
    table = _initiative_table(initiatives, _latest_check_ins(check_ins), goal_table, owed)
    return Portfolio(
        today=today,
        as_of=as_of,
        preset=Preset(preset),
        initiatives=table,
        measures=summary,
        spc=result,
        goals=goal_table,
        goal_definitions=goals,
        milestones=milestones,
        check_ins=check_ins,
        targets=targets,
        annotations=annotations,
        due=owed,
        exceptions=found,
        matrix=summary_matrix(summary),
        read_points=read_points,
        tiles=_tiles(table, goal_table, summary, milestones, owed, found),
    )


def initiative_data(
    db: Database,
    code: str,
    today: date,
    as_of: datetime | None = None,
    preset: Preset = Preset.mdc,
) -> Portfolio:
    """Return the portfolio view model of one initiative, reading only that initiative's rows.

    Every table holds what portfolio() holds for this initiative (same columns, same values),
    so the initiative page can use either; this one costs the same for a portfolio of ten
    initiatives or a thousand. An unknown code gives empty tables.
    """
    read_at = as_of or utc_now()  # as in portfolio()
    keys = queries.initiative_keys(db, code)  # read once: every read below filters on them
    return _book(
        today,
        as_of,
        preset,
        queries.initiative_rows(db, keys),
        queries.initiative_measures(db, keys),
        queries.initiative_point_values(db, keys, as_of),
        partial(queries.initiative_data_points, db, keys, read_at),
        queries.initiative_targets(db, keys, as_of),
        queries.initiative_annotations(db, keys),
        queries.initiative_goals(db, keys),
        queries.initiative_milestones(db, keys, as_of),
        queries.initiative_check_ins(db, keys, as_of),
    )


def _latest_values(summary: pd.DataFrame, points: pd.DataFrame) -> pd.DataFrame:
    """Return each measure's newest non-empty value (measure, period, value) for goal_status.

    The SPC summary already holds it (last_period, last_value: the engine drops empty values),
    so goal_status need not sort a million points to find it again.
    """
    return pd.DataFrame(
        {
            "measure": summary["series_id"].to_numpy(),
            "period": summary["last_period"].astype(points["period"].dtype).to_numpy(),
            "value": summary["last_value"].to_numpy(),
        }
    )
