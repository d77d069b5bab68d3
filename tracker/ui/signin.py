"""Who is signed in, on every page: the person's email and Sign out, or the local-mode notice."""

import streamlit as st

from tracker import usertext
from tracker.ui.identity import LOCAL_MODE_NOTICE, Mode, Visitor


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
