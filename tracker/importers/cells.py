"""Checks shared by every kind of import: numbers, dates, codes, text, duplicates; each vectorised."""

import math
import re
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
from pydantic import BaseModel, TypeAdapter, ValidationError

from tracker import formatting
from tracker.cell_values import date_cells, number_cells
from tracker.errors import ImportRejected, RowError
from tracker.models import (
    BASELINE_YEARS,
    CODE_PATTERN,
    EARLIEST_DATE,
    Unit,
    control_character_problem,
    earliest_period,
    implausible_problem,
    plausible_range,
    too_early_problem,
)

_CODE = re.compile(CODE_PATTERN)


@dataclass(frozen=True)
class Distinct:
    """A column as its distinct values and each row's position among them, so that a check runs
    once per distinct value: a million data points hold a few thousand codes and dates."""

    values: pd.Series
    """The distinct values, indexed 0, 1, … in order of first appearance (for of_parts, a
    DataFrame of each part's positions)."""
    where: np.ndarray
    """Per row, the position of its value in `values`."""
    rows: pd.Index

    @classmethod
    def of(cls, column: pd.Series) -> "Distinct":
        """Return the distinct values of `column` (empty and missing cells among them)."""
        where, values = pd.factorize(column, use_na_sentinel=False)
        return cls(pd.Series(values), where, column.index)

    @classmethod
    def of_parts(cls, parts: dict[str, "Distinct"]) -> "Distinct":
        """Return the distinct combinations of several columns' values (each given as its
        Distinct, over the same rows): `values` holds each one's positions, a column a part."""
        first = next(iter(parts.values()))
        sizes = [len(part.values) for part in parts.values()]
        # The combined key numbers every combination; it fits in 64 bits for any two columns
        # of a file within MAX_IMPORT_BYTES (each has fewer distinct values than rows).
        assert math.prod(sizes) < 2**63, sizes
        key = np.zeros(len(first.rows), dtype=np.int64)
        for part, size in zip(parts.values(), sizes, strict=True):
            key = key * size + part.where
        where, keys = pd.factorize(key)
        positions = {}
        for name, size in reversed(list(zip(parts, sizes, strict=True))):
            keys, positions[name] = np.divmod(keys, size)
        return cls(pd.DataFrame({name: positions[name] for name in parts}), where, first.rows)  # type: ignore[arg-type]

    def mapped(self, per_value: pd.Series) -> "Distinct":
        """Return the Distinct of a value found once per distinct value (such as each measure
        code's frequency), with no pass over the rows' own cells."""
        where, values = pd.factorize(per_value, use_na_sentinel=False)
        return Distinct(pd.Series(values), where[self.where], self.rows)

    def spread(self, per_value: pd.Series) -> pd.Series:
        """Return one result per distinct value as one per row."""
        return per_value.take(self.where).set_axis(self.rows)

    def unchanged_or_spread(self, per_value: pd.Series, column: pd.Series) -> pd.Series:
        """Return `column` itself when `per_value` changed none of its values, else spread them."""
        if per_value.equals(self.values):
            return column
        return self.spread(per_value)


class Problems:
    """Collects every bad cell as (row, column, reason) and raises them all at once."""

    def __init__(self, rows: pd.Index) -> None:
        self.rows = pd.Series(rows.to_numpy(), index=rows.rename(None))
        self._found: list[pd.DataFrame] = []

    def flag(self, mask: pd.Series, column: str, reason: pd.Series | str) -> None:
        """Record `reason` for every row where `mask` is True."""
        mask = mask.fillna(False).astype(bool)
        if mask.any():
            reasons = reason[mask].to_numpy() if isinstance(reason, pd.Series) else reason
            self._found.append(
                pd.DataFrame(
                    {"row": self.rows[mask].to_numpy(), "column": column, "reason": reasons}
                )
            )

    def flag_distinct(
        self, cells: Distinct, mask: pd.Series, column: str, reason: pd.Series | str
    ) -> None:
        """Record `reason` for every row whose value is flagged: `mask` and `reason` are given
        per distinct value of `cells`."""
        flagged = mask.fillna(False).astype(bool).to_numpy()
        if not flagged.any():
            return
        on_row = flagged[cells.where]
        reasons = (
            reason.to_numpy()[cells.where[on_row]] if isinstance(reason, pd.Series) else reason
        )
        self._found.append(
            pd.DataFrame({"row": self.rows.to_numpy()[on_row], "column": column, "reason": reasons})
        )

    def errors(self) -> list[RowError]:
        """Return the problems found so far, by row then column."""
        if not self._found:
            return []
        found = pd.concat(self._found).sort_values(["row", "column"], kind="stable")
        return [RowError(int(r), c, str(m)) for r, c, m in found.itertuples(index=False)]

    def raise_if_any(self) -> None:
        """Raise ImportRejected listing every problem, if there is one."""
        errors = self.errors()
        if errors:
            raise ImportRejected(errors, source="import")


