"""Today's date, which demos and tests can pin with TRACKER_TODAY."""

from datetime import date

from tracker.config import get_settings


def today() -> date:
    """Return the pinned date (TRACKER_TODAY, ISO) if set, else the real date."""
    pinned = get_settings().today
    return date.fromisoformat(pinned) if pinned else date.today()
