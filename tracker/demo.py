"""The sample programme: read its CSV files, shift its dates to today, load it in one transaction."""

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any, TypeVar, cast

import pandas as pd
from pydantic import BaseModel, ValidationError

from tracker import drivers, due, periods, qi_edits
from tracker.errors import ImportRejected, NotAllowed, RowError
from tracker.importers import (
    DATAPOINT_COLUMNS,
    DATAPOINT_OPTIONAL,
    read_csv_table,
    validate_data_points,
)
from tracker.models import (
    Annotation,
    Benefit,
    BenefitMonth,
    CheckIn,
    DriverNode,
    Goal,
    Initiative,
    Measure,
    Milestone,
    PdsaCycle,
    Programme,
    Risk,
    Target,
    User,
)
from tracker.periods import Frequency, add_periods, last_complete_period
from tracker.store import Database, demo_dates, grants, queries, registers, specs, writes

SAMPLE_DIR = Path(__file__).resolve().parent / "sample_data"
"""The sample's CSV files: package data, so an installed tracker can load its demo."""

M = TypeVar("M", bound=BaseModel)

SAMPLE_FILES: tuple[tuple[str, type[BaseModel]], ...] = (
    ("users.csv", User),
    ("programmes.csv", Programme),
    ("initiatives.csv", Initiative),
    ("measures.csv", Measure),
    ("goals.csv", Goal),
    ("targets.csv", Target),
    ("annotations.csv", Annotation),
    ("milestones.csv", Milestone),
    ("checkins.csv", CheckIn),
    ("drivers.csv", DriverNode),
    ("pdsa.csv", PdsaCycle),
)
"""The sample's files of entities and the model each row is, in the order they are loaded."""

REGISTER_FILES: tuple[tuple[str, type[BaseModel]], ...] = (
    ("risks.csv", Risk),
    ("benefits.csv", Benefit),
    ("benefit_months.csv", BenefitMonth),
)
"""The sample's risk and benefit registers (made by sample_data/generate_registers.py)."""

_DATE_FIELDS: dict[type[BaseModel], tuple[str, ...]] = {
    Initiative: ("start_date", "planned_end"),
    Goal: ("baseline_period", "target_date"),
    Target: ("effective_from", "effective_to"),
    Annotation: ("date",),
    Milestone: ("baseline_date", "forecast_date", "completed_date"),
    CheckIn: ("period",),
    PdsaCycle: ("start_date", "end_date", "do_date", "study_date", "act_date"),
    Risk: ("identified", "last_reviewed", "next_review"),
    Benefit: ("profile_from", "profile_to"),
    BenefitMonth: ("month",),
}

LIST_FIELDS: dict[type[BaseModel], dict[str, Callable[[str], object]]] = {
    DriverNode: {"parents": drivers.parse_links, "measures": drivers.parse_codes},
    PdsaCycle: {"measures": drivers.parse_codes},
}
"""Fields a cell holds as a list, 'A; B', and how each is read."""

_DATES_IN_CELLS: dict[type[BaseModel], tuple[str, ...]] = {Risk: ("actions",)}
"""Cells holding ISO dates among other text (a risk's actions): each date moves with the row's."""

_DATES_BY_MONTH = (Risk, Benefit, BenefitMonth)

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


TEXT_DATE = re.compile(r"\{(month|month_year|day_month|day_month_year|fy):(\d{4}-\d{2}-\d{2})\}")
"""A date in the sample's words, e.g. {month:2026-10-01}: the loader moves it with the row's dates.

Absolute months written into the texts would contradict the moved periods ("the November
check-in speaks of October"), so the texts name dates only through these placeholders."""

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
"""Full month names, as the sample's prose uses them, fixed so text never depends on the locale."""

_TEXT_FORMATS: dict[str, Callable[[date], str]] = {
    "month": lambda day: MONTH_NAMES[day.month - 1],
    "month_year": lambda day: f"{MONTH_NAMES[day.month - 1]} {day.year}",
    "day_month": lambda day: f"{day.day} {MONTH_NAMES[day.month - 1]}",
    "day_month_year": lambda day: f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}",
    "fy": lambda day: periods.financial_year(day).removeprefix("FY "),
}
"""How each placeholder kind reads once its date has moved: 'October', '16 October 2026', '2026/27'."""


