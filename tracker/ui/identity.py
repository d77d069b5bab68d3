"""Who is using the app: organisation sign-in (OIDC), a trusted proxy's header, or local mode."""

import ipaddress
import tomllib
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import streamlit as st

from tracker.config import get_settings
from tracker.errors import SignInNotConfigured


class Mode(StrEnum):
    """How the app knows who someone is."""

    local = "local"
    """No sign-in configured: one person at this computer, listening on 127.0.0.1 only."""
    oidc = "oidc"
    """Organisation sign-in with st.login (Streamlit's [auth] secrets)."""
    header = "header"
    """A trusted proxy in front names the person in a header (TRACKER_TRUSTED_HEADER)."""


LOOPBACK = "127.0.0.1"
"""Where the app listens unless told otherwise: only this computer can open it."""

LOCAL_MODE_NOTICE = "Local mode — only this computer can open the tracker"
"""What every page says in local mode, so nobody mistakes it for the organisation's tracker."""

PROVIDER_TIMEOUT_S = 5
"""How long the sign-in page waits for the sign-in service to answer before saying it is down:
long enough for a slow organisation network, short enough that nobody thinks the page hung."""

PROVIDER_RECHECK_S = 30
"""How long one answer about the sign-in service is kept: every visitor to the sign-in page
would otherwise ask it again, and half a minute is soon enough to notice it is back."""

NO_EMAIL = (
    "Your organisation's sign-in did not give the tracker a verified email address, and the "
    "tracker records every change under that address. Ask IT to send the `email` claim for this "
    "app (in Microsoft Entra ID: Token configuration, add the optional claim email), then sign "
    "out and in again."
)

HEADER_NOT_TRUSTED = (
    "The tracker is set to trust a sign-in proxy's header, but it is not listening on 127.0.0.1 "
    "behind that proxy, so anyone could send the header. Serve it with `tracker serve` (which "
    "listens on 127.0.0.1) and let the proxy face the network."
)


@dataclass(frozen=True)
class Visitor:
    """The person a page run acts for, as the identity source names them."""

    mode: Mode
    email: str | None
    """Who they are (the verified email, the proxy's name, or TRACKER_USER); None: not signed in."""
    name: str
    claimed_roles: tuple[str, ...] = ()
    """Roles the identity provider asserts (an OIDC `roles` claim); mapped to tracker roles."""
    problem: str = ""
    """Why someone who did sign in cannot be named (no email claim, an untrusted header)."""


def choose_mode(oidc: bool, header: str | None) -> Mode:
    """Return the mode the configuration asks for; both sign-in and a header is refused."""
    if oidc and header:
        raise SignInNotConfigured(
            "Both organisation sign-in (an [auth] section in the secrets file) and "
            f"TRACKER_TRUSTED_HEADER={header} are set; choose one. Remove TRACKER_TRUSTED_HEADER "
            "to use organisation sign-in, or the [auth] section to trust the proxy."
        )
    if oidc:
        return Mode.oidc
    return Mode.header if header else Mode.local


def is_loopback(address: str | None) -> bool:
    """Return whether only this computer can reach an address (None is every interface)."""
    if not address:
        return False
    if address.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False  # a host name other than localhost may be any interface


def listening_address(mode: Mode, address: str | None) -> str:
    """Return the address the app listens on in `mode`: 127.0.0.1 unless another is given.

    Any other address is refused without organisation sign-in: in local mode anyone who could
    reach the machine could read and change everything, and a trusted header could be sent by
    anyone, naming whoever they like.
    """
    if address is None:
        return LOOPBACK
    if is_loopback(address) or mode is Mode.oidc:
        return address
    if mode is Mode.header:
        raise SignInNotConfigured(
            f"The tracker will not listen on {address} while it trusts the "
            "TRACKER_TRUSTED_HEADER header: anyone who can reach that address could send the "
            "header and act as whoever it names. Serve on 127.0.0.1 (the default) behind the "
            "proxy that sets the header. Nothing was started."
        )
    raise SignInNotConfigured(
        f"The tracker will not listen on {address} without sign-in: anyone who can reach this "
        "machine could read and change everything. Configure organisation sign-in in a secrets "
        "file's [auth] section and pass it with --secrets FILE (README: Sign-in and roles), or "
        "serve on 127.0.0.1 (the default) behind a sign-in proxy with TRACKER_TRUSTED_HEADER. "
        "Nothing was started."
    )


