"""Audit: every create, change and withdrawal, filterable by person, initiative, entity and date."""

import json
from datetime import datetime, time

import pandas as pd
import streamlit as st

from tracker import clock, formatting
from tracker.importers.preview import shown
from tracker.store import queries
from tracker.ui.cache import database

SHOWN = 1_000
"""Newest rows shown: enough for any review; narrow the filters to see older ones."""

TABLE_HEIGHT = 640
"""Pixels: about 18 rows, a screenful for reading changes in order."""

EVERY = "All"
ENTITIES = {
    "data_point": "Measure value",
    "milestone_version": "Milestone",
    "check_in": "Check-in",
    "target": "Target",
    "measure": "Measure",
    "initiative": "Initiative",
    "goal": "Goal",
    "programme": "Programme",
    "annotation": "Annotation",
    "app_user": "User",
}
ACTIONS = {"create": "➕ Created", "update": "✎ Changed", "delete": "✖ Withdrawn"}


def readable(before: object, after: object) -> str:
    """Return a change as 'field old → new; …' (a creation lists its values; a withdrawal its old)."""
    old = json.loads(before) if isinstance(before, str) else {}
    new = json.loads(after) if isinstance(after, str) else {}
    if not old:
        return "; ".join(f"{k} {shown(_value(v))}" for k, v in new.items() if v not in ("", None))
    if not new:
        return "withdrawn: " + "; ".join(
            f"{k} {shown(_value(v))}" for k, v in old.items() if v not in ("", None)
        )
    return "; ".join(
        f"{k} {shown(_value(old.get(k)))} → {shown(_value(v))}"
        for k, v in new.items()
        if old.get(k) != v
    )


def _value(value: object) -> object:
    """Return ISO date text as a date, so it reads as 23 Nov 2026; anything else as it is."""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return formatting.as_date(value)
    return value


db = database()
st.title("Audit log")
st.caption("Every create, change and withdrawal, newest first, with what it was before and after.")
initiatives = queries.initiatives(db)
people = sorted(queries.audit_log(db, limit=2**62)["who"].unique())
cols = st.columns(4)
who = cols[0].selectbox("Person", [EVERY, *people], key="audit_who")
initiative = cols[1].selectbox("Initiative", [EVERY, *initiatives["code"]], key="audit_initiative")
entity = cols[2].selectbox(
    "What", [EVERY, *ENTITIES], format_func=lambda e: ENTITIES.get(e, e), key="audit_entity"
)
dates = cols[3].date_input(
    "Between", value=(), max_value=clock.today(), format="DD/MM/YYYY", key="audit_dates"
)

since = datetime.combine(dates[0], time.min) if len(dates) >= 1 else None
until = datetime.combine(dates[-1], time.max) if len(dates) == 2 else None
log = queries.audit_log(
    db,
    who=None if who == EVERY else who,
    entity=None if entity == EVERY else entity,
    since=since,
    until=until,
    limit=2**62 if initiative != EVERY else SHOWN,
)
if initiative != EVERY:
    measures = queries.measures(db)
    milestones = queries.milestones(db)
    goals = queries.goals(db)
    own = (
        {initiative}
        | set(measures.loc[measures["initiative"] == initiative, "code"])
        | set(milestones.loc[milestones["initiative"] == initiative, "code"])
        | set(goals.loc[goals["initiative"] == initiative, "code"])
    )
    # A measure value's audit code is "MEASURE PERIOD": its first word names the measure.
    log = log[log["code"].str.split(" ").str[0].isin(own)].head(SHOWN)

if log.empty:
    st.info("No audit rows match these filters.")
    st.stop()
st.caption(
    f"{len(log):,} row(s)"
    + (f" (the newest {SHOWN:,}; narrow the filters)" if len(log) == SHOWN else "")
)
view = pd.DataFrame(
    {
        "When (UTC)": log["at"].map(lambda t: f"{formatting.uk_date(t)} {t:%H:%M:%S}"),
        "Who": log["who"],
        "Action": log["action"].map(ACTIONS),
        "What": log["entity"].map(lambda e: ENTITIES.get(e, e)),
        "Code": log["code"],
        "Before → after": [
            readable(b, a) for b, a in zip(log["before"], log["after"], strict=True)
        ],
    }
)
st.dataframe(
    view,
    hide_index=True,
    key="audit",
    height=TABLE_HEIGHT,
    column_config={"Before → after": st.column_config.TextColumn(width="large")},
)