def fill_dates(text: str, move: Callable[[date], date]) -> str:
    """Return `text` with each date placeholder moved by `move` and written in words."""

    def words(match: re.Match[str]) -> str:
        return _TEXT_FORMATS[match.group(1)](move(date.fromisoformat(match.group(2))))

    return TEXT_DATE.sub(words, text)


def move_iso_dates(text: str, move: Callable[[date], date]) -> str:
    """Return `text` with each ISO date in it moved by `move`."""

    def moved(match: re.Match[str]) -> str:
        return move(date.fromisoformat(match.group())).isoformat()

    return ISO_DATE.sub(moved, text)


def shift_months(day: date, months: int) -> date:
    """Return `day` moved by whole months, keeping the day of month (clamped to month end)."""
    first = add_periods(day.replace(day=1), Frequency.monthly, months)
    last_day = (add_periods(first, Frequency.monthly, 1) - first).days
    return first.replace(day=min(day.day, last_day))


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _models(path: Path, model: type[M], move: "DateMover") -> list[M]:
    """Return the file's rows as models, empty cells left to defaults, dates moved."""
    found, errors = [], []
    for number, row in enumerate(_rows(path), start=2):
        values: dict[str, Any] = {k: v for k, v in row.items() if v != ""}
        # A register's dates move by months, whatever the frequency of a measure it links.
        moving = partial(move, measure=None if model in _DATES_BY_MONTH else values.get("measure"))
        dated = _DATE_FIELDS.get(model, ())
        # A text's dates move as the row's own dates do, so the two never disagree.
        values = {
            k: moving(date.fromisoformat(v)) if k in dated else fill_dates(v, moving)
            for k, v in values.items()
        }
        lists = LIST_FIELDS.get(model, {})
        values = {k: lists[k](v) if k in lists else v for k, v in values.items()}
        for k in _DATES_IN_CELLS.get(model, ()):
            if k in values:
                values[k] = move_iso_dates(values[k], moving)
        try:
            found.append(model.model_validate(values))
        except ValidationError as err:
            errors += [RowError(number, str(e["loc"][0]), e["msg"]) for e in err.errors()]
    if errors:
        raise ImportRejected(errors, source=path.name)
    return found


@dataclass(frozen=True)
class DateMover:
    """Moves a sample date: by whole weeks for a weekly measure's facts, else by whole months."""

    months: int
    weeks: int
    weekly: frozenset[str]

    def __call__(self, day: date, measure: str | None) -> date:
        if measure is not None and measure.strip().upper() in self.weekly:
            return day + timedelta(weeks=self.weeks)
        return shift_months(day, self.months)


def date_shift(points: pd.DataFrame, measures: pd.DataFrame, today: date) -> tuple[int, int]:
    """Return (months, weeks) to move the sample so its latest periods are the last complete ones."""
    frequency = points["measure"].map(measures.set_index("code")["frequency"])
    periods = pd.to_datetime(points["period"])
    latest_month = periods[frequency == "monthly"].max().date()
    months = (
        (last_complete_period(today, Frequency.monthly).year - latest_month.year) * 12
        + last_complete_period(today, Frequency.monthly).month
        - latest_month.month
    )
    weekly = periods[frequency == "weekly"]
    weeks = 0
    if not weekly.empty:
        weeks = (last_complete_period(today, Frequency.weekly) - weekly.max().date()).days // 7
    return months, weeks


def _shift_periods(points: pd.DataFrame, measures: pd.DataFrame, months: int, weeks: int) -> None:
    frequency = points["measure"].map(measures.set_index("code")["frequency"])
    periods = pd.to_datetime(points["period"])
    weekly = frequency == "weekly"
    points.loc[weekly, "period"] = (periods[weekly] + pd.Timedelta(weeks=weeks)).dt.strftime(
        "%Y-%m-%d"
    )
    points.loc[~weekly, "period"] = (periods[~weekly] + pd.DateOffset(months=months)).dt.strftime(
        "%Y-%m-%d"
    )


