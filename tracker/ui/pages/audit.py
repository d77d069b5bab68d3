"""Audit: every create, change and withdrawal, filterable by person, initiative, entity and date."""

import pandas as pd
import streamlit as st

from tracker import audit_trail, clock, formatting, vocabulary
from tracker.store import queries
from tracker.ui import widgets
from tracker.ui.cache import database

EVERY = "All"
KINDS = [e for e in vocabulary.RECORDS if e != "milestone"]
"""The kinds of record to filter by; a milestone's identity row is audited only when it is
deleted, and its changes are filed under its versions."""


db = database()
st.title("Audit log")
st.caption("Every create, change and withdrawal, newest first, with what it was before and after.")
initiatives = queries.initiatives(db)
people = audit_trail.authors(db)
cols = st.columns(4)
who = cols[0].selectbox("Person", [EVERY, *people], key="audit_who")
initiative = cols[1].selectbox("Initiative", [EVERY, *initiatives["code"]], key="audit_initiative")
entity = cols[2].selectbox(
    "What",
    [EVERY, *KINDS],
    format_func=lambda e: e if e == EVERY else vocabulary.record_words(e),
    key="audit_entity",
)
dates = cols[3].date_input(
    "Between", value=[], max_value=clock.today(), format="DD/MM/YYYY", key="audit_dates"
)

trail = audit_trail.audit_trail(
    db,
    who=None if who == EVERY else who,
    initiative=None if initiative == EVERY else initiative,
    entity=None if entity == EVERY else entity,
    since=dates[0] if len(dates) >= 1 else None,
    until=dates[-1] if len(dates) == 2 else None,
)
log = trail.rows
if log.empty:
    st.info("No audit rows match these filters.")
    st.stop()
st.caption(
    f"The newest {len(log):,} rows: older ones match too; narrow the filters to see them."
    if trail.more
    else f"{len(log):,} row(s)"
)
view = pd.DataFrame(
    {
        "When (UTC)": log["at"].map(lambda t: f"{formatting.uk_date(t)} {t:%H:%M:%S}"),
        "Who": log["who"],
        "Action": log["action"].map(audit_trail.ACTIONS),
        "Record": log["record"],
        "Before → after": log["change"],
    }
)
widgets.table(view, "audit")  # long before → after texts wrap, read in full
