"""Who is using the app: the person this page run acts for (local mode until sign-in is set up)."""

from dataclasses import dataclass
from enum import StrEnum

from tracker.config import get_settings


class Mode(StrEnum):
    """How the app knows who someone is."""

    local = "local"
    """No sign-in configured: one person at this computer, listening on 127.0.0.1 only."""
    oidc = "oidc"
    """Organisation sign-in with st.login (Streamlit's [auth] secrets)."""
    header = "header"
    """A trusted proxy in front names the person in a header (TRACKER_TRUSTED_HEADER)."""


@dataclass(frozen=True)
class Visitor:
    """The person a page run acts for, as the identity source names them."""

    mode: Mode
    email: str | None
    """Who they are (the verified email, the proxy's name, or TRACKER_USER); None: not signed in."""
    name: str
    claimed_roles: tuple[str, ...] = ()
    """Roles the identity provider asserts (an OIDC `roles` claim); mapped to tracker roles."""


def current() -> Visitor:
    """Return the person this page run acts for."""
    user = get_settings().user
    return Visitor(Mode.local, user, user)
