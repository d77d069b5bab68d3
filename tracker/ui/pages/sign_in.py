"""Sign in: all that someone not signed in can open (with the public packs, where published)."""

import streamlit as st

from tracker.config import get_settings
from tracker.ui import identity, widgets

visitor = identity.current()
st.title("Sign in")
if visitor.problem:
    st.error(visitor.problem)
    if visitor.mode is identity.Mode.oidc:
        st.button("Sign out", on_click=st.logout)
    st.stop()
if visitor.mode is identity.Mode.header:
    st.error(
        "The sign-in proxy in front of the tracker did not say who you are. Open the tracker "
        "through your organisation's address for it (not this server's own), or ask IT to check "
        f"that the proxy sets the {get_settings().trusted_header} header."
    )
    st.stop()

st.write(
    "The improvement tracker holds your organisation's improvement programme. Sign in with "
    "your organisation account to open it; the tracker records your changes under your email."
)
section = identity.configured_auth()
found = identity.providers(section)
if not found:
    st.error(
        "Sign-in is switched on but names no sign-in service: the [auth] section of the "
        "tracker's secrets file needs server_metadata_url, client_id and client_secret (README: "
        "Sign-in and roles)."
    )
for provider in found:
    problem = identity.provider_problem(identity.metadata_url(section, provider))
    if problem:
        st.error(problem)
        continue
    label = "Sign in" if provider is None else f"Sign in with {provider}"
    st.button(label, type="primary", on_click=st.login, args=[provider] if provider else None)

if get_settings().public:
    st.page_link(
        widgets.PAGES["public_packs"],
        label="Board packs published for the public",
        icon=":material/public:",
    )
