"""A throwaway PostgreSQL server for tests and benchmarks: initdb in a folder, 127.0.0.1, a free port."""

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

PG_BIN = Path("/usr/lib/postgresql/15/bin")
"""Debian's postgresql 15 (installed by `make install-test`)."""

SUPERUSER = "postgres"
"""The server's superuser; initdb refuses to run as root, so root runs it as this account."""


@dataclass(frozen=True)
class Server:
    """A running server: its data folder, port and log."""

    folder: Path
    port: int

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def log(self) -> Path:
        return self.folder / "log"

    def url(self, database: str, user: str = SUPERUSER) -> str:
        """Return the tracker's --db URL for one database on this server."""
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run SQL as the superuser; return what psql prints (tuples only, unaligned)."""
        done = subprocess.run(
            ["psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
             "-p", str(self.port), "-U", SUPERUSER, "-d", database, "-c", sql],
            capture_output=True, text=True,
        )  # fmt: skip
        if done.returncode:
            raise RuntimeError(f"psql refused {sql!r}: {done.stderr.strip()}")
        return done.stdout.strip()

    def create_database(self, name: str) -> str:
        """Create an empty database; return its URL."""
        self.psql(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def start(self) -> None:
        _as_owner(
            [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-o",
             f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} "
             "-c max_connections=200 -c fsync=off -c synchronous_commit=off", "start"],
        )  # fmt: skip

    def stop(self) -> None:
        _as_owner([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"])


def available() -> bool:
    """Return True if PostgreSQL's server programs are installed here."""
    return (PG_BIN / "initdb").exists() and shutil.which("psql") is not None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_owner(command: list[str]) -> None:
    """Run a server program as the data folder's owner (su to postgres when we are root)."""
    if os.geteuid() == 0:
        command = ["su", SUPERUSER, "-s", "/bin/sh", "-c", " ".join(_quoted(c) for c in command)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{command[0]} failed: {done.stderr or done.stdout}")


def _quoted(word: str) -> str:
    return "'" + word.replace("'", "'\\''") + "'"


@contextmanager
def running(under: Path | None = None) -> Iterator[Server]:
    """Start a fresh server in a new temporary folder (in `under`, else the system's temporary
    folder; trust authentication on 127.0.0.1); stop it and remove the folder at the end.

    The folder is made here, not in a test's tmp_path: the postgres account must reach it, and
    pytest's folders are private to root. fsync is off: these servers hold test and benchmark
    data only (a production server keeps PostgreSQL's defaults).
    """
    folder = Path(tempfile.mkdtemp(prefix="tracker-pg-", dir=under))
    if os.geteuid() == 0:
        shutil.chown(folder, SUPERUSER)
    server = Server(folder, free_port())
    _as_owner(
        [str(PG_BIN / "initdb"), "-D", str(server.data), "-U", SUPERUSER, "--auth=trust",
         "-E", "UTF8", "--locale=C.UTF-8"],
    )  # fmt: skip
    server.start()
    try:
        yield server
    finally:
        with suppress(subprocess.CalledProcessError):
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)
