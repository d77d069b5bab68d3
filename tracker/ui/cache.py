"""The only Streamlit caching: one database per process, and the portfolio keyed on the write counter."""

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


def clear() -> None:
    """Forget cached results (after a write made by this app)."""
    _portfolio.clear()
