"""Data point rows (measure, period, value …) → validated data points, or every bad cell named."""

from collections.abc import Callable
from datetime import date

import pandas as pd

from tracker import formatting
from tracker.cell_values import date_cells, number_cells
from tracker.errors import ImportRejected, RowError
from tracker.importers.cells import (
    Distinct,
    Problems,
    check_model_fields,
    flag_before_earliest,
    flag_duplicates,
    flag_implausible,
    flag_too_early,
    longest,
    measure_codes,
    optional_text,
)
from tracker.importers.kinds import LAYOUTS, ImportKind
from tracker.models import VALUE_AND_MISSING_REASON, DataPoint, plain_number, plausible_range
from tracker.periods import START_RULES, Frequency, add_periods, has_ended, period_end, period_start

DATAPOINT_COLUMNS = LAYOUTS[ImportKind.datapoints].required
DATAPOINT_OPTIONAL = LAYOUTS[ImportKind.datapoints].optional


StoredPoints = Callable[[list[str]], pd.DataFrame]
"""Returns the stored current data points (measure, period, value, missing_reason) of the
measures named, so that an import correcting a value can be asked for a note."""


def _period_problems(periods: pd.Series, frequency: pd.Series) -> pd.Series:
    """Return the reason each period is not a period start for its frequency ('' when fine)."""
    monday = periods - pd.to_timedelta(periods.dt.day_of_week, unit="D")
    month = periods.dt.to_period("M").dt.start_time
    quarter = periods.dt.to_period("Q").dt.start_time
    right = pd.Series(pd.NaT, index=periods.index, dtype="datetime64[ns]")
    right[frequency == "weekly"] = monday
    right[frequency == "monthly"] = month
    right[frequency == "quarterly"] = quarter
    wrong = right.notna() & (right != periods)
    reason = pd.Series("", index=periods.index, dtype=object)
    reason[wrong] = (
        periods[wrong].dt.strftime("%Y-%m-%d")
        + " is not a period start ("
        + frequency[wrong].map(START_RULES)
        + "); use "
        + right[wrong].dt.strftime("%Y-%m-%d")
    )
    return reason


def open_period_problem(day: date, frequency: Frequency, today: date) -> str:
    """Return why the period containing `day` can have no value yet on `today` ('' once it has
    ended): the one message for the Update grid, imports and the workbook."""
    start = period_start(day, frequency)
    if has_ended(start, frequency, today):
        return ""
    return (
        f"{formatting.period_label(start, frequency)} has not ended yet (it ends on "
        f"{formatting.uk_date(period_end(start, frequency))}); enter its value from "
        f"{formatting.uk_date(add_periods(start, frequency, 1))}"
    )


def _open_problems(periods: pd.Series, frequency: pd.Series, today: date) -> pd.Series:
    """Return open_period_problem for each row with a date and a known frequency, else ''."""
    checked = periods.notna() & frequency.notna()
    keys = list(zip(periods[checked].dt.date, frequency[checked], strict=True))
    # A file repeats few (period, frequency) pairs, so each is decided once, not once a row.
    found = {key: open_period_problem(key[0], Frequency(key[1]), today) for key in set(keys)}
    reason = pd.Series([found[key] for key in keys], index=periods.index[checked], dtype=object)
    return reason.reindex(periods.index, fill_value="")


def valid_range(unit: str, min_value: float | None = None, max_value: float | None = None) -> str:
    """Return the values a measure may take, in words (for templates and the grid)."""
    low, high = plausible_range(
        unit,
        None if min_value is None or pd.isna(min_value) else min_value,
        None if max_value is None or pd.isna(max_value) else max_value,
    )
    return f"{plain_number(low)}–{plain_number(high)}"


