"""People and access (admins only): who may do what and when they last signed in; grant, revoke."""

import pandas as pd
import streamlit as st

from tracker import access, formatting, usertext
from tracker.access_rules import Action
from tracker.errors import TrackerError
from tracker.models import Role
from tracker.store import queries
from tracker.ui import acting, widgets
from tracker.ui.cache import database

EVERY = "Every initiative"

st.title("People and access")
acting.require(Action.access)
st.caption(
    "An admin may do everything; an editor updates values, imports, milestones, check-ins and "
    "chart notes of their initiatives; a viewer reads the board pages. At least one admin must "
    "remain."
)
db = database()
state = st.session_state
done = state.pop("people_done", None)
if done:
    st.success(done)

listed = access.people_and_grants(db)
st.header("Who has access")
if listed.empty:
    st.info("Nobody has been granted a role yet.")
else:
    widgets.table(
        pd.DataFrame(
            {
                "Name": listed["name"],
                "Email": listed["email"],
                "Role": listed["role"].replace("", "no access"),
                "Initiative": [
                    scope or ("every" if role else "–")
                    for role, scope in zip(listed["role"], listed["scope"], strict=True)
                ],  # fmt: skip
                "Last sign-in": listed["last_sign_in"].map(
                    lambda at: formatting.uk_date(at) if pd.notna(at) else "never"
                ),
            }
        ),
        "people",
    )

st.header("Add a person")
st.caption(
    "Leads, sponsors and owners are people on this list, matched by name or email in "
    "workbooks; a person's email is how they sign in."
)
with st.form("people_add"):
    left, right = st.columns(2)
    name = left.text_input("Name", key="people_new_name")
    address = right.text_input("Email", key="people_new_email")
    if st.form_submit_button("Add person", key="people_add_submit"):
        try:
            added = access.add_person(db, name, address, acting.who())
        except TrackerError as err:
            st.error(f"Nothing was added: {usertext.markdown(err)}")
        else:
            state["people_done"] = f"{added.name} ({added.email}) is on the people list."
            st.rerun()

st.header("Grant a role")
codes = list(queries.initiatives(db)["code"])
with st.form("people_grant"):
    left, middle, right = st.columns(3)
    email = left.text_input("Email", key="people_email")
    role = middle.selectbox("Role", [r.value for r in Role], index=1, key="people_role")
    scope = right.selectbox(
        "Initiative", [EVERY, *codes], key="people_scope", help="An editor may have one initiative."
    )
    if st.form_submit_button("Grant", type="primary", key="people_grant_submit"):
        try:
            given = access.grant(db, email, role, None if scope == EVERY else scope, acting.who())
        except TrackerError as err:
            st.error(f"Nothing was granted: {usertext.markdown(err)}")
        else:
            where = f"initiative {given.scope}" if given.scope else "every initiative"
            state["people_done"] = f"{given.email} is now {given.role} of {where}."
            st.rerun()

held = listed[listed["role"] != ""]
if not held.empty:
    st.header("Revoke a role")
    labels = [
        f"{email} · {role}" + (f" of {scope}" if scope else "")
        for email, role, scope in zip(held["email"], held["role"], held["scope"], strict=True)
    ]
    with st.form("people_revoke"):
        chosen = st.selectbox("Role to revoke", range(len(labels)), format_func=labels.__getitem__,
                              key="people_revoke_choice")  # fmt: skip
        if st.form_submit_button("Revoke", key="people_revoke_submit"):
            row = held.iloc[chosen]
            try:
                access.revoke(db, row["email"], row["role"], row["scope"], acting.who())
            except TrackerError as err:
                st.error(f"Nothing was revoked: {usertext.markdown(err)}")
            else:
                state["people_done"] = f"{labels[chosen]}: revoked."
                st.rerun()
