"""The check-in form's grids: measure values and open milestones as editable text, with problems."""

from datetime import date
from typing import Any

import pandas as pd

from tracker import formatting, importers
from tracker.errors import RowError
from tracker.models import MilestoneStatus
from tracker.periods import Frequency, add_periods, has_ended, period_end, period_start

RECENT_VALUES = 3
"""Earlier values shown beside each measure, for context."""

VALUE_COLUMNS = {"value": "Value", "missing_reason": "Missing reason", "note": "Note"}
VALUE_LABELS = {**VALUE_COLUMNS, "period": "Period"}
"""The values grid's headings for the importer's column names: the editable ones, and the
period, which is refused while it has not ended."""
MILESTONE_COLUMNS = {
    "forecast_date": "Forecast",
    "status": "Status",
    "completed_date": "Completed",
    "change_reason": "Reason for change",
}


def values_grid(
    measures: pd.DataFrame, points: pd.DataFrame, start: date, frequency: Frequency, today: date
) -> pd.DataFrame:
    """Return one editable row per measure period in the check-in period, values as text.

    Weeks count for the month (or quarter) they start in, so none is asked for twice; a measure
    reported less often than the check-in gets its period that contains the check-in period.
    Only periods that have ended by `today` are offered (periods.has_ended), as in the template.
    """
    end = period_end(start, frequency)
    held = points.assign(period=pd.to_datetime(points["period"]).dt.date)
    rows = []
    m: Any  # pandas types a row's fields as any scalar; these are the measure table's columns
    for m in measures.itertuples():
        own = held[held["measure"] == m.code].set_index("period")
        freq = Frequency(m.frequency)
        day = period_start(start, freq)
        if freq is Frequency.weekly and day < start:
            day = add_periods(day, freq, 1)
        while day <= end and has_ended(day, freq, today):
            earlier = own[own.index < day].tail(RECENT_VALUES)
            current = own.loc[day] if day in own.index else None
            rows.append(
                {
                    "measure": m.code,
                    "period": day.isoformat(),
                    "Measure": f"{m.code} · {m.name}",
                    "Period": formatting.period_label(day, freq),
                    "Unit": f"{m.unit} ({importers.valid_range(m.unit)})"
                    if m.unit == "%"
                    else m.unit,
                    "Recent": " · ".join(
                        formatting.number(v, m.unit, m.decimals) for v in earlier["value"]
                    )
                    or "–",
                    "Value": ""
                    if current is None or pd.isna(current["value"])
                    else f"{current['value']:g}",
                    "Missing reason": "" if current is None else current["missing_reason"],
                    "Note": "" if current is None else current["note"],
                    "Problem": "",
                }
            )
            day = add_periods(day, freq, 1)
    return pd.DataFrame(rows)


def milestones_grid(milestones: pd.DataFrame) -> pd.DataFrame:
    """Return the initiative's open milestones as editable rows."""
    open_ = milestones[milestones["status"] != MilestoneStatus.complete]
    return pd.DataFrame(
        {
            "code": open_["code"],
            "Milestone": open_["code"] + " · " + open_["title"],
            "Owner": open_["owner"],
            "Baseline": pd.to_datetime(open_["baseline_date"]).dt.date,
            "Forecast": pd.to_datetime(open_["forecast_date"]).dt.date,
            "Status": open_["status"],
            "Completed": [formatting.as_date(d) for d in open_["completed_date"]],
            "Reason for change": open_["change_reason"],
            "Problem": "",
        }
    ).reset_index(drop=True)


def problems(grid: pd.DataFrame, errors: list[RowError], labels: dict[str, str]) -> pd.DataFrame:
    """Return the grid with each row's problems in its Problem column (row N = grid row N-1)."""
    out = grid.copy()
    out["Problem"] = ""
    for e in errors:
        where = max(e.row - 1, 0)
        text = f"{labels.get(e.column, e.column)}: {e.reason}"
        out.at[where, "Problem"] = "; ".join(filter(None, [str(out.at[where, "Problem"]), text]))
    return out


def edited(grid: pd.DataFrame, loaded: pd.DataFrame, columns: list[str]) -> pd.Series:
    """Return which rows of an edited grid differ from the grid as loaded in any of `columns`.

    Only these are saved: a row left as it was must not put back what it showed over a change
    someone else saved meanwhile.
    """

    def plain(value: object) -> str:
        if isinstance(value, date):
            return iso(value)
        return "" if value is None or pd.isna(value) else str(value).strip()  # type: ignore[call-overload]  # pd.isna takes any one cell; the stubs list scalar types

    return (grid[columns].map(plain) != loaded[columns].map(plain)).any(axis=1)


def iso(value: object) -> str:
    """Return a grid date as ISO text, the form the importer reads ('' when empty)."""
    day = formatting.as_date(value)
    return "" if day is None else day.isoformat()


def messages(
    values: pd.DataFrame,
    value_errors: list[RowError],
    milestones: pd.DataFrame,
    milestone_errors: list[RowError],
) -> list[str]:
    """Return one line per problem, naming the measure period or milestone and the column."""
    lines = []
    for e in value_errors:
        row = values.iloc[e.row - 1]
        column = VALUE_LABELS.get(e.column, e.column)
        lines.append(f"{row['Measure']}, {row['Period']}, {column}: {e.reason}")
    for e in milestone_errors:
        column = MILESTONE_COLUMNS.get(e.column, e.column)
        lines.append(f"Milestone {milestones.iloc[e.row - 1]['code']}, {column}: {e.reason}")
    return lines
