"""Target rows (measure, value, effective_from …) → validated target revisions, or every bad cell."""

import pandas as pd

from tracker.importers.cells import (
    Problems,
    check_model_fields,
    flag_duplicates,
    flag_implausible,
    flag_too_early,
    longest,
    measure_codes,
    parse_dates,
    parse_numbers,
    required_text,
)
from tracker.models import Target


def validate_targets(
    table: pd.DataFrame,
    measures: pd.DataFrame,
    only_initiative: str | None = None,
    initiatives: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return validated target revisions (the Target fields), or raise naming every bad cell.

    `table` holds text cells indexed by file row; `measures` the known measures (code,
    initiative, unit, min_value, max_value when set). Targets may start in the future; a target
    must lie in its measure's plausible range (0–100 for a % measure); with `initiatives` (code,
    start_date), one starting long before its initiative is refused.
    """
    problems = Problems(table.index)
    flag = problems.flag
    code, known, _ = measure_codes(table["measure"], measures, problems, only_initiative, "targets")
    values, value_reason = parse_numbers(table["value"])
    flag(value_reason != "", "value", value_reason)
    flag(table["value"].str.strip() == "", "value", "empty; a target needs a value")
    flag_implausible(values, code, known, problems)
    start = parse_dates(table["effective_from"], problems, "effective_from", required=True)
    end = parse_dates(table["effective_to"], problems, "effective_to", required=False)
    flag_too_early(start, code.map(known["initiative"]), initiatives, problems, "effective_from")
    flag(
        end.notna() & start.notna() & (end < start),
        "effective_to",
        end.dt.strftime("%Y-%m-%d") + " is before effective_from " + start.dt.strftime("%Y-%m-%d"),
    )
    reason = required_text(table["reason"], problems, "reason", longest(Target, "reason"))
    set_by = required_text(table["set_by"], problems, "set_by", longest(Target, "set_by"))
    flag_duplicates(
        pd.DataFrame({"m": code, "f": table["effective_from"].str.strip()}),
        problems,
        "effective_from",
        "measure and effective_from",
    )
    problems.raise_if_any()
    result = pd.DataFrame(
        {
            "measure": code,
            "value": values,
            "effective_from": start.dt.date,
            "effective_to": pd.Series(
                [None if pd.isna(d) else d.date() for d in end], index=end.index, dtype=object
            ),
            "reason": reason,
            "set_by": set_by,
        }
    )
    # The model's rule across fields (effective_to after effective_from) needs an effective_to.
    check_model_fields(result, Target, end.notna())
    return result
