"""The registers' reads and writes: risks, risk settings, benefits and benefit months."""

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

import pandas as pd
from pydantic import BaseModel

from tracker.errors import ImportRejected, RowError
from tracker.models import Benefit, BenefitMonth, Risk
from tracker.store import engine, specs
from tracker.store.db import Cursor, Database, utc_now
from tracker.store.queries import _as_of, _df, _id_of, _large_df
from tracker.store.writes import WriteSummary

FIRST_ROW = 2
"""The row number of the first item, as a file with a header row numbers it (RowError's)."""

_RISKS = (
    "SELECT r.code, p.code AS programme, i.code AS initiative, r.title, r.cause, r.event, "
    "r.effect, r.category, r.owner, r.identified, r.last_reviewed, r.next_review, r.controls, "
    "CAST(r.actions AS VARCHAR) AS actions, r.status, r.response, r.initial_likelihood, "
    "r.initial_consequence, r.current_likelihood, r.current_consequence, r.target_likelihood, "
    "r.target_consequence, r.review_note, r.recorded_at, r.recorded_by "
    "FROM risk r JOIN programme p ON p.id = r.programme_id "
    "LEFT JOIN initiative i ON i.id = r.initiative_id"
)
_BENEFITS = (
    "SELECT b.code, i.code AS initiative, b.title, b.category, b.dis_benefit, b.owner, b.unit, "
    "b.recurrent, b.baseline, b.profile_from, b.profile_to, m.code AS measure "
    "FROM benefit b JOIN initiative i ON i.id = b.initiative_id "
    "LEFT JOIN measure m ON m.id = b.measure_id"
)
_MONTHS = (
    "SELECT b.code AS benefit, v.month, v.planned, v.actual, v.forecast, v.confidence, "
    "v.recorded_at, v.recorded_by FROM benefit_month v JOIN benefit b ON b.id = v.benefit_id"
)


def risks(db: Database, as_of: datetime | None = None) -> pd.DataFrame:
    """Return every risk as it stood at `as_of` (default now), by code."""
    where, params = _as_of("r", as_of)
    return _large_df(db, f"{_RISKS} WHERE {where} ORDER BY r.code", params)


def initiative_risks(db: Database, initiative: str) -> pd.DataFrame:
    """Return one initiative's risks as they stand now (the columns of risks()), by code.

    Filtered on the risks' own `initiative_id`, which PostgreSQL is sent: a check-in form
    copied every risk (80 ms at 20,000 risks) to show its initiative's few.
    """
    where, params = _as_of("r", None)
    sql = f"{_RISKS} WHERE r.initiative_id = ? AND {where} ORDER BY r.code"
    return _df(db, sql, [_id_of(db, "initiative", initiative), *params])


def risk_history(db: Database, as_of: datetime | None = None) -> pd.DataFrame:
    """Return every version of every risk recorded up to `as_of` (default now), oldest first."""
    where = "TRUE" if as_of is None else "r.recorded_at <= ?"
    params: list[object] = [] if as_of is None else [as_of]
    return _df(db, f"{_RISKS} WHERE {where} ORDER BY r.code, r.recorded_at, r.id", params)


def risk_settings(db: Database) -> pd.DataFrame:
    """Return each programme's own risk bands and escalation line (programmes without use NPSA)."""
    return _df(
        db,
        "SELECT p.code AS programme, s.moderate_from, s.high_from, s.extreme_from, s.escalation "
        "FROM risk_setting s JOIN programme p ON p.id = s.programme_id ORDER BY p.code",
    )


def benefits(db: Database) -> pd.DataFrame:
    """Return every benefit with its initiative and linked measure (if any), by code."""
    return _df(db, f"{_BENEFITS} ORDER BY b.code")


def benefit_months(
    db: Database,
    as_of: datetime | None = None,
    first: date | None = None,
    end: date | None = None,
) -> pd.DataFrame:
    """Return every benefit's months as they stood at `as_of` (default now); with `first` and
    `end`, only the months from `first` up to (not including) `end`."""
    where, params = _as_of("v", as_of)
    if first is not None and end is not None:
        where += " AND v.month >= ? AND v.month < ?"
        params += [first, end]
    return _large_df(db, f"{_MONTHS} WHERE {where} ORDER BY b.code, v.month", params)