@cache
def _field_adapter(model: type[BaseModel], name: str) -> TypeAdapter[list[object]]:
    """Return a validator of a list of values of one of `model`'s fields, with its constraints."""
    return TypeAdapter(list[model.model_fields[name].rebuild_annotation()])  # type: ignore[arg-type, misc]


def check_model_fields(
    result: pd.DataFrame,
    model: type[BaseModel],
    whole: pd.Series,
    distinct: dict[str, Distinct] | None = None,
) -> None:
    """Validate `result` against `model` set-wise, so that no rule of the model is skipped.

    Each field's rules are checked once per distinct value (a million data points hold a few
    thousand codes and dates), and the model's rules across fields are checked by building the
    model only for the rows in `whole` (those such a rule concerns). A refused value is
    reported on every row holding it, as model_rejection words it. `distinct` gives the
    Distinct of any column the caller has already found, so it is not looked for again.
    """
    if list(result.columns) != list(model.model_fields):
        raise ValueError(f"columns {list(result.columns)} are not {model.__name__}'s fields")
    errors: list[RowError] = []
    for name, column in result.items():
        cells = (distinct or {}).get(str(name)) or Distinct.of(column)
        present = cells.values[cells.values.notna()]
        try:
            _field_adapter(model, str(name)).validate_python(present.tolist())
        except ValidationError as err:
            for e in err.errors():
                holding = cells.rows[cells.where == present.index[int(e["loc"][0])]]
                reason = e["msg"].removeprefix("Value error, ")
                errors += [RowError(int(r), str(name), reason) for r in holding]
    if model.__pydantic_decorators__.field_validators:
        whole = pd.Series(True, index=result.index)  # rules the field types do not carry
    chosen = result[whole.reindex(result.index, fill_value=False)]
    if not chosen.empty:
        records = [
            {k: None if isinstance(v, float) and v != v else v for k, v in record.items()}
            for record in chosen.to_dict("records")
        ]
        try:
            TypeAdapter(list[model]).validate_python(records)  # type: ignore[valid-type]
        except ValidationError as err:
            errors += model_rejection(err, chosen.index).errors
    if errors:
        # A row checked whole repeats its fields' errors: each is listed once.
        found = sorted(set(errors), key=lambda e: (e.row, e.column, e.reason))
        raise ImportRejected(found, source="import")


def model_rejection(err: ValidationError, rows: pd.Index) -> ImportRejected:
    """Return a list of models' validation errors as an import rejection, by file row.

    `rows` maps each model's position in the list to its file row; a rule across fields (no
    field in its location) is put on the row as a whole.
    """
    return ImportRejected(
        [
            RowError(
                int(rows[int(e["loc"][0])]),
                str(e["loc"][-1]) if len(e["loc"]) > 1 else "(row)",
                e["msg"].removeprefix("Value error, "),
            )
            for e in err.errors()
        ],
        source="import",
    )


