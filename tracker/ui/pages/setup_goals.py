"""Set-up: create and change goals and milestones; a moved forecast keeps the earlier one."""

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from tracker import formatting
from tracker.store import queries
from tracker.store.setup import Deletable
from tracker.ui import setup_editor as editors
from tracker.ui import setup_forms as forms
from tracker.ui import widgets
from tracker.ui.cache import database
from tracker.workbook.layout import GOALS, MILESTONES

db = database()
st.title("Set-up: goals and milestones")
st.caption(
    "Goals move a measure from a baseline to a target by a date; milestones are dated "
    "deliverables. A milestone's baseline date is fixed once agreed; moving its forecast keeps "
    "the earlier forecast in its history."
)
forms.show_flash()
# Read before the items: each form is based on it, so a save landing meanwhile is caught.
read_at = queries.write_counter(db)
initiatives = queries.initiatives(db)
measures = queries.measures(db)
goals = queries.goals(db)
milestones = queries.milestones(db)
initiative_names = editors.code_names(initiatives, "name")


def forecast_needs_reason(
    values: Mapping[str, object], stored: Mapping[str, object] | None
) -> forms.Problems:
    """Return a problem when the forecast moved but the reason was left as it was."""
    if stored is None or values.get("forecast_date") == stored.get("forecast_date"):
        return {}
    reason = str(values.get("change_reason") or "").strip()
    if reason and reason != str(stored.get("change_reason") or "").strip():
        return {}
    return {
        "change_reason": [
            "the forecast date moved; say why here (the earlier forecast is kept in the history)"
        ]
    }


tab_goals, tab_milestones = st.tabs(["Goals", "Milestones"])
with tab_goals:
    if measures.empty:
        st.info("Create a measure first (Set-up › Measures and targets).")
    else:
        editors.editor(
            "goal",
            GOALS,
            goals,
            noun="goal",
            name_column="statement",
            defaults={"initiative": initiatives["code"].iloc[0]},
            options={
                "initiative": initiatives["code"].tolist(),
                "measure": measures["code"].tolist(),
            },
            labels={
                "initiative": initiative_names,
                "measure": editors.code_names(measures, "name"),
            },
            deletable=Deletable.goal,
            read_at=read_at,
        )

with tab_milestones:
    if initiatives.empty:
        st.info("Create an initiative first (Set-up › Initiatives).")
    else:
        code = editors.editor(
            "milestone",
            MILESTONES,
            milestones,
            noun="milestone",
            name_column="title",
            defaults={"initiative": initiatives["code"].iloc[0], "status": "not started"},
            options={"initiative": initiatives["code"].tolist()},
            labels={"initiative": initiative_names},
            fixed_on_edit=frozenset({"code", "initiative", "baseline_date"}),
            deletable=Deletable.milestone,
            check=forecast_needs_reason,
            read_at=read_at,
        )
        if code is not None:
            history = queries.milestone_history(db, code)
            with st.expander(f"History of {code} ({len(history)} version(s))"):
                widgets.table(  # each reason read in full
                    pd.DataFrame(
                        {
                            "Recorded": history["recorded_at"].map(formatting.uk_date),
                            "By": history["recorded_by"],
                            "Forecast": history["forecast_date"].map(formatting.uk_date),
                            "Status": history["status"].str.capitalize(),
                            "Why it moved": history["change_reason"],
                        }
                    ),
                    "milestone_history",
                )
