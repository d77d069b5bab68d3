"""Overview: headline tiles, the MDC summary matrix and every initiative at a glance."""

from collections.abc import Iterable
from typing import Any

import pandas as pd
import streamlit as st

from tracker import formatting, reports, vocabulary
from tracker.charts import assurance_icon_text, variation_icon_text
from tracker.due import DueStatus
from tracker.models import MilestoneStatus
from tracker.progress import GoalStatus
from tracker.spc_settings import AssuranceIcon, VariationFamily
from tracker.store import queries
from tracker.ui import widgets
from tracker.ui.cache import database, portfolio

VARIATION_ROWS = {row: vocabulary.text(VariationFamily, row) for row in reports.MATRIX_VARIATION}
ASSURANCE_COLUMNS = {column: assurance_icon_text(column) for column in reports.MATRIX_ASSURANCE}
ASSURANCE_LABELS = {label: assurance for assurance, label in ASSURANCE_COLUMNS.items()}
MATRIX_CORNER = "Variation \\ Assurance"

st.title("Programme overview")
filters = widgets.portfolio_filters(queries.initiatives(database()))
book = portfolio(filters, widgets.as_at())
tiles = book.tiles
st.caption(
    f"As at {formatting.uk_date(book.today)} ({formatting.financial_year(book.today)}) · "
    f"SPC rules: {book.preset.value.upper()} · {tiles['initiatives']} initiatives, "
    f"{tiles['measures']} measures"
)

GOAL = vocabulary.GOAL_STATUSES
FAMILY = vocabulary.VARIATION_FAMILIES
TILES = [
    *(
        (
            f"{term.emoji} Initiatives {rag}",
            f"rag_{rag}",
            f"Initiatives whose latest check-in is rated {rag}.",
        )
        for rag, term in vocabulary.RAGS.items()
    ),
    (
        f"{GOAL[GoalStatus.on_track].symbol} Goals on track",
        "goals_on_track",
        "On track or achieved, computed from the data.",
    ),
    (
        f"{GOAL[GoalStatus.at_risk].symbol} Goals at risk",
        "goals_at_risk",
        "A little behind the trajectory, or signals of concern.",
    ),
    (
        f"{GOAL[GoalStatus.off_track].symbol} Goals off track",
        "goals_off_track",
        "Well behind the trajectory or failing the target.",
    ),
    (
        f"{FAMILY[VariationFamily.improvement].symbol} Measures improving",
        "measures_improvement",
        "Special cause improvement at the latest point.",
    ),
    (
        f"{FAMILY[VariationFamily.concern].symbol} Measures of concern",
        "measures_concern",
        "Special cause concern at the latest point.",
    ),
    (
        f"{vocabulary.ASSURANCE_ICONS[AssuranceIcon.fail].symbol} Failing their target",
        "assurance_fail",
        "Process limits do not reach the target.",
    ),
    (
        f"{vocabulary.MILESTONE_STATUSES[MilestoneStatus.late].symbol} Milestones late",
        "milestones_late",
        "Not complete and past their forecast date.",
    ),
    (
        f"{vocabulary.DUE_STATUSES[DueStatus.overdue].symbol} Updates overdue",
        "updates_overdue",
        "Data and check-ins past their due date.",
    ),
]
for start in (0, 6):
    strip = st.columns(6)
    for col, (label, key, explanation) in zip(strip, TILES[start : start + 6], strict=False):
        col.metric(label, tiles[key], help=explanation, border=True)

st.subheader("Making Data Count summary")
st.caption(
    "Variation (is it changing?) × assurance (will it meet the target?). "
    "Select a count to list its measures, or a row's name for the whole row."
)
counts = book.matrix.set_index(["variation", "assurance"])["n"]
matrix = pd.DataFrame(
    [
        [label, *(int(counts.get((variation, a), 0)) for a in ASSURANCE_COLUMNS)]
        for variation, label in VARIATION_ROWS.items()
    ],
    columns=[MATRIX_CORNER, *ASSURANCE_COLUMNS.values()],
)
picked = st.dataframe(
    matrix, hide_index=True, on_select="rerun", selection_mode="single-cell", key="matrix"
)
cells = picked.selection.cells
if cells:
    row, column = cells[0]
    variation = list(VARIATION_ROWS)[row]
    assurance = ASSURANCE_LABELS.get(column)
    chosen = reports.matrix_members(book.measures, variation, assurance)
    heading = VARIATION_ROWS[variation] + (f" · {column}" if assurance else "")
    st.markdown(f"**{len(chosen)} measure(s): {heading}** — select a row to open the measure.")
    listing = pd.DataFrame(
        {
            "Code": chosen["code"],
            "Measure": chosen["name"],
            "Initiative": chosen["initiative"],
            "Variation": chosen["variation_icon"].map(variation_icon_text),
            "Assurance": chosen["assurance_icon"].map(assurance_icon_text),
        }
    ).reset_index(drop=True)
    event = st.dataframe(
        listing, hide_index=True, on_select="rerun", selection_mode="single-row", key="cell_list"
    )
    widgets.open_selected(event, listing, "measure", "measure")

st.subheader("Initiatives")
table = book.initiatives
# pandas types a row's fields as any scalar; these are the initiative table's columns.
records: Iterable[Any] = table.itertuples()
view = pd.DataFrame(
    {
        "Code": table["code"],
        "Initiative": table["name"],
        "Lead": table["lead"],
        "Status": table["status"].str.capitalize(),
        "RAG": table["rag"].map(widgets.rag_text),
        "Confidence": table["confidence"].map(lambda c: "–" if pd.isna(c) else f"{int(c)} / 5"),
        "Goals": [
            f"{GOAL[GoalStatus.on_track].symbol} {r.goals_on_track + r.goals_achieved} "
            f"{GOAL[GoalStatus.at_risk].symbol} {r.goals_at_risk} "
            f"{GOAL[GoalStatus.off_track].symbol} {r.goals_off_track}"
            for r in records
        ],
        "Last check-in": table["last_check_in"].map(formatting.uk_date),
        "Check-in": table["check_in_overdue"].map(
            lambda o: vocabulary.text(DueStatus, DueStatus.overdue) if o else "✔ Up to date"
        ),
    }
)
st.caption("Select a row to open the initiative.")
event = st.dataframe(
    view, hide_index=True, on_select="rerun", selection_mode="single-row", key="initiatives"
)
widgets.open_selected(event, view, "initiative", "initiative")