def _load_method(
    db: Database, author: str, nodes: list[DriverNode], cycles: list[PdsaCycle]
) -> None:
    """Write each initiative's driver diagram, then its PDSA cycles."""
    initiatives = list(dict.fromkeys(n.initiative for n in nodes))
    for initiative in initiatives:
        qi_edits.save_diagram(
            db, author, initiative, [n for n in nodes if n.initiative == initiative]
        )
    home = {n.code: n.initiative for n in nodes}
    for initiative in initiatives:
        qi_edits.save_cycles(db, author, [c for c in cycles if home[c.change_idea] == initiative])


def _as_identified(risk: Risk) -> Risk:
    """Return a risk as it stood when identified: scored at its initial score (the target
    kept below it), reviewed that day, next due for review at its later real review."""
    current = (risk.initial_likelihood, risk.initial_consequence)
    if risk.target_likelihood * risk.target_consequence > current[0] * current[1]:
        current = (risk.current_likelihood, risk.current_consequence)
    return risk.model_copy(
        update={
            "current_likelihood": current[0],
            "current_consequence": current[1],
            "last_reviewed": risk.identified,
            "next_review": risk.last_reviewed,
            "review_note": "",
            "actions": (),
        }
    )


def _as_planned(month: BenefitMonth) -> BenefitMonth:
    """Return a benefit's month as planned, before any actual or forecast was entered."""
    return month.model_copy(update={"actual": None, "forecast": None, "confidence": None})


def load_sample(
    db: Database, today: date, author: str, folder: Path = SAMPLE_DIR
) -> dict[str, int]:
    """Load the sample programme into an empty database in one transaction; return row counts.

    Dates move by whole months (weekly periods by whole weeks) so that the sample's latest
    complete period is the last complete period before `today`: a demo never looks stale.
    """
    if not queries.is_empty(db):
        raise NotAllowed(
            f"{db.path} already holds a programme; the demo would mix with it. "
            "Use --force to replace the whole database with the sample."
        )
    measures_table = pd.read_csv(folder / "measures.csv", dtype=str, keep_default_na=False)
    table = read_csv_table(
        (folder / "datapoints.csv").read_text("utf-8"), DATAPOINT_COLUMNS, DATAPOINT_OPTIONAL
    )
    months, weeks = date_shift(table, measures_table, today)
    _shift_periods(table, measures_table, months, weeks)
    weekly = measures_table.loc[measures_table["frequency"] == "weekly", "code"]
    move = DateMover(months, weeks, frozenset(weekly.str.upper()))
    load = {
        model: _models(folder / name, model, move)
        for name, model in (*SAMPLE_FILES, *REGISTER_FILES)
        if (folder / name).exists() or (name, model) in SAMPLE_FILES
    }
    points = validate_data_points(table, measures_table, today)

    def of(model: type[M]) -> list[M]:
        # A dict cannot say that each key's list holds that model's rows; _models made it so.
        return cast(list[M], load[model])

    with db.transaction():
        grants.save_people(db, of(User), author)
        writes.save_entities(db, [*of(Programme), *of(Initiative), *of(Measure), *of(Goal)], author)
        writes.save_targets(db, of(Target), author)
        writes.add_annotations(db, of(Annotation), author)
        writes.save_milestones(db, of(Milestone), author)
        writes.save_check_ins(db, of(CheckIn), author)
        writes.write_data_points(db, points, author, source="sample programme")
        _load_method(db, author, of(DriverNode), of(PdsaCycle))
        # Each risk first as identified and each month first as planned, then as held: two
        # versions that demo_dates dates when each was written, so a past month reads as it was.
        registers.save(db, specs.BENEFITS, load.get(Benefit, []), author)
        registers.save(db, specs.RISKS, [_as_identified(r) for r in of(Risk)], author)
        registers.save(db, specs.BENEFIT_MONTHS, [_as_planned(m) for m in of(BenefitMonth)],
                       author)  # fmt: skip
        for spec in (specs.RISKS, specs.BENEFIT_MONTHS):
            registers.save(db, spec, load.get(spec.model, []), author)
        demo_dates.date_as_entered(db, due.CHECKIN_LAG_DAYS)
    counts = {model.__name__: len(items) for model, items in load.items()}
    counts["DataPoint"] = len(points)
    return counts
