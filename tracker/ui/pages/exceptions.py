"""Exceptions: what needs the board's attention, computed from the data, most severe first."""

import pandas as pd
import streamlit as st

from tracker import formatting, registers_view, usertext, vocabulary
from tracker.attention import ExceptionKind
from tracker.progress import SLIP_THRESHOLD_DAYS
from tracker.ui import widgets
from tracker.ui.cache import portfolio, registers

book = portfolio(as_at=widgets.as_at())
found = registers_view.exceptions(
    book.exceptions, registers(widgets.as_at()), book.initiatives["code"]
)

st.title("Exceptions")
st.caption(
    f"{len(found):,} items as at {formatting.uk_date(book.today)}: special cause concern, failing "
    "or hit-and-miss targets, goals off trajectory, late or slipped milestones (over "
    f"{SLIP_THRESHOLD_DAYS} days), overdue data and check-ins, and from the registers: risks "
    "above the escalation line, rising, or with reviews or actions overdue; benefits behind plan "
    "or claimed while their measure shows concern; and PDSA cycles awaiting their study, or "
    "initiatives with no PDSA in 90 days. Open any item to see its chart, initiative or register."
)
kinds = sorted(found["kind"].unique())
# ?kind= (from an overview tile) starts the list at the kinds it names
asked = [k for k in kinds if k in st.query_params.get_all("kind")]
chosen = st.multiselect(
    "Show", kinds, default=asked or kinds, format_func=lambda k: vocabulary.label(ExceptionKind, k)
)
shown = found[found["kind"].isin(chosen)].reset_index(drop=True)
INITIATIVE_TABS = {
    ExceptionKind.goal_off_track: "Goals",
    ExceptionKind.milestone_late: "Milestones",
    ExceptionKind.milestone_slipped: "Milestones",
    ExceptionKind.checkin_overdue: "Check-ins",
    ExceptionKind.pdsa_awaiting_study: "PDSA cycles",
    ExceptionKind.pdsa_none_in_90_days: "PDSA cycles",
}
"""Kinds whose item sits on one tab of the initiative page → that tab (its ?tab= value)."""


def link(row: pd.Series) -> tuple[str, dict[str, str]]:
    """Return the page and query parameters that open an exception's measure, or the tab of its
    initiative that holds the goal, milestone or check-in."""
    if row["link_page"] == "measure":
        return widgets.PAGES["measure"], {"measure": row["code"]}
    if row["link_page"] in ("risks", "benefits"):
        return widgets.PAGES[row["link_page"]], {}
    params = {"initiative": row["initiative"]}
    if row["kind"] in INITIATIVE_TABS:
        params["tab"] = INITIATIVE_TABS[row["kind"]]
    return widgets.PAGES["initiative"], params


as_list, as_table = st.tabs(["By kind", "As a table"])
with as_list:
    for kind, items in shown.groupby("kind", sort=False):
        with st.container(border=True):
            st.markdown(f"**{vocabulary.text(ExceptionKind, kind)}** · {len(items):,}")
            # A page of each kind at a time: a whole ICS's 9,000 items never finished drawing.
            for _, row in widgets.page_of(items, f"kind_{kind}").iterrows():
                left, right = st.columns([5, 1])
                left.markdown(
                    f"**{row['code']}** · {usertext.markdown(row['title'], inline=True)} — "
                    f"{usertext.markdown(row['reason'], inline=True)}"
                )
                page, params = link(row)
                right.page_link(page, label="Open", icon=":material/open_in_new:",
                                query_params=params)  # fmt: skip

with as_table:
    # Without the reasons, which "By kind" gives in full: a grid row cannot wrap them
    st.caption('Select a row to open its chart or initiative; "By kind" gives each reason.')
    listed = widgets.page_of(shown, "exceptions")
    event = st.dataframe(
        pd.DataFrame(
            {
                "Code": listed["code"],
                "Severity": listed["severity"],
                "What": listed["kind"].map(lambda k: vocabulary.label(ExceptionKind, k)),
                "Initiative": listed["initiative"],
                "Item": listed["title"],
            }
        ),
        hide_index=True,
        height="content",
        on_select="rerun",
        selection_mode="single-row",
        key="exceptions",
    )
    rows = event.selection.rows
    if rows:
        page, params = link(listed.iloc[rows[0]])
        st.switch_page(page, query_params=params)
