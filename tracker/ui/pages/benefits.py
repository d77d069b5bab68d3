"""Benefits: this financial year's £ plan, actual and forecast, cumulative by month, and the
benefits counted in other units with their measures."""

import streamlit as st

from tracker import benefits, formatting
from tracker import registers_view as view
from tracker.charts.registers import cumulative_figure, cumulative_words
from tracker.ui import widgets
from tracker.ui.cache import registers

regs = registers(widgets.as_at())
st.title("Benefits")
last = regs.benefits.attrs["last_month"]
st.caption(
    f"{regs.year} to {formatting.uk_month(last)}, as at {formatting.uk_date(regs.today)}. "
    "Forecast outturn is the latest forecast given for the year (the plan where none was "
    "given); dis-benefits count against the totals."
)
if regs.benefits.empty:
    st.info("No benefits are recorded yet. Add them in the programme workbook or import a CSV.")
    st.stop()

st.header("Plan, actual and forecast in £")
widgets.grid(view.money_rows(regs), "benefit_money")

st.header("Cumulative by month against plan")
path = benefits.cumulative(regs.benefits, regs.months)
widgets.chart_with_words(
    cumulative_figure(path, f"£ benefits, {regs.year}, cumulative"),
    cumulative_words(path, regs.year),
    "benefit_cumulative",
)

st.header("Behind plan")
behind = view.behind_rows(regs)
st.caption(f"Benefits more than {benefits.BEHIND_SHARE:.0%} behind their plan year to date.")
if behind.empty:
    st.info("No benefit is behind plan.")
else:
    widgets.grid(behind, "benefit_behind")

st.header("Other benefits and their measures")
other = view.other_rows(regs)
if other.empty:
    st.info("Every benefit is counted in £.")
else:
    widgets.grid(other, "benefit_other")
