"""The database object: one DuckDB connection per process, a cursor per thread, one transaction per write."""

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from tracker.errors import DatabaseLocked, TrackerError
from tracker.store.migrations import migrate

_LOCK_PID = re.compile(r"PID (\d+)")


def utc_now() -> datetime:
    """Return the current UTC time without tzinfo (the store keeps every timestamp in UTC)."""
    return datetime.now(UTC).replace(tzinfo=None)


class Database:
    """Owns the process's one DuckDB connection; hands each thread its own cursor.

    DuckDB refuses concurrent calls on one connection, so every thread reads and writes through
    its own `cursor()`. Writes in this process are serialised by a lock, so concurrent writers
    never meet DuckDB's optimistic-concurrency conflicts; reads run in parallel.
    """

    def __init__(self, path: Path | str, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        elif not self.path.exists():
            raise TrackerError(f"No database at {self.path}; create it with `tracker init`.")
        self._conn = _connect(self.path, read_only)
        self._local = threading.local()
        self._write_lock = threading.RLock()
        if not read_only:
            migrate(self._conn)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """Return this thread's cursor, creating it on first use."""
        cur = getattr(self._local, "cursor", None)
        if cur is None:
            cur = self._conn.cursor()
            self._local.cursor = cur
        return cur

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Yield a cursor inside one transaction: commit at the end, roll back on any error.

        A transaction opened inside another on the same thread joins it, so several writes can
        be made all-or-nothing together (the demo load, a check-in with its values).
        """
        if self.read_only:
            raise TrackerError(f"{self.path} is open read-only; writes are not possible.")
        with self._write_lock:
            cur = self.cursor()
            if getattr(self._local, "depth", 0):
                self._local.depth += 1
                try:
                    yield cur
                finally:
                    self._local.depth -= 1
                return
            cur.execute("BEGIN TRANSACTION")
            self._local.depth = 1
            try:
                yield cur
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            finally:
                self._local.depth = 0
            cur.execute("COMMIT")

    def close(self) -> None:
        """Close the connection (and with it every cursor)."""
        self._conn.close()

    def __enter__(self) -> "Database":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as err:
        text = str(err)
        if "lock" not in text.lower():
            raise TrackerError(f"Cannot open the database {path}: {text}") from None
        pid = _LOCK_PID.search(text)
        holder = f" (process {pid.group(1)})" if pid else ""
        raise DatabaseLocked(
            f"The database {path} is in use by another program{holder}. "
            "Stop that program (for example the running app, `tracker serve`) and try again, "
            "or use a different file with --db."
        ) from None
