"""Set-up: create and change measures, add target revisions (never overwriting) and chart annotations."""

from typing import cast

import streamlit as st
from pydantic import BaseModel

from tracker import setup_edits as edits
from tracker.measure_view import annotation_rows
from tracker.models import Annotation, Target
from tracker.store import queries
from tracker.store.setup import Deletable
from tracker.ui import setup_editor as editors
from tracker.ui import setup_forms as forms
from tracker.ui import widgets
from tracker.ui.cache import database
from tracker.workbook.layout import ANNOTATIONS, MEASURES, TARGETS

NEW_MEASURE = {
    "type": "outcome", "unit": "%", "direction": "increase", "frequency": "monthly",
    "decimals": 1, "update_lag_days": 10,
}  # fmt: skip
"""What a new measure's form starts with: the commonest choices in the sample programme."""

db = database()
st.title("Set-up: measures and targets")
st.caption(
    "Measures with their operational definitions, their targets and the notes on their charts. "
    "A target revision never overwrites an earlier one: both are kept, each with its reason."
)
forms.show_flash()
# Read before the items: each form is based on it, so a save landing meanwhile is caught.
read_at = queries.write_counter(db)
initiatives = queries.initiatives(db)
measures = queries.measures(db)

tab_measures, tab_targets, tab_notes = st.tabs(["Measures", "Targets", "Chart annotations"])
with tab_measures:
    if initiatives.empty:
        st.info("Create an initiative first (Set-up › Initiatives).")
    else:
        code = editors.editor(
            "measure",
            MEASURES,
            measures,
            noun="measure",
            name_column="name",
            defaults={"initiative": initiatives["code"].iloc[0], **NEW_MEASURE},
            options={"initiative": initiatives["code"].tolist()},
            labels={"initiative": editors.code_names(initiatives, "name")},
            deletable=Deletable.measure,
            read_at=read_at,
        )
        if code is not None:
            st.page_link(
                widgets.PAGES["measure"],
                label=f"Open {code}'s chart",
                query_params={"measure": code},
                icon=":material/open_in_new:",
            )

with tab_targets:
    if measures.empty:
        st.info("Create a measure first, on the Measures tab.")
    else:
        code = editors.measure_choice(measures, "target_measure")
        history = queries.target_history(db, code)
        if history.empty:
            st.write("No targets yet.")
        else:
            measure = measures[measures["code"] == code].iloc[0]
            unit, decimals = str(measure["unit"]), int(measure["decimals"])
            st.dataframe(
                edits.target_rows(history, unit, decimals),
                hide_index=True,
                key="target_history",
            )
        st.header("New target revision")
        st.caption(
            "A new effective date adds a revision from that date. Entering the same effective "
            "date again replaces that revision's current version; the earlier one stays in the "
            "history above."
        )
        base = f"target_{code}"
        key = forms.form_key(base, None)
        values = forms.form(
            key, TARGETS, {"set_by": forms.author()}, "Save target revision",
            hidden=frozenset({"measure"}), read_at=read_at,
        )  # fmt: skip
        if values is not None:

            def save_target(model: BaseModel, based_on: int | None) -> str:
                """Return the message after recording the revision."""
                message = edits.record_target(db, forms.author(), cast(Target, model), based_on)
                forms.fresh(base)
                return message

            forms.save(key, TARGETS, {**values, "measure": code}, save_target)

with tab_notes:
    if measures.empty:
        st.info("Create a measure first, on the Measures tab.")
    else:
        code = editors.measure_choice(measures, "note_measure")
        notes = queries.annotations(db)
        notes = notes[notes["measure"] == code]
        if notes.empty:
            st.write("No annotations on this chart yet.")
        else:
            st.dataframe(annotation_rows(notes), hide_index=True, key="notes")
        st.header("New annotation")
        st.caption(
            "A recalculation starts new process limits from its date and needs a reason; a "
            "baseline fixes the limits on the points up to its date; an intervention or note "
            "only labels the chart. Giving the date and kind of one already on the chart changes "
            "its label and reason (the audit log keeps the old)."
        )
        base = f"note_{code}"
        key = forms.form_key(base, None)
        values = forms.form(
            key, ANNOTATIONS, {"kind": "intervention"}, "Add annotation",
            hidden=frozenset({"measure"}),
        )  # fmt: skip
        if values is not None:

            def save_note(model: BaseModel, based_on: int | None) -> str:
                """Return the message after adding the annotation."""
                note = cast(Annotation, model)
                message = edits.record_annotation(db, forms.author(), note, based_on)
                forms.fresh(base)
                return message

            forms.save(key, ANNOTATIONS, {**values, "measure": code}, save_note)
