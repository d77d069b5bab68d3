"""The only Streamlit caching: one database per process, and report results keyed on the write counter."""

import streamlit as st

from tracker.config import get_settings
from tracker.store import Database, queries


@st.cache_resource(show_spinner=False)
def database() -> Database:
    """Return the process's one Database (each thread reads through its own cursor)."""
    return Database(get_settings().db)


def write_counter() -> int:
    """Return the database's write counter: cached results are keyed on it, so writes show at once."""
    return queries.write_counter(database())
