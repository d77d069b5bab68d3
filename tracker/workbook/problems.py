"""Problems as people read them: pydantic errors mapped to the field they concern, in plain words."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from tracker.errors import RowError
from tracker.models import plain_number
from tracker.workbook.layout import Column, Kind, Sheet

FORM = ""
"""The 'field' of a problem that concerns the whole form or row rather than one field."""


@dataclass(frozen=True)
class SheetError(RowError):
    """One problem in a workbook: sheet, Excel row number (header is row 1), column, reason."""

    sheet: str = ""

    def __str__(self) -> str:
        if self.row == 0:
            return f"{self.sheet}: {self.reason}"
        return f"{self.sheet}, row {self.row}, column {self.column}: {self.reason}"


def _bound(value: object) -> str:
    return plain_number(value) if isinstance(value, float) else str(value)


def _plain(error: ErrorDetails) -> str:
    """Return one pydantic error as a sentence that says what to fix."""
    kind, given, ctx = error["type"], error.get("input"), error.get("ctx", {})
    if kind == "missing":
        return "required; fill it in"
    if kind == "string_too_short":
        return "empty; fill it in"
    if kind == "string_too_long":
        return f"too long: at most {ctx.get('max_length')} characters"
    if kind == "string_pattern_mismatch":
        return (
            f"'{given}' is not a valid code: use capital letters, digits and hyphens, up to 24 "
            "characters, starting with a letter or digit (e.g. UEC-01)"
        )
    if kind == "enum":
        return f"'{given}' is not allowed; choose one of {ctx.get('expected')}"
    if kind.startswith("date"):
        return f"'{given}' is not a date; use YYYY-MM-DD (e.g. 2026-04-01)"
    if kind.startswith(("float", "int")):
        return f"'{given}' is not a number; enter digits only (e.g. 76.4)"
    if kind == "greater_than_equal":
        return f"{given} is too small: the least allowed is {_bound(ctx.get('ge'))}"
    if kind == "less_than_equal":
        return f"{given} is too large: the most allowed is {_bound(ctx.get('le'))}"
    return str(error["msg"]).removeprefix("Value error, ")


def _field_named_in(message: str, fields: Sequence[str]) -> str:
    """Return the field whose name appears first in `message`, else FORM."""
    found = [(message.find(f), -len(f), f) for f in fields if f in message]
    return min(found)[2] if found else FORM


def _part(location: Sequence[int | str]) -> str:
    """Return where in a field a problem is, in words: 'item 2, owner'."""
    return ", ".join(f"item {p + 1}" if isinstance(p, int) else str(p) for p in location)


def field_problems(err: ValidationError, fields: Sequence[str]) -> list[tuple[str, str]]:
    """Return (field, message) for each error; a whole-model rule goes to the field it names.

    A rule such as "planned_end is before start_date" has no location, so it is put next to
    the field named first in its message (planned_end); one naming no field goes to FORM.
    """
    problems = []
    for error in err.errors():
        location = error["loc"]
        message = _plain(error)
        if len(location) > 1:
            # A part of a field holding several items (a risk's second action's owner).
            message = f"{_part(location[1:])}: {message}"
        if location and str(location[0]) in fields:
            problems.append((str(location[0]), message))
        else:
            problems.append((_field_named_in(message, fields), message))
    return problems


def _placeholder(column: Column) -> object:
    """Return a valid stand-in for a field that failed, so the model's own rules can still run."""
    if column.kind is Kind.choice:
        return column.choices[0]
    return PLACEHOLDERS[column.kind]


PLACEHOLDERS: dict[Kind, object] = {
    Kind.code: "X", Kind.reference: "X", Kind.text: "x", Kind.long_text: "x",
    Kind.date: date(2000, 1, 1), Kind.number: 0.0, Kind.integer: 0, Kind.trajectory: (),
    Kind.links: (), Kind.codes: (), Kind.actions: (), Kind.boolean: False,
}  # fmt: skip


def validate_row(
    sheet: Sheet, values: Mapping[str, object]
) -> tuple[BaseModel | None, list[tuple[str, str]]]:
    """Return (model, []) when `values` are valid, else (None, every (field, message) problem).

    pydantic skips a model's cross-field rules (planned_end after start_date) while any field
    fails, so those rules are run again with stand-ins for the failed fields; a rule naming a
    stand-in is dropped, as it would only describe the stand-in.
    """
    names = [c.name for c in sheet.columns]
    try:
        return sheet.model.model_validate(dict(values)), []
    except ValidationError as err:
        problems = field_problems(err, names)
    failed = {name for name, _ in problems if name != FORM}
    if failed:
        patched = {**values, **{name: _placeholder(sheet.column(name)) for name in failed}}
        try:
            sheet.model.model_validate(patched)
        except ValidationError as err:
            for name, message in field_problems(err, names):
                named = any(f in message for f in failed)
                if name not in failed and not named and (name, message) not in problems:
                    problems.append((name, message))
    return None, problems
