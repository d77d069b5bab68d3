"""Milestone rows → validated milestones, or every bad cell named (slips need a new reason)."""

from collections.abc import Mapping
from datetime import date

import pandas as pd

from tracker import access
from tracker.importers.cells import (
    Problems,
    check_model_fields,
    codes,
    flag_duplicates,
    longest,
    optional_text,
    parse_dates,
    required_text,
)
from tracker.models import Milestone, MilestoneStatus

_STATUSES = [s.value for s in MilestoneStatus]


def validate_milestones(
    table: pd.DataFrame,
    initiatives: pd.DataFrame,
    current: pd.DataFrame,
    today: date,
    only_initiative: str | None = None,
    people: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Return validated milestone rows (the Milestone fields), or raise naming every bad cell.

    `table` holds text cells indexed by file row; `initiatives` the known initiatives (code);
    `current` the stored milestones (code, initiative, forecast_date, change_reason). A forecast
    later than the stored one is a slip and needs a change_reason different from the stored one,
    so the board always reads why this slip happened. With `people` (the people list: lower-case
    name and email → name), an owner must be on it and is stored by name.
    """
    problems = Problems(table.index)
    flag = problems.flag
    code = codes(table["code"], problems, "code")
    initiative = codes(table["initiative"], problems, "initiative")
    known = initiative.isin(set(initiatives["code"]))
    flag(
        (initiative != "") & ~known,
        "initiative",
        "unknown initiative '" + initiative + "'",
    )
    if only_initiative is not None:
        flag(
            known & (initiative != only_initiative),
            "initiative",
            "milestone for "
            + initiative
            + ", not "
            + only_initiative
            + "; upload one initiative's milestones at a time",
        )
    stored = current.set_index("code")
    elsewhere = code.map(stored["initiative"])
    flag(
        elsewhere.notna() & (elsewhere != initiative),
        "code",
        "milestone " + code + " belongs to " + elsewhere.fillna("") + "; codes are unique",
    )
    title = required_text(table["title"], problems, "title", longest(Milestone, "title"))
    owner = required_text(table["owner"], problems, "owner", longest(Milestone, "owner"))
    if people:
        named = owner.str.lower().map(people)
        flag(
            (owner != "") & named.isna(),
            "owner",
            owner + " is not on the people list (known: " + access.known_people(people) + ")",
        )
        owner = named.fillna(owner)
    baseline = parse_dates(table["baseline_date"], problems, "baseline_date", required=True)
    forecast = parse_dates(table["forecast_date"], problems, "forecast_date", required=True)
    completed = parse_dates(table["completed_date"], problems, "completed_date", required=False)
    reason = optional_text(
        table["change_reason"],
        problems,
        "change_reason",
        longest(Milestone, "change_reason"),
        multi_line=True,
    )

    status = table["status"].str.strip().str.lower()
    flag(
        ~status.isin(_STATUSES),
        "status",
        "'" + status + "' is not a status; use one of: " + ", ".join(_STATUSES),
    )
    complete = status == MilestoneStatus.complete
    flag(
        complete & completed.isna() & (table["completed_date"].str.strip() == ""),
        "completed_date",
        "empty; a complete milestone needs its completed_date",
    )
    flag(
        ~complete & completed.notna(),
        "status",
        "'" + status + "' but a completed_date is given; set status to complete or clear the date",
    )
    flag(
        completed > pd.Timestamp(today),
        "completed_date",
        completed.dt.strftime("%Y-%m-%d") + " is in the future; record completion once it happens",
    )
    old_forecast = pd.to_datetime(code.map(stored["forecast_date"]))
    old_reason = code.map(stored["change_reason"]).fillna("")
    slipped = old_forecast.notna() & (forecast > old_forecast)
    flag(
        slipped & ((reason == "") | (reason == old_reason)),
        "change_reason",
        "forecast moved from "
        + old_forecast.dt.strftime("%Y-%m-%d")
        + " to "
        + forecast.dt.strftime("%Y-%m-%d")
        + "; say why it slipped (a new reason, not the previous one)",
    )
    flag_duplicates(pd.DataFrame({"code": code}), problems, "code", "milestone code")
    problems.raise_if_any()

    result = pd.DataFrame(
        {
            "code": code,
            "initiative": initiative,
            "title": title,
            "owner": owner,
            "baseline_date": baseline.dt.date,
            "forecast_date": forecast.dt.date,
            "completed_date": pd.Series(
                [None if pd.isna(d) else d.date() for d in completed],
                index=completed.index,
                dtype=object,
            ),
            "status": status,
            "change_reason": reason,
        }
    )
    # The model's rules across fields tie a completed_date to the status complete.
    check_model_fields(result, Milestone, complete | completed.notna())
    return result
