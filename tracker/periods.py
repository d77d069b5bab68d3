"""Reporting periods: weeks start Monday, months on the 1st, quarters on 1 Jan/Apr/Jul/Oct."""

from datetime import date, datetime, timedelta
from enum import StrEnum

from tracker.clock import uk_day


class Frequency(StrEnum):
    """How often a measure is reported (or an initiative checks in)."""

    weekly = "weekly"
    monthly = "monthly"
    quarterly = "quarterly"


START_RULES = {
    Frequency.weekly: "weekly periods start on a Monday",
    Frequency.monthly: "monthly periods start on the 1st",
    Frequency.quarterly: "quarterly periods start on 1 Jan, 1 Apr, 1 Jul or 1 Oct",
}
"""Where each frequency's periods start, in words for messages."""


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
    return (
        f"{day.isoformat()} is not a period start ({START_RULES[frequency]}); "
        f"use {right.isoformat()}"
    )


def has_ended(start: date, frequency: Frequency, as_of: date | datetime) -> bool:
    """Return True when the period of `frequency` containing `start` has ended by `as_of`.

    The one rule for open periods: a period ends at midnight (UK time) after its last day, so it
    is open all through that day and has no value until the next. `as_of` is a UK day, or a
    moment read by the UK's clock (clock.uk_day), so summer time moves midnight with it.
    """
    return period_end(period_start(start, frequency), frequency) < uk_day(as_of)


def last_complete_period(today: date | datetime, frequency: Frequency) -> date:
    """Return the start of the latest period that has ended by `today` (see has_ended)."""
    day = uk_day(today)
    start = period_start(day, frequency)
    while not has_ended(start, frequency, day):
        start = add_periods(start, frequency, -1)
    return start


def financial_year(day: date) -> str:
    """Return the NHS financial year (April–March) containing `day`, e.g. 'FY 2026/27'."""
    first = day.year if day.month >= 4 else day.year - 1
    return f"FY {first}/{(first + 1) % 100:02d}"
