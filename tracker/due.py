"""Who owes what: data and check-ins that are due soon or overdue, with the person who owes them.

A measure owes data for every complete period after its latest recorded one (a value or an
empty value with a reason both count as delivered) whose due date, period end + the measure's
update_lag_days, has passed or falls within the next DUE_SOON_DAYS days. An initiative owes a
check-in per period of its checkin_frequency, due CHECKIN_LAG_DAYS after the period ends. Each
measure or initiative gives at most one row: the oldest period it owes, with periods_missing
counting every owed period. With no record at all, periods are owed from the period containing
the initiative's start_date. Only active initiatives owe anything: proposed, paused and closed
initiatives, and their measures, owe nothing.

The registers owe too (register_items): an open risk owes its review by its next review date, to
its owner; a benefit owes the actual of each month of its profile that has ended with none
entered, to its owner, due BENEFIT_LAG_DAYS after the month ends.
"""

from datetime import date
from enum import StrEnum

import numpy as np
import pandas as pd

from tracker.formatting import period_label
from tracker.models import InitiativeStatus
from tracker.periods import Frequency, last_complete_period

CHECKIN_LAG_DAYS = 10
"""Days after a period ends by which its check-in is due: the same as the default data lag, so
a lead writes the narrative once the month's figures are in."""

DUE_SOON_DAYS = 14
"""How far ahead an update shows as 'due': two weeks is enough warning for a monthly cycle."""

MONDAY_OFFSET = 4
"""1970-01-01 was a Thursday, so day 4 of the Unix epoch (5 Jan 1970) is the first Monday."""

DUE_COLUMNS = [
    "kind",
    "code",
    "initiative",
    "title",
    "owner",
    "frequency",
    "period",
    "due_date",
    "status",
    "days_overdue",
    "periods_missing",
]


class DueKind(StrEnum):
    """What is owed."""

    data = "data"
    check_in = "check-in"
    risk_review = "risk review"
    benefit_actual = "benefit actual"


BENEFIT_LAG_DAYS = CHECKIN_LAG_DAYS
"""Days after a month ends by which a benefit's actual is due: it is entered at the check-in."""


class DueStatus(StrEnum):
    """Whether an owed update is late yet."""

    overdue = "overdue"
    due = "due"


def _days(values: object) -> np.ndarray:
    """Return dates (any pandas-readable form, NaT allowed) as datetime64[D]."""
    return pd.to_datetime(pd.Series(values)).to_numpy().astype("datetime64[D]")


