"""Initiative: aim and status, then tabs: summary, goals, measures, milestones, check-ins and the method."""

import streamlit as st

from tracker import initiative_view as view
from tracker import usertext
from tracker.store import queries
from tracker.ui import initiative_tabs, qi_tabs, widgets
from tracker.ui.cache import database, initiative

TABS = ["Summary", "Goals", "Measures", "Milestones", "Check-ins", "Driver diagram", "PDSA cycles"]
"""Tab labels are also the ?tab= values of links, so renaming one breaks old links."""

names = queries.initiatives(database())
code = widgets.code_from_query(
    "initiative", dict(zip(names["code"], names["name"], strict=True)), "Initiative", folded=True
)
if code is None:
    st.info("No initiatives yet: load a programme first (`tracker demo` or the set-up pages).")
    st.stop()
book = initiative(code, widgets.as_at())
item = book.initiatives.iloc[0]

st.title(f"{code} · {usertext.markdown(item['name'], inline=True)}")
st.markdown(f"**Aim.** {usertext.markdown(item['aim'])}")
for col, (label, value) in zip(st.columns(4), view.headline(item).items(), strict=True):
    col.metric(label, value, help=view.HEADLINE_HELP.get(label))
st.caption(view.header_caption(item))

# Only the open tab runs, and the summary has no chart: drawing the charts library alone takes
# about a second in the browser, and every SPC chart at once took several more.
summary, goals, measures, milestones, check_ins, diagram, cycles = st.tabs(
    TABS, key="tab", bind="query-params"
)
if summary.open:
    with summary:
        initiative_tabs.summary_tab(book)
if goals.open:
    with goals:
        initiative_tabs.goals_tab(book)
if measures.open:
    with measures:
        initiative_tabs.measures_tab(book, qi_tabs.method(code, widgets.as_at()))
if milestones.open:
    with milestones:
        initiative_tabs.milestones_tab(book)
if check_ins.open:
    with check_ins:
        initiative_tabs.check_ins_tab(book)
if diagram.open:
    with diagram:
        qi_tabs.diagram_tab(qi_tabs.method(code, widgets.as_at()))
if cycles.open:
    with cycles:
        qi_tabs.pdsa_tab(qi_tabs.method(code, widgets.as_at()))
