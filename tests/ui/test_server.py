"""`tracker serve` listens on 127.0.0.1 unless sign-in is configured: real servers, free ports."""

import ipaddress
import os
import subprocess
import tomllib
from pathlib import Path

import pytest

import tracker
from bench.server import TRACKER, free_port, served
from tests.conftest import TODAY
from tracker.ui.identity import Mode, listening_address
from tracker.ui.server import checked_address

SIGN_IN = """
[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "a-test-secret-that-is-long-enough-123456"
client_id = "tracker"
client_secret = "tracker-secret"
server_metadata_url = "http://127.0.0.1:9/.well-known/openid-configuration"
"""
"""A sign-in configuration (its provider need not answer: serving does not ask it)."""

REFUSAL_TIMEOUT_S = 60
"""A refused start only imports the app's modules; a minute covers a busy shared machine."""


def listening(port: int) -> set[str]:
    """Return the addresses a process listens on at `port`, from the kernel's socket tables."""
    found = set()
    for table, width in (("/proc/net/tcp", 4), ("/proc/net/tcp6", 16)):
        lines = Path(table).read_text().splitlines()[1:]
        for line in lines:
            local, _remote, state = line.split()[1:4]
            address, _, hex_port = local.partition(":")
            if state != "0A" or int(hex_port, 16) != port:  # 0A: LISTEN
                continue
            # The kernel writes each 32-bit word of the address in host (little-endian) order.
            raw = bytes.fromhex(address)
            ordered = b"".join(raw[i : i + 4][::-1] for i in range(0, width, 4))
            found.add(str(ipaddress.ip_address(ordered)))
    return found


def serve_refused(db: Path, *options: str, env: dict[str, str] | None = None):
    return subprocess.run(
        [str(TRACKER), "serve", "--db", str(db), "--port", str(free_port()), *options],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=REFUSAL_TIMEOUT_S,
    )


@pytest.fixture
def secrets_file(tmp_path):
    path = tmp_path / "secrets.toml"
    path.write_text(SIGN_IN.format(port=8501), encoding="utf-8")
    return path


@pytest.fixture
def no_sign_in(monkeypatch, tmp_path):
    """No secrets file in the usual places, no trusted header: local mode."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TRACKER_TRUSTED_HEADER", raising=False)


# --- the rules ---------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", list(Mode))
def test_every_mode_listens_on_127_0_0_1_when_no_address_is_given(mode):
    assert listening_address(mode, None) == "127.0.0.1"


@pytest.mark.parametrize("address", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
@pytest.mark.parametrize("mode", [Mode.local, Mode.header])
def test_a_loopback_address_is_allowed_without_sign_in(mode, address):
    assert listening_address(mode, address) == address


@pytest.mark.parametrize("address", ["0.0.0.0", "::", "192.168.1.20", "tracker.nhs.uk", ""])
def test_any_other_address_needs_organisation_sign_in(address):
    from tracker.errors import SignInNotConfigured

    assert listening_address(Mode.oidc, address) == address
    for mode in (Mode.local, Mode.header):
        with pytest.raises(SignInNotConfigured, match="Nothing was started"):
            listening_address(mode, address)


def test_a_secrets_file_with_auth_allows_any_address(no_sign_in, secrets_file):
    assert checked_address("0.0.0.0", secrets_file) == "0.0.0.0"


def test_a_missing_secrets_file_is_refused(no_sign_in, tmp_path):
    from tracker.errors import NotFound

    with pytest.raises(NotFound, match="No secrets file"):
        checked_address(None, tmp_path / "missing.toml")


def test_the_usual_secrets_file_in_the_folder_served_from_counts(no_sign_in, tmp_path):
    folder = tmp_path / ".streamlit"
    folder.mkdir()
    (folder / "secrets.toml").write_text(SIGN_IN.format(port=8501), encoding="utf-8")
    assert checked_address("0.0.0.0", None) == "0.0.0.0"


# --- real servers ------------------------------------------------------------------------------


@pytest.mark.slow
def test_serve_without_sign_in_listens_on_127_0_0_1_only(no_sign_in, sample_db_path):
    port = free_port()
    with served(sample_db_path, TODAY, options=(), port=port):
        assert listening(port) == {"127.0.0.1"}


@pytest.mark.slow
def test_serve_on_0_0_0_0_without_sign_in_exits_saying_how_to_configure_it(
    no_sign_in, sample_db_path
):
    done = serve_refused(sample_db_path, "--address", "0.0.0.0")
    assert done.returncode != 0
    assert "will not listen on 0.0.0.0 without sign-in" in done.stderr
    assert "--secrets FILE" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_serve_with_a_trusted_header_refuses_a_network_address(no_sign_in, sample_db_path):
    done = serve_refused(
        sample_db_path,
        "--address",
        "0.0.0.0",
        env={"TRACKER_TRUSTED_HEADER": "X-Remote-User"},
    )
    assert done.returncode != 0
    assert "TRACKER_TRUSTED_HEADER" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_serve_refuses_sign_in_and_a_trusted_header_together(
    no_sign_in, sample_db_path, secrets_file
):
    done = serve_refused(
        sample_db_path,
        "--secrets",
        str(secrets_file),
        env={"TRACKER_TRUSTED_HEADER": "X-Remote-User"},
    )
    assert done.returncode != 0
    assert "choose one" in done.stderr


@pytest.mark.slow
def test_serve_with_sign_in_configured_may_listen_on_every_interface(
    no_sign_in, sample_db_path, tmp_path
):
    port = free_port()
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(SIGN_IN.format(port=port), encoding="utf-8")
    options = ("--address", "0.0.0.0", "--secrets", str(secrets))
    with served(sample_db_path, TODAY, options=options, port=port):
        assert listening(port) == {"0.0.0.0"}


def test_xsrf_protection_is_never_turned_off():
    # Streamlit protects every form post with an XSRF token unless told not to; nothing in the
    # tracker (its config file or the options `tracker serve` passes) may tell it so.
    package = Path(tracker.__file__).parent
    config = tomllib.loads((package / "ui" / "entry" / ".streamlit" / "config.toml").read_text())
    assert config["server"].get("enableXsrfProtection", True) is True
    said = [p for p in package.rglob("*.py") if "enableXsrfProtection" in p.read_text()]
    assert said == []