def validate_data_points(
    table: pd.DataFrame,
    measures: pd.DataFrame,
    today: date,
    only_initiative: str | None = None,
    initiatives: pd.DataFrame | None = None,
    stored_points: StoredPoints | None = None,
) -> pd.DataFrame:
    """Return validated data points (measure, period, value, missing_reason, note), or raise.

    `table` holds the file's cells as text, indexed by file row number (as read_csv_table and
    read_xlsx_table give it); `measures` the known measures (code, initiative, unit, frequency,
    and min_value, max_value when set). Every bad cell is reported as `row N, column C: reason`
    and nothing is returned unless every row is good; a period that has not ended by `today` is
    refused (open_period_problem). With `only_initiative`, a row for another
    initiative's measure is an error; with `initiatives` (code, start_date), a period long
    before its initiative started; with `stored_points`, a changed value without a note.
    """
    problems = Problems(table.index)
    flag = problems.flag

    code, known, found = measure_codes(
        table["measure"], measures, problems, only_initiative, "data"
    )

    # Every check of a period is made once per distinct cell, or per distinct (period,
    # frequency): a file of a million points holds a few hundred periods and three frequencies.
    given = Distinct.of(table["period"])
    raw_period = given.values.str.strip()
    dates = date_cells(raw_period)
    problems.flag_distinct(
        given,
        dates.isna() & (raw_period != ""),
        "period",
        "'" + raw_period + "' is not a date in the form YYYY-MM-DD (e.g. 2026-10-01)",
    )
    problems.flag_distinct(
        given, raw_period == "", "period", "empty; enter the period's first day as YYYY-MM-DD"
    )
    periods = given.spread(dates)
    measure = Distinct.of(code)
    frequency = measure.mapped(measure.values.map(known["frequency"]))
    pairs = Distinct.of_parts({"p": given, "f": frequency})
    pair_periods = dates.take(pairs.values["p"]).reset_index(drop=True)
    pair_frequency = (
        frequency.values.take(pairs.values["f"]).reset_index(drop=True).where(pair_periods.notna())
    )
    not_start = _period_problems(pair_periods, pair_frequency)
    problems.flag_distinct(pairs, not_start != "", "period", not_start)
    still_open = _open_problems(pair_periods, pair_frequency, today)
    problems.flag_distinct(pairs, still_open != "", "period", still_open)
    flag_before_earliest(periods, problems, "period")
    owner = measure.mapped(measure.values.map(known["initiative"]))
    flag_too_early(periods, owner, initiatives, problems, "period")

    given_values = Distinct.of(table["value"])
    numbers, value_reason = number_cells(given_values.values)
    problems.flag_distinct(given_values, value_reason != "", "value", value_reason)
    values = given_values.spread(numbers)
    missing_reason = optional_text(
        table["missing_reason"], problems, "missing_reason", longest(DataPoint, "missing_reason")
    )
    note = optional_text(
        table["note"], problems, "note", longest(DataPoint, "note"), multi_line=True
    )
    # number_cells gives a reason for every other cell it reads as no number.
    empty = given_values.spread(numbers.isna() & (value_reason == ""))
    flag(empty & (missing_reason == ""), "value", "empty; enter a number, or give a missing_reason")
    flag(~empty & (missing_reason != ""), "missing_reason", VALUE_AND_MISSING_REASON)
    flag_implausible(values, measure, known, problems)
    # Cells that differ only in spaces around the date are the same period.
    same_period = given.mapped(raw_period)
    flag_duplicates(
        Distinct.of_parts({"m": measure, "p": same_period}),
        problems,
        "period",
        "measure and period",
    )
    problems.raise_if_any()

    days = pd.Series(dates.dt.date, dtype=object)
    result = pd.DataFrame(
        {
            "measure": code,
            "period": given.spread(days),
            "value": values,
            "missing_reason": missing_reason,
            "note": note,
        }
    )
    # The model's rule across fields (a value or a missing_reason) concerns the rows without a
    # value or with a reason: the few that say a value is missing.
    check_model_fields(
        result,
        DataPoint,
        values.isna() | (missing_reason != ""),
        {
            "measure": measure,
            "period": Distinct(days, given.where, table.index),
            "value": Distinct(numbers, given_values.where, table.index),
        },
    )
    if stored_points is not None:
        corrections = check_corrections(result, stored_points(sorted(code.unique())))
        if corrections:
            raise ImportRejected(corrections, source="import")
    return result


def check_corrections(points: pd.DataFrame, current: pd.DataFrame) -> list[RowError]:
    """Return an error for each changed value that gives no note saying why it was corrected.

    `points` are validated data points indexed by row; `current` the stored ones (measure,
    period, value, missing_reason). The one rule for every correction: the Update page checks
    its grid with it, and every import through `stored_points` (a correction needs a note).
    """
    if current.empty:  # nothing held yet, as on a first import: nothing can be corrected
        return []
    stored = current.assign(period=pd.to_datetime(current["period"]).dt.date).set_index(
        ["measure", "period"]
    )
    keys = pd.MultiIndex.from_arrays([points["measure"], points["period"]])
    old = stored["value"].reindex(keys).to_numpy()
    old_reason = stored["missing_reason"].reindex(keys).fillna("").to_numpy()
    existed = ~pd.isna(old) | (old_reason != "")
    new = points["value"].to_numpy()
    differs = existed & ~((pd.isna(old) & pd.isna(new)) | (old == new))
    errors = []
    for row, was, now, note in zip(
        points.index[differs], old[differs], new[differs], points["note"][differs], strict=True
    ):
        if not str(note).strip():
            errors.append(
                RowError(
                    int(row),
                    "note",
                    f"you changed {_shown(was)} to {_shown(now)}; say why in the note "
                    "(the old value is kept in the history)",
                )
            )
    return errors


def _shown(value: object) -> str:
    return "(empty)" if pd.isna(value) else f"{float(value):g}"  # type: ignore[arg-type, call-overload]  # one cell, any type
