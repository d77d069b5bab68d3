"""Streamlit entry point: page set-up, navigation and the shared error panel; nothing else."""

import streamlit as st

from tracker.errors import TrackerError

st.set_page_config(page_title="Improvement tracker", page_icon="📈", layout="wide")

PAGES = [
    st.Page("tracker/ui/pages/initiatives.py", title="Initiatives", icon="📋", default=True),
]

page = st.navigation(PAGES)
try:
    page.run()
except TrackerError as err:
    st.error(str(err))