def _ordinals(days: np.ndarray, frequency: np.ndarray) -> np.ndarray:
    """Return the number of the period of `frequency` containing each day (int; NaT → -1)."""
    missing = np.isnat(days)
    safe = np.where(missing, np.datetime64("1970-01-05"), days)
    day = safe.astype("datetime64[D]").astype(np.int64)
    month = safe.astype("datetime64[M]").astype(np.int64)
    ordinal = np.select(
        [frequency == Frequency.weekly, frequency == Frequency.monthly],
        [(day - MONDAY_OFFSET) // 7, month],
        default=month // 3,
    )
    return np.where(missing, -1, ordinal)


def _starts(ordinal: np.ndarray, frequency: np.ndarray) -> np.ndarray:
    """Return the first day (datetime64[D]) of each numbered period of `frequency`."""
    week = (ordinal * 7 + MONDAY_OFFSET).astype("datetime64[D]")
    month = ordinal.astype("datetime64[M]").astype("datetime64[D]")
    quarter = (ordinal * 3).astype("datetime64[M]").astype("datetime64[D]")
    return np.where(
        frequency == Frequency.weekly,
        week,
        np.where(frequency == Frequency.monthly, month, quarter),
    )


def _owed(
    frequency: np.ndarray,
    lag_days: np.ndarray,
    delivered: np.ndarray,
    start: np.ndarray,
    today: date,
) -> dict[str, np.ndarray]:
    """Return per row: period (oldest owed), due_date, status, days_overdue, periods_missing.

    Rows that owe nothing have periods_missing 0. The latest owed period is the latest one that
    has ended (periods.has_ended, the rule the Update page and the importer follow) and is due by
    today + DUE_SOON_DAYS: end(k) <= D  <=>  k <= ordinal(D + 1) - 1.
    """
    stamp = np.datetime64(today, "D")
    now = np.full(len(frequency), stamp)
    lag = lag_days.astype("timedelta64[D]")
    latest = {f: last_complete_period(today, f) for f in Frequency}
    ended = _ordinals(_days([latest[Frequency(f)] for f in frequency]), frequency)
    soon = _ordinals(now + np.timedelta64(DUE_SOON_DAYS + 1, "D") - lag, frequency) - 1
    last = np.minimum(ended, soon)
    done = _ordinals(delivered, frequency)
    first = np.where(np.isnat(delivered), _ordinals(start, frequency), done + 1)
    # Without a start date or a record, only the latest owed period is asked for.
    first = np.where(np.isnat(delivered) & np.isnat(start), last, first)
    missing = np.maximum(last - first + 1, 0)
    period = _starts(first, frequency)
    due = _starts(first + 1, frequency) - np.timedelta64(1, "D") + lag
    late = (stamp - due).astype(np.int64)
    return {
        "period": period.astype("datetime64[us]"),
        "due_date": due.astype("datetime64[us]"),
        "status": np.where(late > 0, DueStatus.overdue.value, DueStatus.due.value),
        "days_overdue": np.maximum(late, 0).astype(np.int64),
        "periods_missing": missing.astype(np.int64),
    }


def _latest_at(frame: pd.DataFrame, key: str, wanted: list[str]) -> np.ndarray:
    """Return the latest period recorded per `key` value, for each of `wanted` (NaT if none),
    as datetime64[D]."""
    if len(frame) == 0 or not wanted:
        return np.full(len(wanted), np.datetime64("NaT"), dtype="datetime64[D]")
    periods = pd.to_datetime(frame["period"]).to_numpy()
    codes, names = pd.factorize(frame[key].to_numpy(dtype=object))
    # NaT is the smallest int64, so a key whose periods are all empty keeps NaT, as max() does
    ticks = periods.view(np.int64)
    newest = np.full(len(names), np.iinfo(np.int64).min)
    np.maximum.at(newest, codes, ticks)
    at = pd.Index(names).get_indexer(pd.Index(wanted, dtype=object))
    found = np.where(at >= 0, newest[np.clip(at, 0, None)], np.iinfo(np.int64).min)
    return found.view(periods.dtype).astype("datetime64[D]")


def _active(initiatives: pd.DataFrame) -> pd.DataFrame:
    """Return the initiatives that owe updates (status active), indexed by code."""
    return initiatives[initiatives["status"] == InitiativeStatus.active].set_index("code")


_TEXT_COLUMNS = ("code", "initiative", "title", "owner", "frequency")
"""The columns of due_items() taken from the store's text."""


def due_items(
    measures: pd.DataFrame,
    data_points_latest: pd.DataFrame,
    initiatives: pd.DataFrame,
    check_ins_latest: pd.DataFrame,
    today: date,
) -> pd.DataFrame:
    """Return what each person owes, overdue first, then by due date, kind and code.

    Columns: kind (DueKind: 'data' or 'check-in'), code (measure or initiative), initiative,
    title, owner (measure owner or initiative lead), frequency, period (start of the oldest owed
    period), due_date (that period's end + lag), status (DueStatus: 'overdue' once due_date is
    before today, else 'due'), days_overdue (int, 0 when not yet overdue) and periods_missing
    (int). Inputs are the store's frames; `data_points_latest` and `check_ins_latest` need only
    (measure | initiative, period) and may hold every row or just the newest per code.
    """
    # Worked out over plain lists and numpy arrays, one table made at the end: for one
    # initiative's few rows, building, joining and sorting frames cost far more than the dates.
    codes = initiatives["code"].tolist()
    active = [
        k for k, status in enumerate(initiatives["status"].tolist())
        if status == InitiativeStatus.active
    ]  # fmt: skip
    position = {codes[k]: k for k in active}
    starts = _days(initiatives["start_date"].to_numpy())
    names, leads = initiatives["name"].tolist(), initiatives["lead"].tolist()
    check_in_frequency = initiatives["checkin_frequency"].astype(str).tolist()
    owner_of = measures["initiative"].tolist()
    owing = [k for k, code in enumerate(owner_of) if code in position]
    every_code = measures["code"].tolist()
    measure_codes = [every_code[k] for k in owing]
    data_frequency = np.array(measures["frequency"].astype(str).to_numpy()[owing], dtype=object)
    data = _owed(
        data_frequency,
        measures["update_lag_days"].to_numpy()[owing].astype(np.int64),
        _latest_at(data_points_latest, "measure", measure_codes),
        starts[[position[owner_of[k]] for k in owing]],
        today,
    )
    active_codes = [codes[k] for k in active]
    checks = _owed(
        np.array([check_in_frequency[k] for k in active], dtype=object),
        np.full(len(active), CHECKIN_LAG_DAYS),
        _latest_at(check_ins_latest, "initiative", active_codes),
        starts[active],
        today,
    )
    measure_names, measure_owners = measures["name"].tolist(), measures["owner"].tolist()
    text = {
        "code": measure_codes + active_codes,
        "initiative": [owner_of[k] for k in owing] + active_codes,
        "title": [measure_names[k] for k in owing] + [names[k] for k in active],
        "owner": [measure_owners[k] for k in owing] + [leads[k] for k in active],
        "frequency": data_frequency.tolist() + [check_in_frequency[k] for k in active],
    }
    kind = np.array(
        [DueKind.data.value] * len(owing) + [DueKind.check_in.value] * len(active), dtype=object
    )
    dated = {name: np.concatenate([data[name], checks[name]]) for name in data}
    keep = np.flatnonzero(dated["periods_missing"] > 0)
    # Overdue first, then by due date, kind and code (a stable sort, as pandas' sort_values)
    code_rank = pd.factorize(np.array(text["code"], dtype=object)[keep], sort=True)[0]
    kind_rank = pd.factorize(kind[keep], sort=True)[0]
    order = keep[
        np.lexsort((code_rank, kind_rank, dated["due_date"][keep], -dated["days_overdue"][keep]))
    ]
    chosen: dict[str, object] = {name: [values[k] for k in order] for name, values in text.items()}
    if not len(order):
        # Empty text columns typed as the store's text, or untyped when nothing was judged
        typed = "str" if len(kind) else object
        chosen = {name: pd.Series(dtype=typed) for name in _TEXT_COLUMNS}
    return pd.DataFrame(
        {
            "kind": kind[order].astype(str),
            **chosen,
            **{name: values[order] for name, values in dated.items()},
        }
    )[DUE_COLUMNS]


def _status(due: pd.Series, today: date) -> pd.DataFrame:
    """Return status and days_overdue of items due on `due` (datetime64), judged on `today`."""
    late = (pd.Timestamp(today) - due).dt.days.to_numpy()
    return pd.DataFrame(
        {
            "due_date": due.to_numpy(),
            "status": np.where(late > 0, DueStatus.overdue.value, DueStatus.due.value),
            "days_overdue": np.maximum(late, 0),
        }
    )


def _risk_rows(risks: pd.DataFrame, today: date) -> pd.DataFrame:
    """Return the review each open risk owes: due on its next review date, shown from
    DUE_SOON_DAYS before it (as data is), overdue the day after."""
    review = pd.to_datetime(risks["next_review"]).astype("datetime64[us]")
    soon = pd.Timestamp(today) + pd.Timedelta(days=DUE_SOON_DAYS)
    chosen = (risks["status"] == "open") & (review <= soon)
    owing = risks[chosen].reset_index(drop=True)
    due = review[chosen].reset_index(drop=True)
    rows = pd.DataFrame(
        {
            "kind": DueKind.risk_review.value,
            "code": owing["code"],
            "initiative": owing["initiative"],
            "title": owing["title"],
            "owner": owing["owner"],
            "frequency": Frequency.monthly.value,
            "period": due,
            "periods_missing": 1,
        }
    )
    return pd.concat([rows, _status(due, today)], axis=1)


def _benefit_rows(benefits: pd.DataFrame, months: pd.DataFrame, today: date) -> pd.DataFrame:
    """Return the actuals each benefit owes: its oldest ended month with a row but no actual
    (due BENEFIT_LAG_DAYS after it ends), and how many such months it has."""
    month = pd.to_datetime(months["month"]).astype("datetime64[us]")
    ended = month + pd.DateOffset(months=1) <= pd.Timestamp(today)
    open_months = months[ended & months["actual"].isna()].assign(month=month[ended])
    found = open_months.groupby("benefit")["month"].agg(["min", "size"])
    owing = benefits[benefits["code"].isin(found.index)].reset_index(drop=True)
    first = found["min"].reindex(owing["code"]).reset_index(drop=True)
    due = first + pd.DateOffset(months=1) + pd.Timedelta(days=BENEFIT_LAG_DAYS - 1)
    rows = pd.DataFrame(
        {
            "kind": DueKind.benefit_actual.value,
            "code": owing["code"],
            "initiative": owing["initiative"],
            "title": owing["title"],
            "owner": owing["owner"],
            "frequency": Frequency.monthly.value,
            "period": first,
        }
    )
    missing = found["size"].reindex(owing["code"]).reset_index(drop=True)
    return pd.concat([rows, _status(due, today), missing.rename("periods_missing")], axis=1)


def register_items(
    risks: pd.DataFrame,
    benefits: pd.DataFrame,
    months: pd.DataFrame,
    initiatives: pd.DataFrame,
    today: date,
) -> pd.DataFrame:
    """Return what the registers' owners owe (DUE_COLUMNS, kinds risk_review and
    benefit_actual): `risks` and `benefits` as the store reads them, `months` the benefit
    months (benefit, month, actual) to judge. As for data and check-ins, only active
    initiatives owe anything; a programme's own risks (no initiative) owe their reviews."""
    found = pd.concat(
        [_risk_rows(risks, today), _benefit_rows(benefits, months, today)], ignore_index=True
    )
    owing = found["initiative"].isna() | found["initiative"].isin(_active(initiatives).index)
    return _sorted(found[owing])


def with_registers(owed: pd.DataFrame, registers: pd.DataFrame) -> pd.DataFrame:
    """Return due_items() with register_items() added, in the same order."""
    if registers.empty:
        return owed
    return _sorted(pd.concat([owed, registers], ignore_index=True) if len(owed) else registers)


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    """Return owed items overdue first, then by due date, kind and code."""
    frame = frame.sort_values(
        ["days_overdue", "due_date", "kind", "code"], ascending=[False, True, True, True]
    )
    return frame[DUE_COLUMNS].reset_index(drop=True)


def period_words(kind: str, period: object, frequency: str) -> str:
    """Return what an owed item is for: its period ('Oct 2026'), or for a risk its review."""
    if kind == DueKind.risk_review:
        return "Its review"
    return period_label(period, frequency)


def overdue(owed: pd.DataFrame) -> pd.DataFrame:
    """Return the overdue rows of due_items(): the list the overview's 'Updates overdue' counts."""
    return owed[owed["status"] == DueStatus.overdue]


def overdue_owners(owed: pd.DataFrame) -> list[tuple[str, int]]:
    """Return who owes overdue updates and how many each, most first, then by name."""
    counts = overdue(owed)["owner"].value_counts()
    return sorted(((str(o), int(n)) for o, n in counts.items()), key=lambda p: (-p[1], p[0]))
