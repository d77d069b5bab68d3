"""The database object: one DuckDB connection per process (a file, or PostgreSQL attached), a
cursor per thread, one transaction per write."""

import ctypes
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from tracker.errors import DatabaseDamaged, DatabaseLocked, TrackerError
from tracker.store import postgres
from tracker.store.migrations import latest, migrate, require_known, schema_version

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


def _invalidated(err: BaseException) -> bool:
    """Return True if DuckDB stopped its instance after this error: an internal or fatal error
    invalidates it, and every later statement on it fails. DuckDB's postgres extension raises
    an internal error when the server goes away during a COPY (an import's insert)."""
    return isinstance(err, duckdb.InternalException | duckdb.FatalException)


def _keep_forever(objects: list[duckdb.DuckDBPyConnection]) -> None:
    """Never let Python destroy these DuckDB connections, not even when the process ends.

    Destroying a connection whose instance DuckDB stopped (see _invalidated) with a PostgreSQL
    transaction open rolls it back over the lost connection, and the error thrown from that
    C++ destructor aborts the whole process: a feed stopped mid-import ended "Aborted" without
    its message in 6 runs of 105 under load. A reference that is never given back keeps them
    alive; the server has already dropped the transaction, and the memory is a few MB at most.
    """
    for found in objects:
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(found))


def utc_now() -> datetime:
    """Return the current UTC time without tzinfo (the store keeps every timestamp in UTC)."""
    return datetime.now(UTC).replace(tzinfo=None)


def _damage(err: duckdb.Error) -> str | None:
    """Return what is wrong with the file if DuckDB's error shows it damaged, else None."""
    text = str(err)
    return next((meaning for words, meaning in _DAMAGE.items() if words in text), None)


