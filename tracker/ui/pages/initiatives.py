"""Initiatives: every initiative of the programme with its lead and status."""

import streamlit as st

from tracker.store import queries
from tracker.ui.cache import database

st.title("Initiatives")
table = queries.initiatives(database())
st.dataframe(
    table[["code", "name", "theme", "organisation", "lead", "status"]],
    hide_index=True,
    width="stretch",
)
