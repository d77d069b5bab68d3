"""The person a page acts for, what they may do, and a page's refusal when they may not."""

import streamlit as st

from tracker import access
from tracker.access_rules import Action, Standing
from tracker.errors import NotAllowed
from tracker.ui import cache, identity


def who() -> str:
    """Return who this page run acts as (their email; '' when nobody is signed in)."""
    return identity.current().email or ""


def standing() -> Standing:
    """Return what the person this page run acts for may do."""
    return access.standing(cache.database(), who())


def require(action: Action, initiative: str | None = None) -> None:
    """Stop the page with a message, showing nothing more, unless the person may do the action
    (on the initiative); the library checks again when anything is written."""
    try:
        access.check(cache.database(), who(), action, initiative)
    except NotAllowed as refused:
        st.error(f"{refused}".replace("nothing was written", "this page shows nothing more"))
        st.stop()
