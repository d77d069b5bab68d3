"""Entering the registers: review a risk, enter a benefit's month, or import a CSV of either,
each by the acting person, all or nothing, with every problem named by row, column and reason."""

import json
import math
from datetime import date
from typing import Any

import pandas as pd
from pydantic import BaseModel, ValidationError

from tracker.cell_values import number_cells
from tracker.errors import ImportRejected, NotFound, RowError
from tracker.importers.reading import read_csv_table
from tracker.models import Benefit, BenefitMonth, Risk
from tracker.store import Database, engine, registers, specs
from tracker.store.writes import WriteSummary

LAYOUTS: dict[str, engine.Spec] = {
    "risks": specs.RISKS,
    "benefits": specs.BENEFITS,
    "benefit_months": specs.BENEFIT_MONTHS,
}
"""The registers' CSV layouts by name: each file's columns are its model's fields."""

_NUMBERS = {"DOUBLE", "BIGINT"}
_CURRENCY = ("£", "$", "€")


def columns(layout: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return a layout's required and optional columns."""
    fields = _spec(layout).model.model_fields
    required = tuple(name for name, f in fields.items() if f.is_required())
    return required, tuple(name for name in fields if name not in required)


def _spec(layout: str) -> engine.Spec:
    if layout not in LAYOUTS:
        raise NotFound(f"No register layout {layout!r}; choose one of {', '.join(LAYOUTS)}.")
    return LAYOUTS[layout]


def _number_problems(table: pd.DataFrame, model: type[BaseModel]) -> list[RowError]:
    """Return a RowError per numeric cell that is not a plain number (a currency sign, a
    thousands separator in another form, a decimal comma); replace good ones by their value."""
    problems = []
    for name, kind in engine.field_types(model).items():
        if kind not in _NUMBERS or name not in table:
            continue
        numbers, reason = number_cells(table[name])
        sign = table[name].str.startswith(_CURRENCY)
        reason = reason.where(
            ~sign, "'" + table[name] + "' has a currency sign; enter the amount alone in pounds"
        )
        problems += [
            RowError(int(str(row)), name, why) for row, why in reason[reason != ""].items()
        ]
        table[name] = numbers.astype(object)
    return problems


def _empty(value: object) -> bool:
    return value is None or value == "" or (isinstance(value, float) and math.isnan(value))


def parse(layout: str, text: str) -> list[BaseModel]:
    """Return a register CSV's rows as models; ImportRejected names every bad row and column."""
    spec = _spec(layout)
    table = read_csv_table(text, *columns(layout))
    problems = _number_problems(table, spec.model)
    found = []
    for row, cells in table.iterrows():
        # An empty cell leaves the field to its default.
        given: dict[str, Any] = {str(k): v for k, v in cells.items() if not _empty(v)}
        try:
            found.append(spec.model.model_validate(given))
        except ValidationError as err:
            problems += [
                RowError(int(str(row)), ".".join(str(p) for p in e["loc"]) or "(row)",
                         e["msg"].removeprefix("Value error, "))
                for e in err.errors()
            ]  # fmt: skip
    if problems:
        raise ImportRejected(sorted(problems, key=lambda p: p.row), source="register file")
    return found


def import_csv(db: Database, layout: str, text: str, who: str) -> WriteSummary:
    """Write a register CSV by `who` in one transaction: all its rows or, refused, none."""
    return registers.save(db, _spec(layout), parse(layout, text), who)


def review_risk(db: Database, risk: Risk, who: str) -> WriteSummary:
    """Record a review of a risk (or a new risk) by `who`: a new version; the old one is kept."""
    return registers.save(db, specs.RISKS, [risk], who)


def save_benefits(db: Database, items: list[Benefit], who: str) -> WriteSummary:
    """Create or change benefits by `who`, in one transaction."""
    return registers.save(db, specs.BENEFITS, items, who)


def enter_month(
    db: Database,
    benefit: str,
    month: date,
    who: str,
    actual: float | None = None,
    forecast: float | None = None,
    confidence: int | None = None,
) -> WriteSummary:
    """Enter a benefit's actual for a month and the year's forecast outturn as at it, by `who`;
    the month's plan is kept as held (a new version of the month, the old one kept)."""
    held = registers.benefit_months(db)
    same = held[
        (held["benefit"] == benefit) & (pd.to_datetime(held["month"]) == pd.Timestamp(month))
    ]
    planned = (
        None if same.empty or pd.isna(same["planned"].iloc[0]) else float(same["planned"].iloc[0])
    )
    entered = BenefitMonth(benefit=benefit, month=month, planned=planned, actual=actual,
                           forecast=forecast, confidence=confidence)  # fmt: skip
    return registers.save(db, specs.BENEFIT_MONTHS, [entered], who)


def reviewed(
    held: pd.Series,
    day: date,
    likelihood: int,
    consequence: int,
    next_review: date,
    note: str = "",
) -> Risk:
    """Return a held risk (a row of registers.risks) as reviewed on `day`: its current score
    and next review as given; ValidationError (e.g. the target now above the current) if not."""
    fields = {name: held[name] for name in Risk.model_fields if name in held.index}
    fields = {k: v for k, v in fields.items() if not _empty(v)}
    for name in ("identified", "last_reviewed", "next_review"):
        fields[name] = pd.Timestamp(fields[name]).date()
    fields["actions"] = tuple(json.loads(str(held["actions"])))
    return Risk.model_validate(
        {**fields, "current_likelihood": likelihood, "current_consequence": consequence,
         "last_reviewed": day, "next_review": next_review, "review_note": note}
    )  # fmt: skip
