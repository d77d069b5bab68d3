"""Set-up: create and change the programme and its initiatives; pausing or closing keeps history."""

import streamlit as st
from pydantic import BaseModel

from tracker.models import InitiativeStatus
from tracker.store import queries
from tracker.store.setup import Deletable
from tracker.ui import setup_editor as editors
from tracker.ui import setup_forms as forms
from tracker.ui import widgets
from tracker.ui.cache import database
from tracker.workbook.layout import INITIATIVES, PROGRAMME

KEPT = (
    "Its measures, data, goals, milestones and check-ins are all kept, and it can be made "
    "active again at any time."
)

db = database()
st.title("Set-up: programme and initiatives")
st.caption(
    "Create and change the programme and its initiatives. Codes are permanent identifiers, "
    "used in links such as ?initiative=UEC-01; every change is recorded in the audit log."
)
forms.show_flash()
# Read before the items: each form is based on it, so a save landing meanwhile is caught.
read_at = queries.write_counter(db)
programmes = queries.programmes(db)
initiatives = queries.initiatives(db)


def status_note(model: BaseModel) -> str:
    """Return what pausing or closing means when the initiative now has that status."""
    status = model.model_dump()["status"]
    if status in (InitiativeStatus.paused, InitiativeStatus.closed):
        return f"It is now {status.value}. {KEPT}"
    return ""


tab_initiatives, tab_programmes = st.tabs(["Initiatives", "Programmes"])
with tab_initiatives:
    if programmes.empty:
        st.info("Create the programme first, on the Programmes tab.", icon=":material/info:")
    else:
        code = editors.editor(
            "initiative",
            INITIATIVES,
            initiatives,
            noun="initiative",
            name_column="name",
            note=status_note,
            defaults={
                "programme": programmes["code"].iloc[0],
                "status": "active",
                "checkin_frequency": "monthly",
            },
            options={"programme": programmes["code"].tolist()},
            labels={"programme": editors.code_names(programmes, "name")},
            deletable=Deletable.initiative,
            read_at=read_at,
        )
        if code is not None:
            st.page_link(
                widgets.PAGES["initiative"],
                label=f"Open {code} on the board view",
                query_params={"initiative": code},
                icon=":material/open_in_new:",
            )
        st.caption(
            "Pausing or closing an initiative (its status) keeps all its history. Delete is "
            "only for an initiative created by mistake that holds nothing yet."
        )
with tab_programmes:
    editors.editor(
        "programme",
        PROGRAMME,
        programmes,
        noun="programme",
        name_column="name",
        deletable=Deletable.programme,
        read_at=read_at,
    )
