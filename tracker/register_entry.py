"""Entering the registers: review risks and enter benefits' months with a check-in, or import a
CSV of either, each by the acting person, all or nothing, with every problem named by row, column
and reason."""

import json
import math
from datetime import date
from typing import Any

import pandas as pd
from pydantic import BaseModel, ValidationError

from tracker.cell_values import number_cells, read_number
from tracker.checkin_grids import edited
from tracker.errors import ImportRejected, NotFound, RowError
from tracker.formatting import number, uk_date, uk_month
from tracker.importers.reading import read_csv_table
from tracker.models import Benefit, BenefitMonth, Risk
from tracker.periods import Frequency, add_periods
from tracker.store import Database, engine, registers, specs
from tracker.store.db import utc_now
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


def save_benefits(db: Database, items: list[Benefit], who: str) -> WriteSummary:
    """Create or change benefits by `who`, in one transaction."""
    return registers.save(db, specs.BENEFITS, items, who)


def month_rows(db: Database, month: date) -> pd.DataFrame:
    """Return every benefit's row for `month` as held now (as registers.benefit_months).

    Only that month is read: PostgreSQL is sent the month's range, where every month of every
    benefit's five years was copied for each check-in form.
    """
    return registers.benefit_months(db, None, month, add_periods(month, Frequency.monthly, 1))


def _held_months(db: Database, month: date) -> pd.DataFrame:
    """Return every benefit's row for `month` as held now, by benefit code."""
    return month_rows(db, month).set_index("benefit")


def _month_entry(
    held: pd.DataFrame,
    benefit: str,
    month: date,
    actual: float | None,
    forecast: float | None,
    confidence: float | None,
) -> BenefitMonth:
    """Return a benefit's month as entered, its plan kept as held (`held` from _held_months)."""
    plan = held["planned"].get(benefit)
    planned = None if plan is None or pd.isna(plan) else float(plan)
    return BenefitMonth(benefit=benefit, month=month, planned=planned, actual=actual,
                        forecast=forecast, confidence=confidence)  # fmt: skip


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


REVIEW_COLUMNS = ["Review", "Likelihood", "Consequence", "Next review", "What the review found"]
"""The review grid's columns a lead edits; a risk is reviewed only when Review is ticked."""
MONTH_COLUMNS = ["Actual", "Forecast outturn", "Confidence"]
"""The benefit grid's columns a lead edits; a row is saved only when one of them changed."""


def review_grid(risks: pd.DataFrame, initiative: str, next_review: date) -> pd.DataFrame:
    """Return the initiative's open risks (registers.risks) as the check-in's review grid: each
    with its current scores, `next_review` offered and Review unticked."""
    own = risks[(risks["initiative"] == initiative) & (risks["status"] == "open")]
    return pd.DataFrame(
        {
            "code": own["code"].to_numpy(),
            "Risk": (own["code"] + " · " + own["title"]).to_numpy(),
            "Review": False,
            "Likelihood": own["current_likelihood"].astype(int).to_numpy(),
            "Consequence": own["current_consequence"].astype(int).to_numpy(),
            "Next review": next_review,
            "What the review found": "",
        }
    )


def month_grid(
    benefits: pd.DataFrame, months: pd.DataFrame, initiative: str, month: date
) -> pd.DataFrame:
    """Return the initiative's benefits (registers.benefits) as the check-in's grid for
    `month`: each with its unit and the month's actual, forecast and confidence as held."""
    own = benefits[benefits["initiative"] == initiative]
    held = months[pd.to_datetime(months["month"]) == pd.Timestamp(month)].set_index("benefit")

    def column(name: str) -> pd.Series:
        # Object, not pandas' text type: the boxes and scripts may put numbers in these cells.
        return pd.Series([number_text(v) for v in held[name].reindex(own["code"])], dtype=object)

    return pd.DataFrame(
        {
            "code": own["code"].to_numpy(),
            "Benefit": (own["code"] + " · " + own["title"]).to_numpy(),
            "Unit": own["unit"].to_numpy(),
            "Actual": column("actual"),
            "Forecast outturn": column("forecast"),
            "Confidence": column("confidence"),
        }
    )


def number_text(value: object) -> str:
    """Return a held number as the text its grid cell shows: '' when there is none (a grid
    shows the word None in an empty number cell), else the number without a needless '.0'."""
    return "" if _blank(value) else f"{float(str(value)):.15g}"


