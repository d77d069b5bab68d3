"""Today's date in the UK, which demos and tests can pin with TRACKER_TODAY."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from tracker.config import get_settings

UK_TIME = ZoneInfo("Europe/London")
"""The trust's clock: GMT in winter, BST in summer; a day (and so a period) ends at midnight here."""


def uk_day(moment: date | datetime) -> date:
    """Return the UK calendar day of `moment`: a date as it is, a datetime by the UK's clock.

    A datetime without a zone is taken as UTC, as the store keeps times.
    """
    if not isinstance(moment, datetime):
        return moment
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(UK_TIME).date()


def today() -> date:
    """Return the pinned date (TRACKER_TODAY, ISO) if set, else today's date in the UK.

    The UK's, not the machine's: a server on UTC would otherwise keep a week open for the first
    hour of a summer Monday.
    """
    pinned = get_settings().today
    return date.fromisoformat(pinned) if pinned else uk_day(datetime.now(UTC))


def end_of(day: date) -> datetime:
    """Return the last moment of `day`: the store's as-of time for "as recorded by that day".

    The store keeps UTC, so in British Summer Time this is an hour after midnight in the UK.
    """
    return datetime.combine(day, time.max)