def parse_numbers(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Return (numbers, reason) by cell_values.number_cells, reading each distinct cell once."""
    cells = Distinct.of(raw)
    numbers, reason = number_cells(cells.values)
    return cells.spread(numbers), cells.spread(reason)


def parse_dates(raw: pd.Series, problems: Problems, column: str, required: bool) -> pd.Series:
    """Return the cells as Timestamps (NaT when empty or bad), flagging bad and missing ones."""
    text = raw.str.strip()
    dates = date_cells(text)
    problems.flag(
        dates.isna() & (text != ""),
        column,
        "'" + text + "' is not a date in the form YYYY-MM-DD (e.g. 2026-10-01)",
    )
    if required:
        problems.flag(text == "", column, "empty; enter a date in the form YYYY-MM-DD")
    flag_before_earliest(dates, problems, column)
    return dates


def flag_before_earliest(dates: pd.Series, problems: Problems, column: str) -> None:
    """Flag dates before EARLIEST_DATE (such as 1779): a slip of the year."""
    early = dates.notna() & (dates < pd.Timestamp(EARLIEST_DATE))
    if early.any():
        reasons = dates[early].map(lambda d: too_early_problem(d.date()))
        problems.flag(early, column, reasons.reindex(dates.index, fill_value=""))


def codes(raw: pd.Series, problems: Problems, column: str) -> pd.Series:
    """Return the cells as upper-case codes, flagging empty and badly formed ones."""
    code = raw.str.strip().str.upper()
    problems.flag(code == "", column, "empty; every row needs a code")
    problems.flag(
        (code != "") & ~code.str.match(_CODE),
        column,
        "'"
        + code
        + "' is not a code: use letters, digits and hyphens, at most 24 characters (e.g. UEC-01)",
    )
    return code


def longest(model: type[BaseModel], name: str) -> int:
    """Return the most characters the model's text field `name` may hold (its max_length)."""
    return next(
        int(m.max_length)
        for m in model.model_fields[name].metadata
        if getattr(m, "max_length", None) is not None
    )


def required_text(raw: pd.Series, problems: Problems, column: str, longest: int) -> pd.Series:
    """Return the cells stripped, flagging empty ones, long ones and any not on one line."""
    text = raw.str.strip()
    problems.flag(text == "", column, f"empty; {column} is required")
    optional_text(text, problems, column, longest)
    return text


_SUSPECT = re.compile(r"[\x00-\x1f\x7f-\x9f]")
"""Any character control_character_problem may refuse: only these cells are looked at closely."""


def optional_text(
    raw: pd.Series, problems: Problems, column: str, longest: int, multi_line: bool = False
) -> pd.Series:
    """Return the cells stripped, flagging ones longer than `longest` characters and ones with
    a control character (or, unless `multi_line`, a line break or tab)."""
    cells = Distinct.of(raw)
    text = cells.values.str.strip()
    length = text.str.len()
    problems.flag_distinct(
        cells, length > longest, column, length.astype(str) + f" characters; at most {longest}"
    )
    suspect = text.str.contains(_SUSPECT, na=False)
    if suspect.any():
        reason = text.where(suspect, "").map(
            lambda t: control_character_problem(t, multi_line) or ""
        )
        problems.flag_distinct(cells, reason != "", column, reason)
    return cells.unchanged_or_spread(text, raw)


def _ranges(known: pd.DataFrame) -> pd.DataFrame:
    """Return each known measure's unit, own bounds (NaN when unset) and plausible low, high."""
    units = {u.value for u in Unit}
    unset = pd.Series(np.nan, index=known.index)
    # Text when read from a CSV of measures (the sample's): an empty cell is no bound.
    lows = pd.to_numeric(known["min_value"], errors="coerce") if "min_value" in known else unset
    highs = pd.to_numeric(known["max_value"], errors="coerce") if "max_value" in known else unset
    rows = []
    for unit, low_set, high_set in zip(known["unit"], lows, highs, strict=True):
        if unit not in units:  # a measure on a bad workbook row: its unit is reported there
            rows.append((None, np.nan, np.nan, np.nan, np.nan))
            continue
        low, high = plausible_range(
            unit, None if pd.isna(low_set) else low_set, None if pd.isna(high_set) else high_set
        )
        rows.append((unit, low_set, high_set, low, high))
    return pd.DataFrame(rows, index=known.index, columns=["unit", "min", "max", "low", "high"])


def flag_implausible(
    values: pd.Series,
    code: pd.Series | Distinct,
    known: pd.DataFrame,
    problems: Problems,
    column: str = "value",
) -> None:
    """Flag every value outside its measure's plausible range (its own min and max, else its
    unit's); `code` holds each row's measure code (or its Distinct, when the caller has it),
    `known` the measures by code with unit and, when set, min_value, max_value."""
    ranges = _ranges(known[~known.index.duplicated()])
    codes = code if isinstance(code, Distinct) else Distinct.of(code)
    low = codes.spread(codes.values.map(ranges["low"]))
    high = codes.spread(codes.values.map(ranges["high"]))
    bad = values.notna() & low.notna() & ((values < low) | (values > high))
    if not bad.any():
        return
    measures = codes.spread(codes.values)[bad]
    found = ranges.loc[measures]
    reasons = [
        implausible_problem(
            value,
            unit,
            None if pd.isna(low_set) else low_set,
            None if pd.isna(high_set) else high_set,
            measure,
        )
        for value, measure, unit, low_set, high_set in zip(
            values[bad], measures, found["unit"], found["min"], found["max"], strict=True
        )
    ]
    problems.flag(bad, column, pd.Series(reasons, index=values.index[bad]).reindex(values.index))


def flag_too_early(
    dates: pd.Series,
    initiative: pd.Series | Distinct,
    initiatives: pd.DataFrame | None,
    problems: Problems,
    column: str,
) -> None:
    """Flag dates more than BASELINE_YEARS before their initiative started (a slip of year).

    `initiative` holds each row's initiative code (or its Distinct); `initiatives` the known
    ones with start_date (nothing is flagged without them: EARLIEST_DATE still applies).
    """
    if initiatives is None or initiatives.empty or "start_date" not in initiatives:
        return
    starts = initiatives.dropna(subset=["start_date"]).drop_duplicates("code")
    earliest = pd.Series(
        [pd.Timestamp(earliest_period(pd.Timestamp(d).date())) for d in starts["start_date"]],
        index=starts["code"].to_numpy(),
        dtype="datetime64[ns]",
    )
    owners = initiative if isinstance(initiative, Distinct) else Distinct.of(initiative)
    first = owners.spread(owners.values.map(earliest))
    # A date before EARLIEST_DATE is flagged once, by flag_before_earliest.
    early = dates.notna() & first.notna() & (dates < first) & (dates >= pd.Timestamp(EARLIEST_DATE))
    if early.any():
        what = "period" if column == "period" else "date"
        problems.flag(
            early,
            column,
            dates.dt.strftime("%Y-%m-%d").fillna("")
            + " is before "
            + first.map(formatting.uk_date, na_action="ignore").fillna("")
            + f", the earliest {what} for initiative "
            + owners.spread(owners.values.astype(object).fillna(""))
            + f" ({BASELINE_YEARS} years before it started); check the year",
        )


def flag_duplicates(
    keys: pd.DataFrame | Distinct, problems: Problems, column: str, what: str
) -> None:
    """Flag every row whose `keys` repeat an earlier row's, naming the first (`keys` may be
    given as the Distinct of their combinations, when the caller has it)."""
    rows = problems.rows
    if isinstance(keys, pd.DataFrame):
        keys = Distinct.of_parts({c: Distinct.of(keys[c]) for c in keys.columns})
    group = keys.where
    repeated = pd.Series(pd.Series(group).duplicated(keep=False).to_numpy(), index=keys.rows)
    if not repeated.any():
        return
    first = rows.groupby(group).transform("min")
    problems.flag(
        repeated & (rows != first),
        column,
        "duplicate of row " + first.astype(str) + f" (same {what})",
    )


def measure_codes(
    cells: pd.Series,
    measures: pd.DataFrame,
    problems: Problems,
    only_initiative: str | None,
    what: str,
) -> tuple[pd.Series, pd.DataFrame, pd.Series]:
    """Return each row's measure code, the known measures indexed by code, and which rows are known.

    Codes are read case-blind; empty and unknown codes are flagged, and with `only_initiative`
    so is a measure of another initiative (`what` names the rows, e.g. "data", in the advice).
    """
    given = Distinct.of(cells)
    code = given.values.str.strip().str.upper()
    known = measures.set_index(measures["code"].str.upper())
    found = code.isin(known.index)
    problems.flag_distinct(given, code == "", "measure", "empty; every row needs a measure code")
    problems.flag_distinct(
        given, ~found & (code != ""), "measure", "unknown measure code '" + code + "'"
    )
    if only_initiative is not None:
        owner = code.map(known["initiative"]).fillna("")
        problems.flag_distinct(
            given,
            found & (owner != only_initiative),
            "measure",
            "measure "
            + code
            + " belongs to "
            + owner
            + ", not "
            + only_initiative
            + f"; upload one initiative's {what} at a time",
        )
    return given.unchanged_or_spread(code, cells), known, given.spread(found)