def _owners(cur: Cursor, table: str, codes: Sequence[str]) -> dict[str, str]:
    """Return the initiative (or, for an initiative, programme) code of each code named."""
    parent = "programme" if table == "initiative" else "initiative"
    return dict(
        cur.execute(
            f"SELECT x.code, o.code FROM {table} x JOIN {parent} o ON o.id = x.{parent}_id "
            "WHERE x.code IN (SELECT unnest(?))",
            [sorted(set(codes))],
        ).fetchall()
    )


def _refuse(problems: list[RowError]) -> None:
    if problems:
        raise ImportRejected(problems, source="register")


def check_risks(cur: Cursor, items: Sequence[Risk]) -> None:
    """Refuse (ImportRejected) a risk whose initiative belongs to another programme."""
    owners = _owners(cur, "initiative", [r.initiative for r in items if r.initiative])
    _refuse(
        [
            RowError(
                n + FIRST_ROW,
                "initiative",
                f"initiative {r.initiative} belongs to programme {owners[r.initiative]}, not "
                f"{r.programme}; give the risk its initiative's programme",
            )
            for n, r in enumerate(items)
            if r.initiative in owners and owners[r.initiative] != r.programme
        ]
    )


def check_benefits(cur: Cursor, items: Sequence[Benefit]) -> None:
    """Refuse (ImportRejected) a benefit linked to a measure of another initiative."""
    owners = _owners(cur, "measure", [b.measure for b in items if b.measure])
    _refuse(
        [
            RowError(
                n + FIRST_ROW,
                "measure",
                f"measure {b.measure} belongs to initiative {owners[b.measure]}, not "
                f"{b.initiative}; link one of the benefit's own initiative's measures",
            )
            for n, b in enumerate(items)
            if b.measure in owners and owners[b.measure] != b.initiative
        ]
    )


def check_benefit_months(cur: Cursor, items: Sequence[BenefitMonth]) -> None:
    """Refuse (ImportRejected) a month outside its benefit's planned profile."""
    profiles = {
        code: (start, end)
        for code, start, end in cur.execute(
            "SELECT code, profile_from, profile_to FROM benefit WHERE code IN (SELECT unnest(?))",
            [sorted({m.benefit for m in items})],
        ).fetchall()
    }
    problems = []
    for n, m in enumerate(items):
        if m.benefit not in profiles:
            continue
        start, end = profiles[m.benefit]
        if not start <= m.month <= end:
            problems.append(
                RowError(
                    n + FIRST_ROW,
                    "month",
                    f"{m.month:%b %Y} is outside benefit {m.benefit}'s profile "
                    f"({start:%b %Y} to {end:%b %Y}); check the month or widen the profile",
                )
            )
    _refuse(problems)


CHECKS: dict[engine.Spec, Callable[[Cursor, Any], None]] = {
    specs.RISKS: check_risks,
    specs.BENEFITS: check_benefits,
    specs.BENEFIT_MONTHS: check_benefit_months,
}
"""The rules a register's rows pass before they are written (those that need the database)."""


def write(
    cur: Cursor, spec: engine.Spec, items: Sequence[BaseModel], at: datetime, author: str
) -> WriteSummary:
    """Check and write register items of one kind inside the caller's transaction."""
    if not items:
        return WriteSummary(0, 0, 0)
    check = CHECKS.get(spec)
    if check is not None:
        check(cur, items)
    done = engine.write(cur, spec, engine.frame(items), at, author)
    return WriteSummary(done.added, done.changed, done.unchanged)


def save(db: Database, spec: engine.Spec, items: Sequence[BaseModel], author: str) -> WriteSummary:
    """Check and write register items of one kind in one transaction: all or nothing."""
    with db.transaction() as cur:
        return write(cur, spec, items, utc_now(), author)


def export_tables(db: Database, as_of: datetime | None = None) -> dict[str, pd.DataFrame]:
    """Return the registers as they stood at `as_of` (default now), for `tracker export`."""
    return {
        "risks": risks(db, as_of),
        "risk_settings": risk_settings(db),
        "benefits": benefits(db),
        "benefit_months": benefit_months(db, as_of),
    }
