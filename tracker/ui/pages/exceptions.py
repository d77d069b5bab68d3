"""Exceptions: what needs the board's attention, computed from the data, most severe first."""

import pandas as pd
import streamlit as st

from tracker import formatting
from tracker.ui import widgets
from tracker.ui.cache import portfolio

book = portfolio()
found = book.exceptions

st.title("Exceptions")
st.caption(
    f"{len(found)} items as at {formatting.uk_date(book.today)}: special cause concern, failing "
    "or hit-and-miss targets, goals off trajectory, late or slipped milestones (over 30 days), "
    "overdue data and check-ins. Select a row to open it."
)
kinds = sorted(found["kind"].unique())
chosen = st.multiselect(
    "Show", kinds, default=kinds, format_func=lambda k: formatting.EXCEPTION_TEXT.get(k, k)
)
shown = found[found["kind"].isin(chosen)].reset_index(drop=True)
view = pd.DataFrame(
    {
        "code": shown["code"],
        "Severity": shown["severity"].map(lambda s: "❗" * max(1, 4 - int(s)) + f" {s}"),
        "What": shown["kind"].map(lambda k: formatting.EXCEPTION_TEXT.get(k, k)),
        "Initiative": shown["initiative"],
        "Item": shown["title"],
        "Reason": shown["reason"],
        "page": shown["link_page"],
    }
)
event = st.dataframe(
    view,
    hide_index=True,
    on_select="rerun",
    selection_mode="single-row",
    column_order=["code", "Severity", "What", "Initiative", "Item", "Reason"],
    column_config={"Reason": st.column_config.TextColumn(width="large")},
    key="exceptions",
)
rows = event.selection.rows
if rows:
    row = view.iloc[rows[0]]
    if row["page"] == "measure":
        st.switch_page(widgets.PAGES["measure"], query_params={"measure": row["code"]})
    st.switch_page(widgets.PAGES["initiative"], query_params={"initiative": row["Initiative"]})
