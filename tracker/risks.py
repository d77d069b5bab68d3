"""Risk register arithmetic: scores, bands, the 5 × 5 heat map, movement and overdue reviews."""

import json
import re
from datetime import date
from enum import StrEnum

import numpy as np
import pandas as pd

from tracker.attention import REGISTER_COLUMNS, ExceptionKind
from tracker.formatting import uk_date
from tracker.models import MATRIX_SIDE, NPSA_BANDS, NPSA_ESCALATION


class Band(StrEnum):
    """A risk's band on the matrix (NPSA names)."""

    low = "low"
    moderate = "moderate"
    high = "high"
    extreme = "extreme"


class Movement(StrEnum):
    """How a risk's current score moved since the last published pack."""

    up = "up"
    down = "down"
    same = "same"
    new = "new"


LIKELIHOOD = ("rare", "unlikely", "possible", "likely", "almost certain")
"""The NHS matrix's words for likelihood 1 to 5."""
CONSEQUENCE = ("negligible", "minor", "moderate", "major", "catastrophic")
"""The NHS matrix's words for consequence 1 to 5."""

_SETTINGS = ("moderate_from", "high_from", "extreme_from", "escalation")
_NPSA = dict(zip(_SETTINGS, (*NPSA_BANDS, NPSA_ESCALATION), strict=True))


def band(scores: pd.Series, moderate_from: pd.Series | int, high_from: pd.Series | int,
         extreme_from: pd.Series | int) -> pd.Series:  # fmt: skip
    """Return each score's band, given where moderate, high and extreme begin."""
    chosen = np.select(
        [scores >= extreme_from, scores >= high_from, scores >= moderate_from],
        [Band.extreme.value, Band.high.value, Band.moderate.value],
        Band.low.value,
    )
    return pd.Series(chosen, index=scores.index, dtype=object)


def scored(risks: pd.DataFrame, settings: pd.DataFrame) -> pd.DataFrame:
    """Return the risks (registers.risks) with initial, current and target scores, the current
    band and their programme's escalation line (NPSA's where it sets none), and above_line for
    an open risk at or over it."""
    own = settings.set_index("programme")[list(_SETTINGS)] if len(settings) else None
    frame = risks.copy()
    for name in _SETTINGS:
        found = frame["programme"].map(own[name]) if own is not None else np.nan
        frame[name] = pd.Series(found, index=frame.index).fillna(_NPSA[name]).astype(int)
    for stage in ("initial", "current", "target"):
        frame[f"{stage}_score"] = frame[f"{stage}_likelihood"].astype(int) * frame[
            f"{stage}_consequence"
        ].astype(int)
    frame["band"] = band(
        frame["current_score"], frame["moderate_from"], frame["high_from"], frame["extreme_from"]
    )
    frame["above_line"] = (frame["status"] == "open") & (
        frame["current_score"] >= frame["escalation"]
    )
    return frame


def register(table: pd.DataFrame) -> pd.DataFrame:
    """Return the open risks by current score, highest first (then by code)."""
    open_risks = table[table["status"] == "open"]
    return open_risks.sort_values(
        ["current_score", "code"], ascending=[False, True], kind="stable", ignore_index=True
    )


def heat_map(table: pd.DataFrame) -> pd.DataFrame:
    """Return the count of open risks in each cell of the 5 × 5 matrix: likelihood 5 down to 1
    as rows, consequence 1 to 5 as columns (the way the NHS matrix is drawn)."""
    open_risks = table[table["status"] == "open"]
    sides = range(1, MATRIX_SIDE + 1)
    counts = pd.crosstab(
        open_risks["current_likelihood"].astype(int), open_risks["current_consequence"].astype(int)
    )
    counts = counts.reindex(index=list(reversed(sides)), columns=list(sides), fill_value=0)
    counts.index.name, counts.columns.name = "likelihood", "consequence"
    return counts.astype(int)


def cell_risks(table: pd.DataFrame, likelihood: int, consequence: int) -> pd.DataFrame:
    """Return the open risks in one cell of the heat map, by code."""
    chosen = table[
        (table["status"] == "open")
        & (table["current_likelihood"] == likelihood)
        & (table["current_consequence"] == consequence)
    ]
    return chosen.sort_values("code", ignore_index=True)


