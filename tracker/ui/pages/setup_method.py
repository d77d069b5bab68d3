"""Set-up: an initiative's driver diagram (add, rename, link, reorder, delete) and its PDSA plans."""

import streamlit as st

from tracker.store import queries
from tracker.ui import method_forms, qi_tabs, widgets
from tracker.ui.cache import database

db = database()
names = queries.initiatives(db)
st.title("Set-up: driver diagrams and PDSA cycles")
st.caption(
    "The theory of change: primary drivers serve the aim, secondary drivers serve primary ones, "
    "change ideas serve secondary ones, each link strong or hypothesised. Every change is kept "
    "in the history and the audit log."
)
code = widgets.code_from_query(
    "initiative", dict(zip(names["code"], names["name"], strict=True)), "Initiative"
)
if code is None:
    st.info("No initiatives yet: create one on the Initiatives set-up page first.")
    st.stop()
said = st.session_state.pop("method_saved", None)
if said:
    st.success(said)
found = qi_tabs.method(code, None)
measures = queries.initiative_measures(db, code)["code"].tolist()
method_forms.node_form(code, found, measures)
method_forms.cycle_form(code, found, measures)
st.page_link(
    widgets.PAGES["initiative"],
    label=f"Open {code}'s PDSA cycles",
    query_params={"initiative": code, "tab": "PDSA cycles"},
    icon=":material/open_in_new:",
)
