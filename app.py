"""Streamlit entry point: page set-up, navigation and the shared error panel; nothing else."""

import streamlit as st

from tracker.errors import TrackerError

st.set_page_config(page_title="Improvement tracker", page_icon="📈", layout="wide")

PAGES = {
    "Board view": [
        st.Page("tracker/ui/pages/overview.py", title="Overview", icon="📊", default=True),
        st.Page("tracker/ui/pages/exceptions.py", title="Exceptions", icon="⚠️"),
        st.Page("tracker/ui/pages/initiative.py", title="Initiative", icon="🎯"),
        st.Page("tracker/ui/pages/measure.py", title="Measure", icon="📈"),
        st.Page("tracker/ui/pages/milestones.py", title="Milestones", icon="🗓️"),
    ],
}

page = st.navigation(PAGES)
try:
    page.run()
except TrackerError as err:
    st.error(f"{err}")
