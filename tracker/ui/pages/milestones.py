"""Milestones: the programme-wide timeline with late and slipped items, and the next 90 days."""

import pandas as pd
import streamlit as st

from tracker import charts, formatting, vocabulary
from tracker.charts import describe
from tracker.progress import SLIP_THRESHOLD_DAYS, SOON_DAYS, milestone_lists
from tracker.ui import widgets
from tracker.ui.cache import portfolio

book = portfolio(as_at=widgets.as_at())
milestones = book.milestones
st.title("Milestones")
left, right = st.columns(2)
initiatives = left.multiselect("Initiative", sorted(milestones["initiative"].unique()))
owners = right.multiselect("Owner", sorted(milestones["owner"].unique()))
lists = milestone_lists(milestones, initiatives, owners)
shown = lists.chosen
cols = st.columns(3)
cols[0].metric("Late", len(lists.late))
cols[1].metric(f"Slipped over {SLIP_THRESHOLD_DAYS} days", len(lists.slipped))
cols[2].metric("Complete", f"{lists.complete:,} of {len(shown):,}")
if shown.empty:
    st.info("No milestones match the filters.")
    st.stop()
# A page of the timeline at a time: a whole ICS's thousands of rows drew a chart too tall to
# read and never finished drawing.
drawn = widgets.page_of(charts.in_timeline_order(shown), "gantt")
widgets.chart_with_words(
    charts.milestone_gantt(drawn, book.today),
    describe.milestone_words(drawn, book.today),
    key="gantt",
)
st.markdown("**Open an initiative's milestones**")
with st.container(horizontal=True):
    for initiative in sorted(drawn["initiative"].unique()):
        st.page_link(
            widgets.PAGES["initiative"],
            label=initiative,
            icon=":material/flag:",
            query_params={"initiative": initiative, "tab": "Milestones"},
        )


def table(frame: pd.DataFrame) -> pd.DataFrame:
    """Return milestones as a readable table with UK dates and words for state."""
    return pd.DataFrame(
        {
            "Milestone": frame["code"],
            "Initiative": frame["initiative"],
            "Title": frame["title"],
            "Owner": frame["owner"],
            "Baseline": frame["baseline_date"].map(formatting.uk_date),
            "Forecast": frame["forecast_date"].map(formatting.uk_date),
            "Slip": frame["slip_days"].map(lambda d: f"{int(d)} days" if d > 0 else "–"),
            "State": [
                vocabulary.milestone_state(status, late)
                for status, late in zip(frame["status"], frame["is_late"], strict=True)
            ],
            "Why it moved": frame["change_reason"],
        }
    )


sections = [
    ("soon", f"Due in the next {SOON_DAYS} days", lists.soon),
    ("late", "Late", lists.late),
    ("slipped", f"Slipped over {SLIP_THRESHOLD_DAYS} days, not yet late", lists.slipped),
]
# ?show= (from an overview tile) puts the list it names first
asked = st.query_params.get("show")
for key, heading, frame in sorted(sections, key=lambda s: s[0] != asked):
    st.header(heading)
    widgets.table(table(frame), key)
