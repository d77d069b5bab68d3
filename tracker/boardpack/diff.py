"""What changed since the last published pack: icons, goal statuses, milestones and check-ins."""

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from tracker import formatting
from tracker.boardpack.model import Changes, Table
from tracker.boardpack.words import goal_text, rag_text
from tracker.charts.labels import icons_text
from tracker.reports import Portfolio

FIRST_PACK = "This is the first published pack, so there is nothing earlier to compare it with."

ICON_COLUMNS = ("Measure", "Initiative", "At the last pack", "Now")
GOAL_COLUMNS = ("Goal", "At the last pack", "Now", "Why")
MILESTONE_COLUMNS = ("Milestone", "Initiative", "Change", "Forecast at the last pack", "Now")
CHECK_IN_COLUMNS = ("Initiative", "Period", "RAG", "Confidence", "Author", "")


def _table(
    columns: tuple[str, ...], rows: Sequence[tuple[str, ...]], widths: tuple[float, ...]
) -> Table:
    return Table(columns=columns, rows=tuple(rows), widths=widths, empty="No changes.")


def icon_changes(current: Portfolio, previous: Portfolio) -> Table:
    """Return the measures whose variation or assurance icon changed, with both icon pairs."""
    keep = ["code", "name", "initiative", "variation_icon", "assurance_icon"]
    both = current.measures[keep].merge(
        previous.measures[["code", "variation_icon", "assurance_icon"]],
        on="code",
        suffixes=("", "_before"),
    )
    changed = both[
        (both["variation_icon"] != both["variation_icon_before"])
        | (both["assurance_icon"] != both["assurance_icon_before"])
    ]
    rows = [
        (
            f"{r.code} {r.name}",
            str(r.initiative),
            icons_text(r.variation_icon_before, r.assurance_icon_before),
            icons_text(r.variation_icon, r.assurance_icon),
        )
        for r in changed.itertuples()
    ]
    return _table(ICON_COLUMNS, rows, (3, 1, 2.2, 2.2))


def goal_changes(current: Portfolio, previous: Portfolio) -> Table:
    """Return the goals whose status changed, with the reason for the status now."""
    both = current.goals[["code", "statement", "status", "reason"]].merge(
        previous.goals[["code", "status"]], on="code", suffixes=("", "_before")
    )
    changed = both[both["status"].astype(str) != both["status_before"].astype(str)]
    rows = [
        (
            f"{r.code} {r.statement}",
            goal_text(r.status_before),
            goal_text(r.status),
            str(r.reason),
        )
        for r in changed.itertuples()
    ]
    return _table(GOAL_COLUMNS, rows, (3, 1.2, 1.2, 4))


def _milestone_change(row: pd.Series) -> str | None:
    """Return what happened to one milestone since the last pack, or None if nothing did."""
    if pd.isna(row["status_before"]):
        return "New milestone"
    done = row["status"] == "complete"
    if done and row["status_before"] != "complete":
        return f"Completed on {formatting.uk_date(row['completed_date'])}"
    moved = (pd.Timestamp(row["forecast_date"]) - pd.Timestamp(row["forecast_before"])).days
    if not done and moved > 0:
        return f"Slipped {moved} {'day' if moved == 1 else 'days'}"
    return None


def milestone_changes(current: Portfolio, previous: Portfolio) -> Table:
    """Return milestones that slipped, were completed or are new since the last pack.

    A milestone is new only if its initiative was in the last pack, so a pack with wider
    filters does not list every milestone of the initiatives it adds.
    """
    mine = current.milestones[
        ["code", "initiative", "title", "status", "forecast_date", "completed_date"]
    ]
    mine = mine[mine["initiative"].isin(set(previous.initiatives["code"]))]
    before = previous.milestones[["code", "status", "forecast_date"]].rename(
        columns={"status": "status_before", "forecast_date": "forecast_before"}
    )
    both = mine.merge(before, on="code", how="left")
    rows = []
    for _, row in both.iterrows():
        change = _milestone_change(row)
        if change is None:
            continue
        now = row["completed_date"] if row["status"] == "complete" else row["forecast_date"]
        rows.append(
            (
                f"{row['code']} {row['title']}",
                str(row["initiative"]),
                change,
                formatting.uk_date(row["forecast_before"]),
                formatting.uk_date(now),
            )
        )
    return _table(MILESTONE_COLUMNS, rows, (3.2, 1, 1.6, 1.4, 1.4))


def check_in_changes(current: Portfolio, previous: Portfolio) -> Table:
    """Return the check-ins recorded after the last pack's cut-off: new ones and revisions."""
    if previous.as_of is None:
        raise ValueError("the previous portfolio has no as_of time to compare check-ins with")
    recorded = pd.to_datetime(current.check_ins["recorded_at"])
    fresh = current.check_ins[recorded > pd.Timestamp(previous.as_of)]
    seen = set(zip(previous.check_ins["initiative"], previous.check_ins["period"], strict=True))
    # pandas types a row's fields as any scalar; these are the check_in table's columns.
    records: Iterable[Any] = fresh.itertuples()
    rows = [
        (
            str(r.initiative),
            formatting.uk_month(r.period),
            rag_text(r.rag),
            f"{int(r.confidence)} / 5",
            str(r.author),
            "Revised" if (r.initiative, r.period) in seen else "New",
        )
        for r in records
    ]
    return _table(CHECK_IN_COLUMNS, rows, (1, 1, 1, 1, 1.6, 0.8))


def changes(current: Portfolio, previous: Portfolio | None, since: str) -> Changes:
    """Return what changed between the last published pack's portfolio and this one.

    `since` names the last pack in words; with no previous pack every table is empty and the
    section says this is the first pack.
    """
    if previous is None:
        none = _table(("",), [], (1,))
        return Changes(
            since=FIRST_PACK, first=True, icons=none, goals=none, milestones=none, check_ins=none
        )
    return Changes(
        since=since,
        first=False,
        icons=icon_changes(current, previous),
        goals=goal_changes(current, previous),
        milestones=milestone_changes(current, previous),
        check_ins=check_in_changes(current, previous),
    )
