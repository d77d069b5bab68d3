"""The only Streamlit caching: the database, the portfolio and each initiative, keyed on writes."""

from datetime import date

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
    counter: int, today: str, preset: str, filters: reports.Filters
) -> reports.Portfolio:
    # Shared, not copied: a Portfolio is read-only, and copying the SPC tables per rerun would
    # cost more than computing them. `counter` is in the key so any write shows at once.
    return reports.portfolio(
        database(), date.fromisoformat(today), preset=Preset(preset), filters=filters
    )


def portfolio(filters: reports.Filters = reports.Filters()) -> reports.Portfolio:  # noqa: B008
    """Return the cached portfolio for today's data; recomputed after any write to the database."""
    counter = queries.write_counter(database())
    preset = st.session_state.get("spc_preset", get_settings().spc_rules)
    return _portfolio(counter, clock.today().isoformat(), preset, filters)


@st.cache_resource(show_spinner="Analysing the initiative's measures …", max_entries=32)
def _initiative(counter: int, code: str, today: str, preset: str) -> reports.Portfolio:
    # Only this initiative's rows: opening one initiative never waits for the whole portfolio.
    return reports.initiative_data(
        database(), code, date.fromisoformat(today), preset=Preset(preset)
    )


def initiative(code: str) -> reports.Portfolio:
    """Return the cached view model of one initiative; recomputed after any write."""
    counter = queries.write_counter(database())
    preset = st.session_state.get("spc_preset", get_settings().spc_rules)
    return _initiative(counter, code, clock.today().isoformat(), preset)


def warm() -> None:
    """Compute today's whole portfolio into the cache, as the overview will ask for it."""
    counter = queries.write_counter(database())
    _portfolio(counter, clock.today().isoformat(), get_settings().spc_rules, reports.Filters())


def clear() -> None:
    """Forget cached results (after a write made by this app)."""
    _portfolio.clear()
    _initiative.clear()
