"""Today's date, which demos and tests can pin with TRACKER_TODAY."""

from datetime import date, datetime, time

from tracker.config import get_settings


def today() -> date:
    """Return the pinned date (TRACKER_TODAY, ISO) if set, else the real date."""
    pinned = get_settings().today
    return date.fromisoformat(pinned) if pinned else date.today()


def end_of(day: date) -> datetime:
    """Return the last moment of `day`: the store's as-of time for "as recorded by that day".

    The store keeps UTC, so in British Summer Time this is an hour after midnight in the UK.
    """
    return datetime.combine(day, time.max)
