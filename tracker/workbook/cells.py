"""Excel cells ↔ model values for each column kind; a bad cell raises ValueError saying what to fix."""

import math
from datetime import date, datetime
from enum import Enum
from typing import cast

from tracker.cell_values import ISO_DATE, read_date, read_number
from tracker.drivers import format_codes, format_links, parse_codes, parse_links
from tracker.importers.excel import is_blank
from tracker.models import DriverLink, RiskAction, TrajectoryPoint, actions_text
from tracker.workbook.layout import Column, Kind

TRAJECTORY_EXAMPLE = "2026-04-01=74; 2026-10-01=76"
CURRENCY_SIGNS = ("£", "$", "€")
"""Signs a money cell may be typed with; the unit is the benefit's, so the cell holds the number."""


def _text(value: object) -> str:
    """Return a cell as text; a whole number typed into a text column loses its '.0'."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    found = read_date(text)
    if found is not None:
        return found
    if ISO_DATE.match(text):
        raise ValueError(f"'{text}' is not a real date (check the month and day)")
    raise ValueError(f"'{text}' is not a date; use YYYY-MM-DD (e.g. 2026-04-01) or an Excel date")


def _number(value: object) -> float:
    if isinstance(value, bool):
        raise ValueError(f"'{value}' is not a number; enter digits only (e.g. 76.4)")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = _text(value)
        if text.startswith(CURRENCY_SIGNS):
            raise ValueError(f"'{text}' has a currency sign; enter the amount alone")
        try:
            number = read_number(text)
        except ValueError as refused:
            if not text.endswith("%"):
                raise
            # Said as the workbook's help says it: a share is typed as 76, not 76%.
            raise ValueError(
                f"'{text}' is not a number; enter digits only (without the % sign) (e.g. 76.4)"
            ) from refused
    if not math.isfinite(number):
        raise ValueError(f"'{value}' is not a finite number")
    return number


def _integer(value: object) -> int:
    number = _number(value)
    if not number.is_integer():
        raise ValueError(f"'{_text(value)}' is not a whole number")
    return int(number)


TRUE_WORDS = ("true", "yes", "y", "1")
FALSE_WORDS = ("false", "no", "n", "0")


def _boolean(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).casefold()
    if text in TRUE_WORDS or text in FALSE_WORDS:
        return text in TRUE_WORDS
    raise ValueError(f"'{_text(value)}' is not true or false; write TRUE or FALSE")


def _choice(value: object, column: Column) -> str:
    text = _text(value)
    for allowed in column.choices:
        if text.casefold() == allowed.casefold():
            return allowed
    raise ValueError(f"'{text}' is not allowed; choose one of: {', '.join(column.choices)}")


def parse_trajectory(text: str) -> tuple[TrajectoryPoint, ...]:
    """Return the points of 'period=value; …' text, ordered by period; raise ValueError if bad."""
    points = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        period, sep, value = part.partition("=")
        if not sep:
            raise ValueError(f"'{part}' is not period=value; write pairs like {TRAJECTORY_EXAMPLE}")
        points.append(TrajectoryPoint(period=_date(period.strip()), value=_number(value.strip())))
    periods = [p.period for p in points]
    if len(set(periods)) != len(periods):
        raise ValueError("a period appears twice in the trajectory; give each period once")
    return tuple(sorted(points, key=lambda p: p.period))


def format_trajectory(points: tuple[TrajectoryPoint, ...] | list[TrajectoryPoint]) -> str:
    """Return trajectory points as 'period=value; …' text ('' when there are none)."""
    return "; ".join(f"{p.period.isoformat()}={p.value:.15g}" for p in points)


def read_cell(value: object, column: Column) -> object:
    """Return the cell as the value of the column's model field (None when empty).

    Raises ValueError with a message that says what is wrong and how to write it instead.
    """
    if is_blank(value):
        return None
    if column.kind is Kind.date:
        return _date(value)
    if column.kind is Kind.number:
        return _number(value)
    if column.kind is Kind.integer:
        return _integer(value)
    if column.kind is Kind.choice:
        return _choice(value, column)
    if column.kind is Kind.trajectory:
        return parse_trajectory(_text(value))
    if column.kind is Kind.boolean:
        return _boolean(value)
    if column.kind is Kind.links:
        return parse_links(_text(value))
    if column.kind is Kind.codes:
        return tuple(code.upper() for code in parse_codes(_text(value)))
    text = _text(value)
    return text.upper() if column.kind in (Kind.code, Kind.reference) else text


def cell_text(value: object) -> str:
    """Return any cell as the text a CSV importer would read: dates ISO, numbers exact."""
    if is_blank(value):
        return ""
    if isinstance(value, float):
        return repr(value)
    return _text(value)


def write_cell(value: object, column: Column) -> object:
    """Return the value to put in a cell for a model field's value (None for empty)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if column.kind is Kind.trajectory:
        return format_trajectory(cast(tuple[TrajectoryPoint, ...], value)) or None
    if column.kind is Kind.links:
        return format_links(cast(tuple[DriverLink, ...], value)) or None
    if column.kind is Kind.codes:
        return format_codes(cast(tuple[str, ...], value)) or None
    if column.kind is Kind.actions:
        return actions_text(cast(tuple[RiskAction, ...], value)) or None
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, str) and not value:
        return None
    return value
