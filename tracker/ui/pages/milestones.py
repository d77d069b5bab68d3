"""Milestones: the programme-wide timeline with late and slipped items, and the next 90 days."""

import pandas as pd
import streamlit as st

from tracker import charts, formatting
from tracker.progress import SLIP_THRESHOLD_DAYS
from tracker.ui import widgets
from tracker.ui.cache import portfolio

SOON_DAYS = 90
"""The look-ahead a board asks for: the next quarter."""

book = portfolio(as_at=widgets.as_at())
milestones = book.milestones
st.title("Milestones")
left, right = st.columns(2)
initiatives = left.multiselect("Initiative", sorted(milestones["initiative"].unique()))
owners = right.multiselect("Owner", sorted(milestones["owner"].unique()))
shown = milestones
if initiatives:
    shown = shown[shown["initiative"].isin(initiatives)]
if owners:
    shown = shown[shown["owner"].isin(owners)]

late, slipped = shown[shown["is_late"]], shown[shown["is_slipped"]]
complete = int((shown["status"] == "complete").sum())
cols = st.columns(3)
cols[0].metric("Late", len(late))
cols[1].metric(f"Slipped over {SLIP_THRESHOLD_DAYS} days", len(slipped))
cols[2].metric("Complete", f"{complete} of {len(shown)}")
if shown.empty:
    st.info("No milestones match the filters.")
    st.stop()
st.plotly_chart(charts.milestone_gantt(shown, book.today), key="gantt")


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
                "✔ Complete" if status == "complete" else "⚠ Late" if late else status.capitalize()
                for status, late in zip(frame["status"], frame["is_late"], strict=True)
            ],
            "Why it moved": frame["change_reason"],
        }
    )


st.subheader(f"Due in the next {SOON_DAYS} days")
soon = shown[(shown["status"] != "complete") & shown["due_in_days"].between(0, SOON_DAYS)]
st.dataframe(table(soon.sort_values("forecast_date")), hide_index=True)
st.subheader("Late")
st.dataframe(table(late.sort_values("forecast_date")), hide_index=True)
st.subheader(f"Slipped over {SLIP_THRESHOLD_DAYS} days, not yet late")
slipped = slipped.sort_values("slip_days", ascending=False)
st.dataframe(table(slipped), hide_index=True)
