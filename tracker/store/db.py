"""The database object: one DuckDB connection per process, a cursor per thread, one transaction per write."""

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from tracker.errors import DatabaseDamaged, DatabaseLocked, TrackerError
from tracker.store.migrations import migrate, require_known

_LOCK_PID = re.compile(r"PID (\d+)")

_LOCKED = "Could not set lock on file"
"""DuckDB's words when another process holds the file. Matched whole: DuckDB's damage messages
name a "block", and "lock" alone is inside it."""

_DAMAGE = {
    "Corrupt database file": "a block's checksum does not match its contents",
    "Could not read enough bytes": "the file is cut short",
    "not a valid DuckDB database file": (
        "it is not a tracker database, or its first bytes are overwritten"
    ),
}
"""DuckDB's words for a damaged file (also inside its commit and fatal errors) → what they mean."""


def utc_now() -> datetime:
    """Return the current UTC time without tzinfo (the store keeps every timestamp in UTC)."""
    return datetime.now(UTC).replace(tzinfo=None)


def _damage(err: duckdb.Error) -> str | None:
    """Return what is wrong with the file if DuckDB's error shows it damaged, else None."""
    text = str(err)
    return next((meaning for words, meaning in _DAMAGE.items() if words in text), None)


def _damaged(path: Path, meaning: str) -> DatabaseDamaged:
    return DatabaseDamaged(
        f"The database {path} is damaged: {meaning}. Nothing was written to it, and nothing will "
        "be until it is replaced. Restore it from your latest backup, or use a different file "
        "with --db."
    )


class Database:
    """Owns the process's one DuckDB connection; hands each thread its own cursor.

    DuckDB refuses concurrent calls on one connection, so every thread reads and writes through
    its own `cursor()`. Writes in this process are serialised by a lock, so concurrent writers
    never meet DuckDB's optimistic-concurrency conflicts; reads run in parallel.

    Once any statement shows the file damaged the Database refuses every later write. Opening
    for writes reads every row first, so a write never starts on a file known to be damaged.
    """

    def __init__(self, path: Path | str, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.damage: str | None = None
        """What is wrong with the file, once a statement has shown it damaged."""
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        elif not self.path.exists():
            raise TrackerError(f"No database at {self.path}; create it with `tracker init`.")
        self._conn = _connect(self.path, read_only)
        self._local = threading.local()
        self._write_lock = threading.RLock()
        try:
            with self.guard():
                if read_only:
                    require_known(self._conn, can_migrate=False)
                else:
                    _read_every_row(self._conn)
                    migrate(self._conn)
        except BaseException:
            self.close()
            raise

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Turn a DuckDB error that shows the file damaged into DatabaseDamaged, and remember it."""
        try:
            yield
        except duckdb.Error as err:
            meaning = _damage(err)
            if meaning is None:
                raise
            self.damage = meaning
            raise _damaged(self.path, meaning) from None

    def cursor(self) -> "Cursor":
        """Return this thread's cursor, creating it on first use."""
        cur = getattr(self._local, "cursor", None)
        if cur is None:
            cur = Cursor(self._conn.cursor(), self)
            self._local.cursor = cur
        return cur

    @contextmanager
    def transaction(self) -> Iterator["Cursor"]:
        """Yield a cursor inside one transaction: commit at the end, roll back on any error.

        A transaction opened inside another on the same thread joins it, so several writes can
        be made all-or-nothing together (the demo load, a check-in with its values).
        """
        if self.read_only:
            raise TrackerError(f"{self.path} is open read-only; writes are not possible.")
        if self.damage is not None:
            raise _damaged(self.path, self.damage)
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
                self._roll_back(cur)
                raise
            finally:
                self._local.depth = 0
            cur.execute("COMMIT")

    def _roll_back(self, cur: "Cursor") -> None:
        # On a damaged file DuckDB may fail even to roll back (and then stops the connection);
        # nothing was committed, and the error that led here says what went wrong.
        if self.damage is None:
            cur.execute("ROLLBACK")
            return
        with suppress(duckdb.Error, DatabaseDamaged):
            cur.execute("ROLLBACK")

    def close(self) -> None:
        """Close the connection (and with it every cursor)."""
        self._conn.close()

    def __enter__(self) -> "Database":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Cursor:
    """One thread's DuckDB cursor, with every DuckDB method (execute, fetchall, df, register …);
    an error that shows the file damaged becomes DatabaseDamaged and marks the Database damaged.

    Every method is passed through rather than a chosen few, so store code may use any of
    DuckDB's; a method that returns the cursor itself (execute) returns this wrapper.
    """

    def __init__(self, raw: duckdb.DuckDBPyConnection, database: Database) -> None:
        self._raw = raw
        self._database = database

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._raw, name)
        if not callable(found):
            return found

        def checked(*args: Any, **kwargs: Any) -> Any:
            with self._database.guard():
                result = found(*args, **kwargs)
            return self if result is self._raw else result

        return checked


def _read_every_row(conn: duckdb.DuckDBPyConnection) -> None:
    """Read every column of every row once, so that a damaged table shows before any write.

    Hashing each whole row makes DuckDB read (and checksum) every block of every table: about
    20 ms for the sample programme's 13 MB file.
    """
    tables = conn.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
        "AND NOT temporary"
    ).fetchall()
    for (table,) in tables:
        conn.execute(f'SELECT max(hash(t)) FROM "{table}" AS t').fetchall()


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as err:
        text = str(err)
        if _LOCKED in text:
            pid = _LOCK_PID.search(text)
            holder = f" (process {pid.group(1)})" if pid else ""
            raise DatabaseLocked(
                f"The database {path} is in use by another program{holder}. "
                "Stop that program (for example the running app, `tracker serve`) and try again, "
                "or use a different file with --db."
            ) from None
        meaning = _damage(err)
        if meaning is not None:
            raise _damaged(path, meaning) from None
        raise TrackerError(f"Cannot open the database {path}: {text}") from None
