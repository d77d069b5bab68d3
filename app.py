"""Streamlit entry point: page set-up, navigation and the shared error panel; nothing else."""

import streamlit as st

from tracker.errors import TrackerError
from tracker.ui import widgets

st.set_page_config(page_title="Improvement tracker", page_icon=":material/show_chart:", layout="wide")

PAGES = {
    "Board view": [
        st.Page("tracker/ui/pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
        st.Page("tracker/ui/pages/exceptions.py", title="Exceptions", icon=":material/warning:"),
        st.Page("tracker/ui/pages/initiative.py", title="Initiative", icon=":material/flag:"),
        st.Page("tracker/ui/pages/measure.py", title="Measure", icon=":material/show_chart:"),
        st.Page("tracker/ui/pages/milestones.py", title="Milestones", icon=":material/event:"),
    ],
    "Updates": [
        st.Page("tracker/ui/pages/my_updates.py", title="My updates", icon=":material/inbox:"),
        st.Page("tracker/ui/pages/update.py", title="Update", icon=":material/edit_note:"),
        st.Page("tracker/ui/pages/import_data.py", title="Import", icon=":material/upload_file:"),
        st.Page("tracker/ui/pages/audit.py", title="Audit", icon=":material/history:"),
    ],
    "Board pack": [
        st.Page("tracker/ui/pages/board_pack.py", title="Board pack", icon=":material/slideshow:"),
    ],
    "Set-up": [
        st.Page("tracker/ui/pages/setup.py", title="Programme and initiatives", icon=":material/settings:"),
        st.Page("tracker/ui/pages/setup_measures.py", title="Measures and targets", icon=":material/rule:"),
        st.Page("tracker/ui/pages/setup_goals.py", title="Goals and milestones", icon=":material/task_alt:"),
        st.Page("tracker/ui/pages/setup_workbook.py", title="Programme workbook", icon=":material/table:"),
    ],
}

page = st.navigation(PAGES, expanded=True)
try:
    if page.url_path in {board.url_path for board in PAGES["Board view"]}:
        widgets.as_at_control()
        widgets.as_at_notice()
    page.run()
except TrackerError as err:
    st.error(f"{err}")