def _damaged(path: Path | str, meaning: str) -> DatabaseDamaged:
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

    `path` may instead be a PostgreSQL URL (postgresql://user@host:port/dbname): DuckDB then
    attaches that database and runs the same SQL on it; writes from every process take turns,
    except that writes of different named records (scoped transactions) run side by side
    (postgres.begin_write). Those are made through a second DuckDB instance with the database
    attached, set up for small writes (postgres.SMALL_WRITES), created on the first.
    """

    def __init__(self, path: Path | str, read_only: bool = False) -> None:
        self.url = str(path) if postgres.is_url(path) else None
        """The PostgreSQL URL, or None for a DuckDB file."""
        self.path: Path | str = Path(path) if self.url is None else postgres.shown(self.url)
        """Where the data lives, as messages name it (a URL without any password)."""
        self.read_only = read_only
        self.damage: str | None = None
        """What is wrong with the file, once a statement has shown it damaged."""
        self._conn: duckdb.DuckDBPyConnection | None = None
        """The instance reads and whole-database writes go through; on PostgreSQL None after
        DuckDB stopped it, until the next cursor opens a new one (see _abandon)."""
        self._opening = threading.Lock()
        if self.url is not None:
            self._conn = postgres.connect(self.url)
        else:
            file = Path(path)
            if not read_only:
                file.parent.mkdir(parents=True, exist_ok=True)
            elif not file.exists():
                raise TrackerError(f"No database at {file}; create it with `tracker init`.")
            self._conn = _connect(file, read_only)
        self._small: duckdb.DuckDBPyConnection | None = None
        """PostgreSQL only: the instance scoped transactions write through, once one has."""
        self.audit_seen = 0
        """The newest committed audit id a write counter has found (queries.write_counter)."""
        self.authors_seen: tuple[int, frozenset[str]] = (0, frozenset())
        """The audit id up to which every author has been found, and those authors
        (queries.audit_authors)."""
        self.first_seen: tuple[int, datetime | None] | None = None
        """The write counter when queries.first_recorded last read, and the oldest recorded_at
        it found then."""
        self._local = threading.local()
        self._raw_cursors: list[tuple[duckdb.DuckDBPyConnection, duckdb.DuckDBPyConnection]] = []
        """Each cursor made, with the instance it is of."""
        self._write_lock = threading.RLock()
        try:
            with self.guard():
                if read_only:
                    require_known(self._main(), can_migrate=False)
                elif self.url is not None:
                    self._migrate_shared()
                else:
                    _read_every_row(self._main())
                    migrate(self._main())
        except BaseException:
            self.close()
            raise

    def _migrate_shared(self) -> None:
        """Bring a PostgreSQL database up to date; another server doing so at the same moment
        (it holds the write lock, and this one then finds the tables made) is no error."""
        conn = self._main()
        try:
            migrate(conn, run_ddl=lambda ddl: postgres.run_ddl(conn, ddl))
        except duckdb.Error:
            if schema_version(conn) != latest():
                raise

    @contextmanager
    def guard(self, instance: duckdb.DuckDBPyConnection | None = None) -> Iterator[None]:
        """Turn a DuckDB error that shows the file damaged into DatabaseDamaged, and remember it;
        on PostgreSQL, set aside the `instance` an error stopped (see _abandon)."""
        try:
            yield
        except duckdb.Error as err:
            if instance is not None and self.url is not None and _invalidated(err):
                self._abandon(instance)
            meaning = _damage(err)
            if meaning is None:
                raise
            self.damage = meaning
            raise _damaged(self.path, meaning) from None

    def _main(self) -> duckdb.DuckDBPyConnection:
        """Return the instance reads go through, opening a new one after DuckDB stopped the last."""
        with self._opening:
            if self._conn is None:
                assert self.url is not None
                self._conn = postgres.connect(self.url)
            return self._conn

    def _abandon(self, instance: duckdb.DuckDBPyConnection) -> None:
        """Set aside an instance DuckDB stopped after an error (a server gone in the middle of an
        import), with its cursors, kept forever (see _keep_forever): the next read or write
        opens a new one, so a server goes on once PostgreSQL is back."""
        with self._opening:
            if instance is self._conn:
                self._conn = None
            elif instance is self._small:
                self._small = None
            else:
                return  # set aside already
            kept = [instance, *(raw for of, raw in self._raw_cursors if of is instance)]
            self._raw_cursors = [(of, raw) for of, raw in self._raw_cursors if of is not instance]
        _keep_forever(kept)

    def _abandoned(self, cur: "Cursor") -> bool:
        """Return True if the cursor's instance was set aside (see _abandon)."""
        return cur.instance is not self._conn and cur.instance is not self._small

    def cursor(self, few_rows: bool = False) -> "Cursor":
        """Return this thread's cursor (its open transaction's), creating it on first use.

        `few_rows`: for a read of a few rows found by an index (the write counter's). On
        PostgreSQL it then goes through the small-writes instance, which sends PostgreSQL one
        plain WHERE; the reads instance's ctid ranges send one query per 1,000 pages (27 for
        the ICS scale's audit log: 2.4–2.8 ms of the app's CPU against 0.5 ms, measured).
        """
        active = getattr(self._local, "active", None)
        if active is not None:
            return active  # an instance set aside in a transaction fails it, as it should
        if few_rows and self.url is not None:
            return self._small_cursor()
        cur = getattr(self._local, "cursor", None)
        if cur is None or cur.instance is not self._conn:
            cur = self._local.cursor = self._new_cursor(self._main())
        return cur

    def writing(self) -> bool:
        """Return True while this thread has a write transaction open."""
        return getattr(self._local, "active", None) is not None

    def _small_cursor(self) -> "Cursor":
        """Return this thread's cursor on the small-writes instance (scoped writes and reads of
        a few rows), creating both on first use."""
        cur = getattr(self._local, "small", None)
        if cur is None or cur.instance is not self._small:
            assert self.url is not None
            with self._opening:
                if self._small is None:
                    self._small = postgres.connect(self.url, small_writes=True)
                small = self._small
            cur = self._local.small = self._new_cursor(small)
        return cur

    def _new_cursor(self, conn: duckdb.DuckDBPyConnection) -> "Cursor":
        raw = conn.cursor()
        self._raw_cursors.append((conn, raw))
        if self.url is not None:
            raw.execute(f"USE {postgres.CATALOG}")  # each cursor starts on DuckDB's own
        return Cursor(raw, self, conn)

    @contextmanager
    def transaction(self, scoped: bool = False) -> Iterator["Cursor"]:
        """Yield a cursor inside one transaction: commit at the end, roll back on any error.

        A transaction opened inside another on the same thread joins it, so several writes can
        be made all-or-nothing together (the demo load, a check-in with its values).

        `scoped`: the transaction only writes records through the write engine, which holds
        each record's lock before reading it (Cursor.hold); on PostgreSQL it then runs beside
        others rather than waiting for the whole database, and its audit rows are added at
        the end, in commit order (postgres.COMMIT_LOCK).
        """
        if self.read_only:
            raise TrackerError(f"{self.path} is open read-only; writes are not possible.")
        if self.damage is not None:
            raise _damaged(self.path, self.damage)
        with self._write_lock:
            if getattr(self._local, "depth", 0):
                self._local.depth += 1
                try:
                    yield self.cursor()
                finally:
                    self._local.depth -= 1
                return
            shared = scoped and self.url is not None
            cur = self._small_cursor() if shared else self.cursor()
            cur.execute("BEGIN TRANSACTION")
            # Reads inside the transaction (through db.cursor()) see what it has written.
            self._local.active = cur
            self._local.depth = 1
            self._local.reads = {}
            self._local.held = set() if shared else None
            self._local.pending = False
            self._local.ids_left = 0
            try:
                if self.url is not None:
                    postgres.begin_write(cur.raw, scoped)
                yield cur
                if shared:
                    _add_pending_audit(cur)
            except BaseException as err:
                self._roll_back(cur, err)
                if isinstance(err, duckdb.Error) and self.url is not None:
                    self._raise_failed(err)
                raise
            finally:
                self._local.depth = 0
                self._local.reads = None
                self._local.held = None
                self._local.active = None
                self._local.pending = False
                self._local.ids_left = 0
                # Not on an instance set aside: it fails every statement, and that error would
                # replace the one that says what happened.
                if self.url is not None and not shared and not self._abandoned(cur):
                    postgres.end_write(cur.raw)
            try:
                cur.execute("COMMIT")
            except duckdb.Error as err:
                if self.url is None:
                    raise
                self._roll_back(cur, err)
                self._raise_failed(err)
                raise

    def _raise_failed(self, err: duckdb.Error) -> None:
        """Raise the clear error a failed PostgreSQL write is reported as, if it has one."""
        assert self.url is not None
        failed = postgres.write_failed(self.url, err)
        if failed is not err:
            raise failed from err

    def _roll_back(self, cur: "Cursor", err: BaseException) -> None:
        """Roll back the transaction that `err` ended."""
        # On a damaged file DuckDB may fail even to roll back (and then stops the connection);
        # nothing was committed, and the error that led here says what went wrong. PostgreSQL
        # rolls back by itself a transaction whose connection was lost.
        if self.damage is None and self.url is None:
            cur.execute("ROLLBACK")
            return
        if self.url is not None and _invalidated(err):
            self._abandon(cur.instance)  # an error a step made outside the cursor's guard
        if self._abandoned(cur):
            return
        with suppress(duckdb.Error, DatabaseDamaged):
            cur.execute("ROLLBACK")

    def close(self) -> None:
        """Close the connection (and with it every cursor)."""
        instances = [conn for conn in (self._small, self._conn) if conn is not None]
        if self.url is not None:
            # After a lost PostgreSQL connection, DuckDB's postgres extension may still hold a
            # transaction on it and throw from a destructor at close, which aborts the process
            # (the test that stops the server mid-import did, about 1 run in 4). Ending each
            # cursor's transaction and detaching first lets those errors be caught here; the
            # server has already dropped the transaction, and a cursor with none refuses.
            # (An instance DuckDB stopped cannot even do that: it was set aside, see _abandon.)
            for raw in [*instances, *(raw for _, raw in self._raw_cursors)]:
                with suppress(duckdb.Error):
                    raw.execute("ROLLBACK")
            for conn in instances:
                with suppress(duckdb.Error):
                    conn.execute(f"USE memory; DETACH {postgres.CATALOG}")
        for conn in instances:
            conn.close()

    def __enter__(self) -> "Database":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


T = TypeVar("T")

PENDING = "audit_pending"
"""The temporary (DuckDB) table a scoped PostgreSQL transaction keeps its audit rows in until
it commits."""

_AUDIT_COLUMNS = "happened_at, who, action, entity, entity_id, code, before, after"
_PENDING_TABLE = (
    f"CREATE OR REPLACE TEMP TABLE {PENDING} (happened_at TIMESTAMP, who VARCHAR, "
    "action VARCHAR, entity VARCHAR, entity_id BIGINT, code VARCHAR, before VARCHAR, "
    "after VARCHAR)"
)
"""The audit table's columns (its id comes when the rows are added); the JSON as its text."""


def _add_pending_audit(cur: "Cursor") -> None:
    """Add a scoped transaction's audit rows, if it wrote any, in the order written, holding
    COMMIT_LOCK."""
    if not cur._database._local.pending:
        return
    postgres.hold_commit_order(cur.raw)
    # Nothing more until the commit, which the other saves' audit rows wait for: the pending
    # table stays until the next scoped transaction's first audit rows replace it.
    cur.execute(
        f"INSERT INTO audit ({_AUDIT_COLUMNS}) SELECT {_AUDIT_COLUMNS} FROM {PENDING} "
        "ORDER BY rowid"
    )


ID_BLOCK = 32
"""The fewest ids a PostgreSQL write reserves at once: enough for a check-in save's values,
milestones and check-in (ids left unused are gaps, which ids may have)."""


class Cursor:
    """One thread's DuckDB cursor, with every DuckDB method (execute, fetchall, df, register …);
    an error that shows the file damaged becomes DatabaseDamaged and marks the Database damaged.

    Every method is passed through rather than a chosen few, so store code may use any of
    DuckDB's; a method that returns the cursor itself (execute) returns this wrapper.
    """

    def __init__(
        self, raw: duckdb.DuckDBPyConnection, database: Database,
        instance: duckdb.DuckDBPyConnection,
    ) -> None:  # fmt: skip
        self._raw = raw
        self._database = database
        self.instance = instance
        """The connection this cursor was made from (one of the Database's instances)."""

    def remembered(self) -> dict[tuple[str, ...], Any] | None:
        """Return what this thread's open transaction has read and kept for its own later use
        (None outside a transaction): what it reads again within itself is the same."""
        return getattr(self._database._local, "reads", None)

    def kept(self, key: tuple[str, ...], read: Callable[[], list[T]]) -> list[T]:
        """Return `read()`, read once per transaction (see remembered): a check-in save's three
        writes check the same person's grants and name the same initiative."""
        kept = self.remembered()
        if kept is None:
            return read()
        if key not in kept:
            kept[key] = read()
        return list(kept[key])

    @property
    def raw(self) -> duckdb.DuckDBPyConnection:
        """Return DuckDB's own cursor (for the engine-specific steps in store.postgres)."""
        return self._raw

    def _held(self) -> set[str] | None:
        """Return the record locks this scoped PostgreSQL transaction holds (None: not one)."""
        return getattr(self._database._local, "held", None)

    def audit_table(self) -> str:
        """Return the table a write's audit rows go into: `audit`, or in a scoped PostgreSQL
        transaction the pending table added at its end (see Database.transaction), created
        here on its first rows."""
        if self._held() is None:
            return "audit"
        local = self._database._local
        if not local.pending:
            self.execute(_PENDING_TABLE)
            local.pending = True
        return PENDING

    def hold(self, names: list[str] | None) -> None:
        """In a scoped PostgreSQL transaction, wait for the locks of the named records
        ('<table>:<code>') before reading them, or with None for the whole database; anywhere
        else the transaction already has the database to itself."""
        held = self._held()
        if held is None or "" in held:
            return
        wanted = None if names is None else sorted(set(names) - held)
        if wanted == []:
            return
        postgres.hold(self._raw, wanted)
        held.update([""] if wanted is None else wanted)

    def execute_at_source(self, sql: str) -> None:
        """Run one statement of constants (no parameters) where the data is kept: on
        PostgreSQL by PostgreSQL itself, inside this transaction (one step, where DuckDB would
        first read where each row is); on a DuckDB file as any statement."""
        if self._database.url is None:
            self.execute(sql)
            return
        with self._database.guard(self.instance):
            postgres.execute_there(self._raw, sql)

    def reserve_ids(self, n: int) -> None:
        """Make the next n nextval('id_seq') of this write ids no other process uses: on
        PostgreSQL a block reserved from its sequence (postgres.reserve_ids), at least ID_BLOCK
        ids, so that the next writes of the transaction draw from it too (a check-in save's
        three need one block); a DuckDB file has one writing process, whose sequence already
        is that."""
        if self._database.url is None:
            return
        local = self._database._local
        if n > getattr(local, "ids_left", 0):
            held = self._held()
            block = max(n, ID_BLOCK)
            postgres.reserve_ids(self._raw, block, alone=held is None or "" in held)
            local.ids_left = block
        local.ids_left -= n

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._raw, name)
        if not callable(found):
            return found

        def checked(*args: Any, **kwargs: Any) -> Any:
            with self._database.guard(self.instance):
                result = found(*args, **kwargs)
            return self if result is self._raw else result

        return checked


def broke_a_rule(err: duckdb.Error) -> bool:
    """Return True if a statement was refused for breaking a key, foreign key or check: DuckDB
    raises ConstraintException, PostgreSQL (attached) a plain error naming the constraint."""
    text = str(err)
    return isinstance(err, duckdb.ConstraintException) or (
        "violates" in text and "constraint" in text
    )


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
