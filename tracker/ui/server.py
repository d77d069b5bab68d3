"""Run the web app in this process, with the portfolio computed before the first visitor asks."""

import inspect
import logging
import os
import sys
from pathlib import Path

from streamlit.web import cli as streamlit_cli

from tracker.config import get_settings
from tracker.errors import NotFound, TrackerError
from tracker.ui import cache, identity

APP = Path(__file__).resolve().parent / "entry" / "app.py"
"""The Streamlit entry script, inside the package so that an installed tracker can serve."""
NO_CONTEXT_LOGGER = "streamlit.runtime.scriptrunner_utils.script_run_context"


def _no_record(record: logging.LogRecord) -> bool:
    return False


def _warm() -> None:
    # Streamlit's first element in a process calls inspect.stack() to tell a REPL from
    # `streamlit run`, which resolves the file of every imported module (0.4 s here); inspect
    # keeps what it resolved, so doing it now spares the first visitor that wait.
    inspect.stack()
    # Outside a page run Streamlit warns that there is no script context: expected here.
    no_context = logging.getLogger(NO_CONTEXT_LOGGER)
    no_context.addFilter(_no_record)
    try:
        cache.warm()
    except TrackerError:
        return  # the first page to open shows the same error to the user, with what to do
    finally:
        no_context.removeFilter(_no_record)


def secrets_files(secrets: Path | None) -> list[Path]:
    """Return the secrets files the app reads: the one given, else Streamlit's usual two."""
    if secrets is not None:
        return [secrets]
    return [Path.home() / ".streamlit" / "secrets.toml", Path.cwd() / ".streamlit" / "secrets.toml"]


def checked_address(address: str | None, secrets: Path | None) -> str:
    """Return the address to listen on for this configuration; SignInNotConfigured refuses one
    that would open the tracker to others without sign-in (see identity.listening_address)."""
    if secrets is not None and not secrets.is_file():
        raise NotFound(f"No secrets file at {secrets}; give the path of the file with [auth].")
    section = identity.auth_section(secrets_files(secrets))
    mode = identity.choose_mode(bool(section), get_settings().trusted_header)
    return identity.listening_address(mode, address)


def serve(db: Path | str, port: int, address: str, secrets: Path | None = None) -> None:
    """Serve the app on `db` until stopped: Streamlit's own `run` command, after a warm start.

    `address` is one checked_address returned; `secrets` the secrets file holding the sign-in
    settings, if not in Streamlit's usual places. The portfolio is computed into the cache
    before the port opens, so the first board member to open the overview (as soon as the app
    answers) does not wait for it.
    """
    os.environ["TRACKER_DB"] = str(db)
    _warm()
    options = ["--server.port", str(port), "--server.headless", "true"]
    options += ["--browser.gatherUsageStats", "false"]
    # The file watcher is for editing the app: it walks and watches the source tree for every
    # new visitor, on the server's event loop (0.8 s per session here, stalling every request).
    options += ["--server.fileWatcherType", "none"]
    options += ["--server.address", address]
    if secrets is not None:
        options += ["--secrets.files", str(secrets)]
    sys.argv = ["streamlit", "run", str(APP), *options]
    streamlit_cli.main()
