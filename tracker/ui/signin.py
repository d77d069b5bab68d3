"""Who is signed in, on every page: the person's email and Sign out, or the local-mode notice."""

import streamlit as st

from tracker import access, usertext
from tracker.store.db import utc_now
from tracker.ui import cache
from tracker.ui.identity import LOCAL_MODE_NOTICE, Mode, Visitor

SIGNED_IN_KEY = "signed_in_recorded"
"""Session state: the email whose sign-in this browser session has recorded."""


def sidebar(visitor: Visitor) -> None:
    """Show in the sidebar who the app acts for and how to sign out."""
    if visitor.mode is Mode.local:
        st.sidebar.info(LOCAL_MODE_NOTICE, icon=":material/computer:")
        return
    who = usertext.markdown(visitor.email or "", inline=True)
    st.sidebar.caption(f"Signed in as {who}")
    if visitor.mode is Mode.oidc:
        st.sidebar.button("Sign out", icon=":material/logout:", on_click=st.logout)
    else:
        st.sidebar.caption(
            "To sign out, sign out of your organisation's sign-in and close the tab."
        )


def record(visitor: Visitor) -> None:
    """Record, once per browser session, that a signed-in person arrived (People and access
    shows their last sign-in); local mode is one person at this computer, not a sign-in."""
    if visitor.mode is Mode.local or visitor.email is None:
        return
    if st.session_state.get(SIGNED_IN_KEY) == visitor.email:
        return
    access.record_sign_in(cache.database(), visitor.email, utc_now())
    st.session_state[SIGNED_IN_KEY] = visitor.email
