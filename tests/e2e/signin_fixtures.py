"""Browser fixtures for sign-in: a real OIDC provider (oidc-provider-mock) and the app served
with a secrets file that points at it, on the sample with one pack marked public."""

import json
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from bench.server import free_port, served
from tests.conftest import TODAY
from tracker import access
from tracker.store import Database, packs
from tracker.store.db import utc_now

EDITOR = {"sub": "erin", "email": "erin.editor@example.org", "name": "Erin Editor"}
"""The person the provider signs in: the provider's form offers them as the button "erin"."""

ADMIN = "pat.office@example.org"
"""The programme office's admin: publishes the public pack and grants the editor."""

EDITED = "ELE-02"
"""The initiative the editor is granted (its check-in is overdue in the sample)."""

PROVIDER_START_S = 30
"""The provider (a small Flask app) answers within a few seconds even on a busy machine."""

SECRETS = """
[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "{cookie_secret}"
client_id = "tracker"
client_secret = "tracker-secret"
server_metadata_url = "{provider}/.well-known/openid-configuration"
"""


@pytest.fixture(scope="module")
def oidc_provider() -> Iterator[str]:
    """Run a real OIDC provider on a free 127.0.0.1 port; yield its address; stop it after."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "oidc_provider_mock", "-H", "127.0.0.1", "-p", str(port)]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [*command, "--user-claims", json.dumps(EDITOR)], stdout=log, stderr=subprocess.STDOUT
        )
        try:
            deadline = time.monotonic() + PROVIDER_START_S
            while process.poll() is None:
                try:
                    with urllib.request.urlopen(f"{url}/.well-known/openid-configuration"):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        break
                    time.sleep(0.2)
            else:
                log.seek(0)
                pytest.fail(f"The OIDC provider did not start:\n{log.read().decode()}")
            yield url
        finally:
            process.terminate()
            process.wait(timeout=30)


@pytest.fixture(scope="module")
def signin_db(sample_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample with an admin, and one small pack published and marked public."""
    db = tmp_path_factory.mktemp("signin") / "signin.duckdb"
    db.write_bytes(sample_file.read_bytes())
    with Database(db) as database:
        access.grant(database, ADMIN, "admin", None, "setup")
        made = packs.publish(
            database,
            packs.PackRequest(
                period=TODAY.replace(day=1),
                cut_off=utc_now() - timedelta(minutes=1),
                author=ADMIN,
                filters=packs.PackFilters(theme="Prevention"),
            ),
        )
        packs.set_public(database, ADMIN, made.id, True)
    return db


@pytest.fixture(scope="module")
def editor(signin_db: Path) -> dict[str, str]:
    """The person who signs in: their claims, and the initiative the admin made them editor of."""
    with Database(signin_db) as database:
        access.grant(database, EDITOR["email"], "editor", EDITED, ADMIN)
    return {**EDITOR, "initiative": EDITED}


@pytest.fixture(scope="module")
def signin_url(
    oidc_provider: str, signin_db: Path, editor: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """Serve the app (TRACKER_PUBLIC=on) with sign-in through `oidc_provider`; yield its URL."""
    port = free_port()
    path = tmp_path_factory.mktemp("secrets") / "secrets.toml"
    path.write_text(
        SECRETS.format(port=port, cookie_secret=secrets.token_urlsafe(32), provider=oidc_provider),
        encoding="utf-8",
    )
    options = ("--secrets", str(path))
    with served(signin_db, TODAY, options=options, port=port, env={"TRACKER_PUBLIC": "on"}) as url:
        yield url
