"""PostgreSQL as the shared store, reached through DuckDB's postgres extension (one SQL dialect)."""

import re
from urllib.parse import urlsplit

import duckdb
from duckdb_extensions import import_extension

from tracker.errors import DatabaseBusy, TrackerError

SCHEMES = ("postgresql://", "postgres://")
"""How a --db / TRACKER_DB value names a PostgreSQL database rather than a DuckDB file."""

CATALOG = "tracker_pg"
"""The name DuckDB attaches the PostgreSQL database under (and makes the default)."""

WRITE_LOCK = 7_411_014
"""The advisory lock a tracker write holds until it commits: any fixed number, so long as no
other program on the same database uses it. A write of a few named records (a check-in, a form)
holds it shared, with a lock of its own per record (RECORD_LOCKS); any other write holds it
alone, so it waits for those and they for it."""

RECORD_LOCKS = WRITE_LOCK
"""The first half of each record's advisory lock (the second is a hash of its name):
PostgreSQL keeps two-number locks apart from one-number ones such as WRITE_LOCK."""

COMMIT_LOCK = WRITE_LOCK + 1
"""The advisory lock a write of named records holds from adding its audit rows to committing:
audit ids then follow commits, so the newest is a write counter every server can trust, and a
record's audit rows after a form's counter are every save since."""

ID_TRIES = 20
"""How many times a scoped write draws a block of ids before giving up (DatabaseBusy): a draw
fails only when another write's ids fell between its own."""

LOCK_WAIT = "30s"
"""How long a write waits for the others to finish before it gives up with DatabaseBusy: far
more than a save takes (about 0.05 s), less than a person waits before trying again."""

SMALL_WRITES = "SET GLOBAL threads = 1; SET GLOBAL pg_use_ctid_scan = false"
"""How the DuckDB instance that makes a process's scoped writes (a check-in, a form) is set up.

One thread: a save's statements touch a few rows each, and DuckDB's worker threads only cost
CPU (a third of a save's, measured with eight writers on two cores) and hand-overs. Without
ctid ranges a filtered read is a plain WHERE, which PostgreSQL answers from its indexes (a
write reads the few records it names); with them PostgreSQL scans each range's pages, which
suits a read of whole tables (the board views) on several threads. Those reads keep their
own instance (Database._conn), so neither setting slows them; a read of a few rows by an index
(the write counter's, Database.cursor(few_rows=True)) goes through this one."""

SMALL_WRITES_OPTIMISERS = (
    "expression_rewriter", "filter_pushdown", "in_clause", "unused_columns", "column_lifetime",
    "extension",
)  # fmt: skip
"""The only DuckDB optimisers the small-writes instance runs: those that decide what
PostgreSQL is asked for (each filter and column sent to it, not every row copied here). The
others (join order, statistics, common subexpressions …) plan for rows by the thousand; a
save's statements join a few, and planning them cost more than it gained (a check-in save's
CPU, one writer, three runs each: 24.2 → 21.8 ms)."""

_DDL_WORDS = (
    # DuckDB's DOUBLE is PostgreSQL's DOUBLE PRECISION.
    (re.compile(r"\bDOUBLE\b(?!\s+PRECISION)", re.IGNORECASE), "DOUBLE PRECISION"),
    # DuckDB's day(d), month(d) and year(d) are PostgreSQL's EXTRACT(… FROM d).
    (re.compile(r"\b(day|month|year)\(([^()]*)\)", re.IGNORECASE), r"EXTRACT(\1 FROM \2)"),
)
"""DuckDB words in schema.sql and the migrations → PostgreSQL's: the DDL is written once, in
the schema's DuckDB style, and runs on both engines."""

_FAULTS = (
    ("password authentication failed", "the password was refused"),
    ("no password supplied", "the server wants a password and none was given"),
    ('role "', "the server knows no such user"),
    ('database "', "the database does not exist on that server (create it first)"),
    ("Connection refused", "no server answers at that address"),
    ("could not translate host name", "the server's name is not known"),
    ("timeout expired", "no server answers at that address"),
    ("No route to host", "no server answers at that address"),
)
"""libpq's words when it cannot connect → what is wrong, in a manager's words."""

_SERIALISATION = ("could not serialize access", "deadlock detected")
"""PostgreSQL's words when two writers met: two saves each waiting for a record the other
holds, or another program writing to the tracker's tables."""


def is_url(location: object) -> bool:
    """Return True if a database location names a PostgreSQL database."""
    return isinstance(location, str) and location.startswith(SCHEMES)


def shown(url: str) -> str:
    """Return the URL as messages show it: never with a password, never with query options."""
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    port = f":{parts.port}" if parts.port else ""
    user = f"{parts.username}@" if parts.username else ""
    return f"postgresql://{user}{host}{port}{parts.path}"


