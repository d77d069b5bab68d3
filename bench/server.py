"""The app served as `make run` serves it (`tracker serve`), on a free 127.0.0.1 port, for the
browser benchmarks and the browser tests."""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path

TRACKER = Path(sys.executable).with_name("tracker")
START_TIMEOUT_S = 60


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(
    db: Path,
    today: date,
    tracker: Path = TRACKER,
    cwd: Path | None = None,
    *,
    options: Sequence[str] = ("--address", "127.0.0.1"),
    port: int | None = None,
    env: Mapping[str, str] | None = None,
) -> Iterator[str]:
    """Serve the app on `db` with 'today' pinned; yield its base URL; stop the server after.

    `tracker` is the command to run (another installation's, say) and `cwd` where it runs;
    `options` are more of `tracker serve`'s, `port` a free one chosen already (a sign-in
    redirect names it), `env` more settings. If the server exits or never answers its health
    check, the error carries what it printed.
    """
    port = port or free_port()
    env = {**os.environ, "TRACKER_TODAY": today.isoformat(), **(env or {})}
    command = [str(tracker), "serve", "--db", str(db), "--port", str(port)]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [*command, *options],
            env=env,
            cwd=cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            if not _healthy(url, process):
                log.seek(0)
                printed = log.read().decode(errors="replace")
                raise RuntimeError(f"`tracker serve` did not start on {url}:\n{printed}")
            yield url
        finally:
            process.terminate()
            process.wait(timeout=30)


def _healthy(url: str, process: subprocess.Popen) -> bool:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return True
        except OSError:
            time.sleep(0.2)
    return False
