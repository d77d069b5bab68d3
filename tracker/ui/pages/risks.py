"""Risks: the 5 × 5 heat map of current scores, movement since the last pack, and the register."""

import streamlit as st

from tracker import formatting
from tracker import registers_view as view
from tracker.charts.registers import heat_map_figure, heat_map_words
from tracker.risks import heat_map
from tracker.ui import widgets
from tracker.ui.cache import registers

regs = registers(widgets.as_at())
st.title("Risks")
live = regs.risks[regs.risks["status"] == "open"]
since = (
    f"movement is since the last pack (cut-off {formatting.uk_date(regs.last_pack)})"
    if regs.last_pack
    else "no pack is published yet, so every risk counts as new"
)
st.caption(
    f"{len(live)} open risks as at {formatting.uk_date(regs.today)}, "
    f"{len(view.above_line(regs))} at or above the board's escalation line. Scores are "
    "likelihood × consequence on the NHS 5 × 5 matrix; " + since + "."
)
if regs.risks.empty:
    st.info("No risks are recorded yet. Add them in the programme workbook or import a CSV.")
    st.stop()

st.header("Heat map of current scores")
cells = view.heat_map_cells(regs)
widgets.chart_with_words(
    heat_map_figure(heat_map(regs.risks), view.bands(regs), "Open risks by current score"),
    heat_map_words(heat_map(regs.risks), cells),
    "risk_heat_map",
)
filled = cells[cells["count"] > 0]
st.caption("Each cell's risks, highest score first.")
widgets.grid(filled.rename(columns=str.capitalize), "heat_map_cells")

st.header("Movement since the last pack")
moved = view.movement_rows(regs)
if regs.last_pack is None:
    st.info("No board pack is published yet: movement is measured from the last published pack.")
elif moved.empty:
    st.info("No open risk's score has moved since the last pack.")
else:
    widgets.grid(moved, "risk_movement")

st.header("Risk register")
st.caption("Open risks, highest current score first.")
widgets.grid(view.register_rows(regs), "risk_register")
