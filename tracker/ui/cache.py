"""The only Streamlit caching: the database, the portfolio and each initiative, keyed on writes."""

from datetime import date, datetime

import streamlit as st

from tracker import clock, reports
from tracker.config import get_settings
from tracker.spc import Preset
from tracker.store import Database, queries


@st.cache_resource(show_spinner=False)
def database() -> Database:
    """Return the process's one Database (each thread reads through its own cursor)."""
    return Database(get_settings().db)


@st.cache_resource(show_spinner="Analysing every measure …", max_entries=8)
def _portfolio(
    counter: int, today: str, preset: str, filters: reports.Filters, as_at: str
) -> reports.Portfolio:
    # Shared, not copied: a Portfolio is read-only, and copying the SPC tables per rerun would
    # cost more than computing them. `counter` is in the key so any write shows at once.
    day = date.fromisoformat(as_at or today)
    return reports.portfolio(
        database(), day, as_of=_as_of(as_at), preset=Preset(preset), filters=filters
    )


def _as_of(as_at: str) -> datetime | None:
    return clock.end_of(date.fromisoformat(as_at)) if as_at else None


def portfolio(
    filters: reports.Filters = reports.Filters(),  # noqa: B008
    as_at: date | None = None,
) -> reports.Portfolio:
    """Return the cached portfolio for today's data; recomputed after any write to the database.

    With `as_at` (a past day), every table is as it had been recorded by the end of that day,
    and goal status, lateness and overdue updates are judged on that day.
    """
    counter = queries.write_counter(database())
    preset = st.session_state.get("spc_preset", get_settings().spc_rules)
    day = as_at.isoformat() if as_at else ""
    return _portfolio(counter, clock.today().isoformat(), preset, filters, day)


@st.cache_resource(show_spinner="Analysing the initiative's measures …", max_entries=32)
def _initiative(counter: int, code: str, today: str, preset: str, as_at: str) -> reports.Portfolio:
    # Only this initiative's rows: opening one initiative never waits for the whole portfolio.
    day = date.fromisoformat(as_at or today)
    return reports.initiative_data(
        database(), code, day, as_of=_as_of(as_at), preset=Preset(preset)
    )


def initiative(code: str, as_at: date | None = None) -> reports.Portfolio:
    """Return the cached view model of one initiative (as at a past day if given)."""
    counter = queries.write_counter(database())
    preset = st.session_state.get("spc_preset", get_settings().spc_rules)
    day = as_at.isoformat() if as_at else ""
    return _initiative(counter, code, clock.today().isoformat(), preset, day)


def warm() -> None:
    """Compute today's whole portfolio into the cache, as the overview will ask for it."""
    counter = queries.write_counter(database())
    _portfolio(counter, clock.today().isoformat(), get_settings().spc_rules, reports.Filters(), "")


def clear() -> None:
    """Forget cached results (after a write made by this app)."""
    _portfolio.clear()
    _initiative.clear()