def movement(table: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
    """Return the risks with previous_score (as at the last pack; NaN if new since) and
    movement (Movement) of the current score since then."""
    was = before.set_index("code")
    previous = (
        was["current_likelihood"].astype(int) * was["current_consequence"].astype(int)
        if len(was)
        else pd.Series(dtype=float)
    )
    frame = table.copy()
    frame["previous_score"] = frame["code"].map(previous)
    frame["movement"] = np.select(
        [
            frame["previous_score"].isna(),
            frame["current_score"] > frame["previous_score"],
            frame["current_score"] < frame["previous_score"],
        ],
        [Movement.new.value, Movement.up.value, Movement.down.value],
        Movement.same.value,
    )
    return frame


ACTION_COLUMNS = ["code", "initiative", "title", "action", "owner", "due", "done"]


ACTION_START = '{"action": '
"""How each stored action begins (json.dumps of its model, fields in order): counting it gives a
risk's number of actions without parsing each risk's JSON apart."""


def actions(table: pd.DataFrame) -> pd.DataFrame:
    """Return one row per action of each risk (its code, initiative and title with it)."""
    held = table["actions"].astype(str)
    # Every risk's actions parsed at once, as one JSON array: a parse per risk costs 20 times
    # as much for an ICS's 20,000 risks. A quote inside a text is escaped, so never counted.
    counts = held.str.count(re.escape(ACTION_START)).to_numpy()
    inner = held[counts > 0].str.slice(1, -1)
    # str.cat joins in Arrow: a Python join walks 20,000 Arrow strings one by one, 10 times slower.
    parsed = json.loads("[" + inner.str.cat(sep=",") + "]") if len(inner) else []
    frame = pd.DataFrame(parsed, columns=["action", "owner", "due", "done"])
    for name in ("code", "initiative", "title"):
        frame[name] = np.repeat(table[name].to_numpy(), counts)
    for name in ("due", "done"):
        frame[name] = pd.to_datetime(frame[name])
    return frame[ACTION_COLUMNS]


def _uk_dates(days: pd.Series) -> pd.Series:
    """Return dates as '23 Nov 2026', each distinct date formatted once."""
    return days.map({d: uk_date(d) for d in days.unique()}).astype(object)


def _days_word(days: pd.Series) -> pd.Series:
    words = pd.Series(np.where(days == 1, " day", " days"), index=days.index, dtype=object)
    return days.astype(str) + words


def _part(kind: ExceptionKind, chosen: pd.DataFrame, reasons: pd.Series) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kind": kind.value,
            "code": chosen["code"].to_numpy(),
            "initiative": chosen["initiative"].to_numpy(),
            "title": chosen["title"].to_numpy(),
            "reason": reasons.to_numpy(),
        },
        columns=REGISTER_COLUMNS,
    )


def exceptions(table: pd.DataFrame, today: date) -> pd.DataFrame:
    """Return the open risks the board should see, one row per kind and reason: above the
    escalation line, review overdue, score up since the last pack (`table` from movement()),
    and each overdue action. Columns: attention.REGISTER_COLUMNS."""
    live = table[table["status"] == "open"]
    above = live[live["above_line"]]
    parts = [
        _part(
            ExceptionKind.risk_above_line,
            above,
            "Scores "
            + above["current_score"].astype(str)
            + " ("
            + above["band"]
            + "), at or above the board's escalation line of "
            + above["escalation"].astype(str)
            + ".",
        )  # fmt: skip
    ]
    stamp = pd.Timestamp(today)
    due = pd.to_datetime(live["next_review"])
    late = live[due < stamp]
    parts.append(
        _part(
            ExceptionKind.risk_review_overdue,
            late,
            "Its review was due on "
            + _uk_dates(due[due < stamp])
            + " and is "
            + _days_word((stamp - due[due < stamp]).dt.days)
            + " overdue; owed by "
            + late["owner"]
            + ".",
        )  # fmt: skip
    )
    if "movement" in live:
        up = live[live["movement"] == Movement.up.value]
        parts.append(
            _part(
                ExceptionKind.risk_score_up,
                up,
                "Its score rose from "
                + up["previous_score"].astype(int).astype(str)
                + " to "
                + up["current_score"].astype(str)
                + " since the last board pack.",
            )  # fmt: skip
        )
    steps = actions(live)
    overdue = steps[steps["done"].isna() & (steps["due"] < stamp)]
    parts.append(
        _part(
            ExceptionKind.risk_action_overdue,
            overdue,
            "Action \u201c"
            + overdue["action"]
            + "\u201d was due on "
            + _uk_dates(overdue["due"])
            + " and is not done; owed by "
            + overdue["owner"]
            + ".",
        )  # fmt: skip
    )
    return pd.concat(parts, ignore_index=True)
