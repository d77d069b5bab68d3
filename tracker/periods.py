"""Reporting periods: weeks start Monday, months on the 1st, quarters on 1 Jan/Apr/Jul/Oct."""

from datetime import date, timedelta
from enum import StrEnum


class Frequency(StrEnum):
    """How often a measure is reported (or an initiative checks in)."""

    weekly = "weekly"
    monthly = "monthly"
    quarterly = "quarterly"


def period_start(day: date, frequency: Frequency) -> date:
    """Return the first day of the period of `frequency` that contains `day`."""
    if frequency is Frequency.weekly:
        return day - timedelta(days=day.weekday())
    if frequency is Frequency.monthly:
        return day.replace(day=1)
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def add_periods(start: date, frequency: Frequency, n: int) -> date:
    """Return the start of the period `n` periods after the one starting at `start` (n may be < 0)."""
    if frequency is Frequency.weekly:
        return start + timedelta(weeks=n)
    months = 1 if frequency is Frequency.monthly else 3
    index = start.year * 12 + start.month - 1 + n * months
    return date(index // 12, index % 12 + 1, 1)


def period_end(start: date, frequency: Frequency) -> date:
    """Return the last day of the period that starts at `start`."""
    return add_periods(start, frequency, 1) - timedelta(days=1)


def is_period_start(day: date, frequency: Frequency) -> bool:
    """Return True when `day` is the first day of a period of `frequency`."""
    return period_start(day, frequency) == day


def period_start_error(day: date, frequency: Frequency) -> str | None:
    """Return a message naming the right date when `day` is not a period start, else None."""
    if is_period_start(day, frequency):
        return None
    right = period_start(day, frequency)
    rule = {
        Frequency.weekly: "weekly periods start on a Monday",
        Frequency.monthly: "monthly periods start on the 1st",
        Frequency.quarterly: "quarterly periods start on 1 Jan, 1 Apr, 1 Jul or 1 Oct",
    }[frequency]
    return f"{day.isoformat()} is not a period start ({rule}); use {right.isoformat()}"


def last_complete_period(today: date, frequency: Frequency) -> date:
    """Return the start of the latest period that ended before `today`."""
    return add_periods(period_start(today, frequency), frequency, -1)


def financial_year(day: date) -> str:
    """Return the NHS financial year (April–March) containing `day`, e.g. 'FY 2026/27'."""
    first = day.year if day.month >= 4 else day.year - 1
    return f"FY {first}/{(first + 1) % 100:02d}"