def connect(url: str, small_writes: bool = False) -> duckdb.DuckDBPyConnection:
    """Return an in-memory DuckDB connection with the PostgreSQL database attached as default;
    with `small_writes`, set up for writes of a few named records (see SMALL_WRITES)."""
    if urlsplit(url).password is not None:
        raise TrackerError(
            f"The database address {shown(url)} must not hold a password (it would show in "
            "process lists and logs). Remove it, and set PGPASSWORD or a ~/.pgpass line instead."
        )
    con = duckdb.connect(config={"autoinstall_known_extensions": False})
    try:
        import_extension("postgres", con=con)
        con.execute("LOAD postgres")
        con.execute(f"ATTACH '{_quoted(url)}' AS {CATALOG} (TYPE postgres)")
        con.execute(f"USE {CATALOG}")
        if small_writes:
            con.execute(SMALL_WRITES)
            _keep_optimisers(con, SMALL_WRITES_OPTIMISERS)
    except duckdb.Error as err:
        con.close()
        raise cannot_connect(url, err) from None
    return con


def _keep_optimisers(con: duckdb.DuckDBPyConnection, kept: tuple[str, ...]) -> None:
    """Turn off, for the whole instance, every DuckDB optimiser but those `kept`."""
    names = [name for (name,) in con.execute("SELECT name FROM duckdb_optimizers()").fetchall()]
    off = ",".join(name for name in names if name not in kept)
    con.execute(f"SET GLOBAL disabled_optimizers = '{off}'")


def cannot_connect(url: str, err: Exception) -> TrackerError:
    """Return the one-line error for a PostgreSQL database that cannot be reached."""
    text = str(err)
    reason = next((why for words, why in _FAULTS if words in text), None)
    if reason is None:
        # libpq's own words, first line only: it never holds the password.
        reason = text.splitlines()[0] if text else type(err).__name__
    return TrackerError(
        f"Cannot open the database {shown(url)}: {reason}. Check the address, that the server "
        "is running, the user name, and PGPASSWORD or ~/.pgpass."
    )


def _quoted(text: str) -> str:
    return text.replace("'", "''")


def translate(ddl: str) -> str:
    """Return DDL written in the schema's DuckDB style as PostgreSQL runs it."""
    for pattern, replacement in _DDL_WORDS:
        ddl = pattern.sub(replacement, ddl)
    return ddl


def settle_after_load(con: duckdb.DuckDBPyConnection) -> None:
    """Have PostgreSQL gather its statistics and mark the loaded pages (VACUUM ANALYZE) once a
    whole database has been loaded into it, outside any transaction, as VACUUM must be.

    Otherwise its autovacuum does so a minute or so later, under the first people using it: at
    the ICS scale that took seconds of the server's CPU while eight leads were saving (44.6
    saves/s in the bench run it overlapped, 50–58 in the minutes either side). Here it takes
    about a second.
    """
    con.execute(f"CALL postgres_execute('{CATALOG}', 'VACUUM (ANALYZE)', use_transaction := false)")


def run_ddl(con: duckdb.DuckDBPyConnection, ddl: str) -> None:
    """Run DDL on PostgreSQL itself, in one transaction, holding the write lock (two servers
    starting on an empty database at once do not both create it), then forget DuckDB's copy of
    the catalog so the new tables are seen."""
    script = f"SELECT pg_advisory_xact_lock({WRITE_LOCK});\n{translate(ddl)}"
    try:
        con.execute(f"CALL postgres_execute('{CATALOG}', '{_quoted(script)}')")
    finally:
        con.execute("CALL pg_clear_cache()")


def begin_write(con: duckdb.DuckDBPyConnection, scoped: bool) -> None:
    """Start a write on PostgreSQL (inside DuckDB's BEGIN) reading what is committed at each
    statement; unless `scoped`, wait for the write lock alone (see WRITE_LOCK) and read without
    ctid ranges until end_write (a scoped write's instance never uses them: SMALL_WRITES).

    A whole-database write (an import, a set-up edit) happens alone, in a defined order,
    across every server and feed. A scoped write (a few named records) takes locks with hold()
    before it reads them. READ COMMITTED (DuckDB starts REPEATABLE READ) lets a write see what
    the one before it committed while it waited.
    """
    if not scoped:
        con.execute("SET pg_use_ctid_scan = false")  # see SMALL_WRITES
    lock = "" if scoped else f"; SELECT pg_advisory_xact_lock({WRITE_LOCK})"
    _locking(
        con,
        "SET TRANSACTION ISOLATION LEVEL READ COMMITTED; "
        f"SET LOCAL lock_timeout = ''{LOCK_WAIT}''{lock}",
    )


