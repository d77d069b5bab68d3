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
    "Updates": [
        st.Page("tracker/ui/pages/my_updates.py", title="My updates", icon="📬"),
        st.Page("tracker/ui/pages/update.py", title="Update", icon="✏️"),
        st.Page("tracker/ui/pages/import_data.py", title="Import", icon="📥"),
        st.Page("tracker/ui/pages/audit.py", title="Audit", icon="🧾"),
    ],
    "Board pack": [
        st.Page("tracker/ui/pages/board_pack.py", title="Board pack", icon="📑"),
    ],
    "Set-up": [
        st.Page("tracker/ui/pages/setup.py", title="Set-up", icon="🛠️"),
    ],
}

page = st.navigation(PAGES)
try:
    page.run()
except TrackerError as err:
    st.error(f"{err}")
