"""Set-up: create and change measures, add target revisions (never overwriting) and chart annotations."""

from typing import Any, cast

import pandas as pd
import streamlit as st
from pydantic import BaseModel

from tracker import formatting, usertext
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
units = measures.set_index("code")[["unit", "decimals"]] if not measures.empty else None


def shown(value: float, measure: str) -> str:
    """Return a value in the measure's unit, UK style."""
    assert units is not None
    row: Any = units.loc[measure]  # codes are unique, so one row of a unit and decimals
    return formatting.number(value, row["unit"], int(row["decimals"]))


def target_table(history: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Return every target version of one measure as the page shows it."""
    return pd.DataFrame(
        {
            "Target": [shown(v, measure) for v in history["value"]],
            "From": history["effective_from"].map(formatting.uk_date),
            "To": history["effective_to"].map(formatting.uk_date),
            "Reason": history["reason"],
            "Set by": history["set_by"],
            "Recorded": [
                f"{formatting.uk_date(at)} by {who}"
                for at, who in zip(history["recorded_at"], history["recorded_by"], strict=True)
            ],
            "State": [
                "✔ Current" if current else f"↺ Replaced {formatting.uk_date(at)}"
                for current, at in zip(history["is_current"], history["superseded_at"], strict=True)
            ],  # fmt: skip
        }
    )


tab_measures, tab_targets, tab_notes = st.tabs(["Measures", "Targets", "Chart annotations"])
with tab_measures:
    if initiatives.empty:
        st.info("Create an initiative first (Set-up › Programme and initiatives).")
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
            st.dataframe(target_table(history, code), hide_index=True, key="target_history")
        st.subheader("New target revision")
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
                outcome = forms.store(model, based_on)
                forms.fresh(base)
                target = cast(Target, model)
                if outcome == "unchanged":
                    return f"That target revision is already recorded for {code}; nothing saved."
                return (
                    f"Target for {code} saved: {shown(target.value, target.measure)} from "
                    f"{formatting.uk_date(target.effective_from)}. Earlier revisions are kept."
                )

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
            st.dataframe(
                pd.DataFrame(
                    {
                        "Date": notes["date"].map(formatting.uk_date),
                        "Kind": notes["kind"].str.capitalize(),
                        "Label": notes["label"],
                        "Reason": notes["reason"],
                    }
                ),
                hide_index=True,
                key="notes",
            )
        st.subheader("New annotation")
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
                outcome = forms.store(model, based_on)
                forms.fresh(base)
                note = cast(Annotation, model)
                if outcome == "unchanged":
                    return f"That annotation is already on {code}; nothing added."
                label = usertext.markdown(note.label, inline=True)
                if outcome == "changed":
                    return (
                        f"Changed the {note.kind.value} of {formatting.uk_date(note.date)} on "
                        f"{code} to '{label}'."
                    )
                return f"Added the {note.kind.value} '{label}' to {code}."

            forms.save(key, ANNOTATIONS, {**values, "measure": code}, save_note)