def _blank(value: object) -> bool:
    """Return whether a grid cell is empty: None, NaN, pandas' NA or only spaces."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or bool(pd.isna(value))  # type: ignore[call-overload]  # any one cell


def _cell(value: object, column: str) -> float | None:
    """Return a grid cell typed as text (or a number, from the boxes or a script) as a number,
    None when empty; ValueError naming `column` and why when it is not a plain number."""
    if _blank(value):
        return None
    text = str(value).strip()
    if text.startswith(_CURRENCY):
        raise ValueError(f"{column}: '{text}' has a currency sign; enter the amount alone")
    try:
        return read_number(text)
    except ValueError as err:
        raise ValueError(f"{column}: {err}") from None


def checked_entries(
    db: Database,
    reviews: pd.DataFrame,
    months: pd.DataFrame,
    loaded_months: pd.DataFrame,
    month: date,
    today: date,
) -> tuple[list[Risk], list[BenefitMonth], list[str]]:
    """Return the risks reviewed (Review ticked) and benefit months changed in a check-in's
    grids as models, and one problem line per entry that is not valid ('Risk UEC-R01: …')."""
    found_risks: list[Risk] = []
    found_months: list[BenefitMonth] = []
    problems: list[str] = []
    ticked = reviews[reviews["Review"].fillna(False).astype(bool)]
    if len(ticked):
        held = registers.risks(db).set_index("code", drop=False)
        for row in ticked.to_dict("records"):
            try:
                found_risks.append(
                    reviewed(held.loc[row["code"]], today, int(row["Likelihood"]),
                             int(row["Consequence"]), pd.Timestamp(row["Next review"]).date(),
                             str(row["What the review found"] or ""))
                )  # fmt: skip
            except (ValidationError, ValueError, TypeError) as err:
                problems.append(f"Risk {row['code']}: {_reason(err)}")
    changed = months[edited(months, loaded_months, MONTH_COLUMNS)]
    held_months = _held_months(db, month) if len(changed) else pd.DataFrame()
    for row in changed.to_dict("records"):
        try:
            actual, forecast, confidence = (_cell(row[c], c) for c in MONTH_COLUMNS)
            found_months.append(
                _month_entry(held_months, row["code"], month, actual, forecast, confidence)
            )
        except (ValidationError, ValueError) as err:
            problems.append(f"Benefit {row['code']}, {uk_month(month)}: {_reason(err)}")
    return found_risks, found_months, problems


def _reason(err: Exception) -> str:
    if isinstance(err, ValidationError):
        return "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'the entry'}: "
            + e["msg"].removeprefix("Value error, ")
            for e in err.errors()
        )
    return str(err)


def entry_lines(risks: list[Risk], months: list[BenefitMonth], units: dict[str, str]) -> list[str]:
    """Return one line per register entry for a check-in's preview and receipt."""
    lines = [
        f"Risk {r.code} · reviewed: score {r.current_likelihood * r.current_consequence}, "
        f"next review {uk_date(r.next_review)}"
        for r in risks
    ]
    for m in months:
        unit = units.get(m.benefit, "£")
        money = "£" if unit == "£" else "count"
        parts = [
            f"{label} {number(v, money, 0)}{'' if unit == '£' else ' ' + unit}"
            for label, v in (("actual", m.actual), ("forecast outturn", m.forecast))
            if v is not None
        ]
        lines.append(
            f"Benefit {m.benefit}, {uk_month(m.month)} · " + ", ".join(parts or ["entered"])
        )
    return lines


def write_entries(
    db: Database, risks: list[Risk], months: list[BenefitMonth], who: str
) -> WriteSummary:
    """Write a check-in's risk reviews and benefit months by `who`, in the caller's transaction
    if one is open (a check-in's), so a refused entry writes nothing of the check-in either."""
    kinds = [(spec, items) for spec, items in ((specs.RISKS, risks),
             (specs.BENEFIT_MONTHS, months)) if items]  # fmt: skip
    with db.transaction() as cur:
        # Their locks first: in a check-in's transaction (scoped) no other save of these entries
        # commits between this time and the write, so no version is recorded before the one it
        # replaces.
        for spec, items in kinds:
            engine.hold(cur, spec, engine.frame(items))
        at = utc_now()
        done = [registers.write(cur, spec, items, at, who) for spec, items in kinds]
    return WriteSummary(
        *(sum(getattr(d, f) for d in done) for f in ("added", "changed", "unchanged"))
    )