def auth_section(files: Iterable[Path]) -> dict[str, Any]:
    """Return the [auth] section the secrets files hold (later files win), or {} if none."""
    found: dict[str, Any] = {}
    for path in files:
        if path.is_file():
            with path.open("rb") as handle:
                found.update(tomllib.load(handle).get("auth", {}))
    return found


def providers(section: Mapping[str, Any]) -> list[str | None]:
    """Return the providers an [auth] section configures: None for one set in [auth] itself,
    and the name of each [auth.NAME] table that names its server."""
    named = [
        name
        for name, value in section.items()
        if isinstance(value, Mapping) and "server_metadata_url" in value
    ]
    return ([None] if "server_metadata_url" in section else []) + named


def metadata_url(section: Mapping[str, Any], provider: str | None) -> str:
    """Return where a provider publishes its OpenID configuration."""
    return str((section if provider is None else section[provider])["server_metadata_url"])


def from_claims(claims: Mapping[str, Any]) -> Visitor:
    """Return the visitor an OIDC sign-in names: their verified email, name and role claims."""
    if not claims.get("is_logged_in"):
        return Visitor(Mode.oidc, None, "")
    email = str(claims.get("email") or "").strip().lower()
    name = str(claims.get("name") or email)
    if not email or claims.get("email_verified") is False:
        return Visitor(Mode.oidc, None, name, problem=NO_EMAIL)
    roles = claims.get("roles") or ()
    claimed = (roles,) if isinstance(roles, str) else tuple(str(r) for r in roles)
    return Visitor(Mode.oidc, email, name, claimed)


def from_header(headers: Mapping[str, str], header: str, address: str | None) -> Visitor:
    """Return the visitor a trusted proxy names in `header`, trusted only on a loopback address."""
    if not is_loopback(address):
        return Visitor(Mode.header, None, "", problem=HEADER_NOT_TRUSTED)
    person = (headers.get(header) or "").strip()
    return Visitor(Mode.header, person or None, person)


def oidc_configured() -> bool:
    """Return whether this app run has an [auth] section in its secrets."""
    return st.secrets.load_if_toml_exists() and "auth" in st.secrets


def configured_auth() -> dict[str, Any]:
    """Return this app run's [auth] secrets section as plain values ({} if there is none)."""
    return st.secrets["auth"].to_dict() if oidc_configured() else {}


def mode() -> Mode:
    """Return how this app run knows who someone is."""
    return choose_mode(oidc_configured(), get_settings().trusted_header)


def current() -> Visitor:
    """Return the person this page run acts for (email None: not signed in)."""
    settings = get_settings()
    found = mode()
    if found is Mode.oidc:
        return from_claims(st.user.to_dict())
    if found is Mode.header:
        header = settings.trusted_header or ""
        return from_header(st.context.headers, header, st.get_option("server.address"))
    return Visitor(Mode.local, settings.user, settings.user)


@st.cache_data(ttl=PROVIDER_RECHECK_S, show_spinner="Checking the sign-in service …")
def provider_problem(url: str) -> str:
    """Return why the sign-in service at `url` cannot be used now, or "" when it answers."""
    try:
        with urllib.request.urlopen(url, timeout=PROVIDER_TIMEOUT_S) as response:
            response.read()
    except (urllib.error.URLError, OSError, ValueError) as err:
        reason = getattr(err, "reason", err)
        return (
            f"The organisation's sign-in service did not answer at {url} ({reason}). Nothing is "
            "wrong with your account. Check that this server can reach the sign-in service (its "
            "network, proxy and firewall) and that server_metadata_url in the tracker's secrets "
            "file is right; then reload this page."
        )
    return ""