def end_write(con: duckdb.DuckDBPyConnection) -> None:
    """Let this cursor's reads use ctid ranges again after a write that was not scoped (see
    begin_write)."""
    con.execute("RESET pg_use_ctid_scan")


def hold(con: duckdb.DuckDBPyConnection, names: list[str] | None) -> None:
    """Wait for the locks of the named records (WRITE_LOCK shared, and one per name, in order
    so that two writes never each wait for the other); None: for WRITE_LOCK alone."""
    if names is None:
        _locking(con, f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
        return
    each = ", ".join(
        f"pg_advisory_xact_lock({RECORD_LOCKS}, hashtext(''{_quoted(_quoted(n))}''))"
        for n in sorted(names)
    )
    _locking(con, f"SELECT pg_advisory_xact_lock_shared({WRITE_LOCK}), {each}")


def execute_there(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Run one statement on PostgreSQL itself, in the write's transaction."""
    con.execute(f"CALL postgres_execute('{CATALOG}', '{_quoted(sql)}')")


def hold_commit_order(con: duckdb.DuckDBPyConnection) -> None:
    """Wait for COMMIT_LOCK, held until the write commits."""
    _locking(con, f"SELECT pg_advisory_xact_lock({COMMIT_LOCK})")


def _locking(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Run SQL (quoted for postgres_execute) that waits for locks; DatabaseBusy if too long."""
    try:
        con.execute(f"CALL postgres_execute('{CATALOG}', '{sql}')")
    except duckdb.Error as err:
        if "lock timeout" in str(err):
            raise busy() from None
        raise


def busy() -> DatabaseBusy:
    """Return the error for a write that could not start or finish because others held it up."""
    return DatabaseBusy(
        f"Nothing was saved: the database was busy with other saves for more than {LOCK_WAIT}. "
        "Try again in a minute; if it keeps happening, ask your administrator to check the "
        "server."
    )


_LOST = ("server closed the connection", "connection to server", "terminating connection",
         "no connection to the server", "Connection refused")  # fmt: skip
"""libpq's words when the server went away in the middle of a write."""


def write_failed(url: str, err: Exception) -> Exception:
    """Return the error a failed write on PostgreSQL is reported as: a clear one for a lost
    server or a race with another program's write; PostgreSQL's own otherwise (a broken rule
    of the data, which the store's callers turn into their own messages)."""
    text = str(err)
    if any(words in text for words in _LOST):
        return TrackerError(
            f"Lost the connection to the database server ({shown(url)}) during the save: "
            "nothing from it was kept. Try again when the server is back."
        )
    if any(words in text for words in _SERIALISATION) or "lock timeout" in text:
        return busy()
    return err


def reserve_ids(con: duckdb.DuckDBPyConnection, n: int, alone: bool) -> None:
    """Reserve n consecutive ids of PostgreSQL's id_seq for this write and make DuckDB's
    nextval('id_seq') hand them out (a temporary sequence of the same name shadows the table's).

    A write holding the write lock `alone` is the only one drawing ids: it moves the sequence
    past the block in one step. Writes of named records draw at the same time as others, so
    each draws its n ids and keeps them if they came out consecutive (almost always), else
    draws again (the others' ids left unused are gaps, which ids may have). The sequence stops
    at the last reserved id, so a write that needs more fails rather than reuse another's.
    """
    n = max(n, 2)  # DuckDB's sequence needs MINVALUE < MAXVALUE
    draw = (
        f"SELECT setval(''id_seq'', nextval(''id_seq'') + {int(n)} - 1) - {int(n)} + 1 AS "
        "first, TRUE AS consecutive"
        if alone
        else "SELECT min(v) AS first, max(v) - min(v) + 1 = count(*) AS consecutive FROM "
        f"(SELECT nextval(''id_seq'') AS v FROM generate_series(1, {int(n)})) AS drawn"
    )
    for _ in range(ID_TRIES):
        [(first, consecutive)] = con.execute(
            f"SELECT * FROM postgres_query('{CATALOG}', '{draw}')"
        ).fetchall()
        if consecutive:
            break
    else:
        raise busy()
    con.execute(
        f"CREATE OR REPLACE TEMP SEQUENCE id_seq START {int(first)} "
        f"MINVALUE {int(first)} MAXVALUE {int(first) + n - 1}"
    )


def tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Return the names of the tables in the database's public schema."""
    return [
        row[0]
        for row in con.execute(
            f"SELECT * FROM postgres_query('{CATALOG}', 'SELECT tablename FROM pg_tables "
            "WHERE schemaname = ''public'' ORDER BY tablename')"
        ).fetchall()
    ]
