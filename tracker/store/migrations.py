"""Append-only numbered migrations (migrations/NNN_name.sql) recorded in schema_version."""

from collections.abc import Callable
from datetime import UTC, datetime
from importlib import resources
from typing import Any, Protocol

from tracker.errors import SchemaNotKnown


class _Conn(Protocol):
    def execute(self, query: str, parameters: object = ...) -> "_Conn": ...
    def fetchall(self) -> list[tuple[Any, ...]]: ...


def available() -> list[tuple[int, str, str]]:
    """Return every migration as (version, name, sql), in order."""
    folder = resources.files("tracker.store") / "migrations"
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            number, _, rest = entry.name.partition("_")
            found.append((int(number), rest.removesuffix(".sql"), entry.read_text("utf-8")))
    return sorted(found)


def schema_sql() -> str:
    """Return THE schema (schema.sql): what a fresh database is created from."""
    return (resources.files("tracker.store") / "schema.sql").read_text("utf-8")


def _applied(conn: _Conn) -> set[int] | None:
    tables = conn.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchall()
    if tables[0][0] == 0:
        return None
    return {row[0] for row in conn.execute("SELECT version FROM schema_version").fetchall()}


def latest() -> int:
    """Return the schema version this tracker writes: its newest migration's number."""
    return available()[-1][0]


def schema_version(conn: _Conn) -> int | None:
    """Return a database's schema version (its newest applied migration); None if it is empty."""
    applied = _applied(conn)
    return max(applied) if applied else None


FOREIGN_SHOWN = 3
"""How many of another application's tables a refusal names."""


def _own_tables(conn: _Conn) -> list[str]:
    """Return the tables of the database itself (not DuckDB's temporary ones), by name."""
    rows = conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = "
        "current_database() AND table_schema IN ('main', 'public') ORDER BY table_name"
    ).fetchall()
    return [row[0] for row in rows]


def require_known(conn: _Conn, can_migrate: bool) -> None:
    """Refuse a database this tracker cannot use as it is: another application's, written by a
    newer tracker, or older and opened where it cannot be migrated (read-only). An empty
    database is new, not older."""
    version = schema_version(conn)
    if version is None:
        others = _own_tables(conn)
        if others:
            named = ", ".join(others[:FOREIGN_SHOWN])
            raise SchemaNotKnown(
                f"This database holds another application's tables ({len(others)}, such as "
                f"{named}) and no tracker schema; give the tracker an empty database of its own. "
                "Nothing was written."
            )
        return
    if version > latest():
        raise SchemaNotKnown(
            f"This database was written by a newer tracker (schema {version}); upgrade the "
            f"tracker to open it (this one knows schema {latest()}). Nothing was written."
        )
    if version < latest() and not can_migrate:
        raise SchemaNotKnown(
            f"This database was written by an older tracker (schema {version}); run "
            f"`tracker init` on it once to bring it up to schema {latest()}, then try again."
        )


def _record(conn: _Conn, version: int, name: str) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)
    conn.execute("INSERT INTO schema_version VALUES (?, ?, ?)", [version, name, now])


def _recorded(version: int, name: str) -> str:
    """Return an INSERT recording a migration as applied, as SQL text (for run_ddl)."""
    now = datetime.now(UTC).replace(tzinfo=None)
    quoted = name.replace("'", "''")
    return f"\nINSERT INTO schema_version VALUES ({version}, '{quoted}', TIMESTAMP '{now}');"


def _apply(
    conn: _Conn, run_ddl: Callable[[str], None] | None, sql: str, versions: list[tuple[int, str]]
) -> None:
    """Run DDL and record its versions in one transaction: through the connection, or as one
    script through `run_ddl` (an engine whose DDL DuckDB cannot issue itself: PostgreSQL)."""
    if run_ddl is not None:
        run_ddl(sql + "".join(_recorded(version, name) for version, name in versions))
        return
    conn.execute("BEGIN TRANSACTION")
    conn.execute(sql)
    for version, name in versions:
        _record(conn, version, name)
    conn.execute("COMMIT")


def migrate(
    conn: _Conn, fresh_from_schema: bool = True, run_ddl: Callable[[str], None] | None = None
) -> list[int]:
    """Bring the database to the latest schema; return the versions applied (idempotent).

    An empty database is created from schema.sql and every migration is recorded as applied;
    an older one gets the migrations it lacks, each in its own transaction. With
    `fresh_from_schema=False` an empty database is built by the migrations instead (tests use
    this to prove both paths give the same catalog). `run_ddl` runs each step's script where
    DuckDB cannot issue the DDL itself (see _apply).
    """
    require_known(conn, can_migrate=True)
    migrations = available()
    applied = _applied(conn)
    if applied is None and fresh_from_schema:
        _apply(conn, run_ddl, schema_sql(), [(v, name) for v, name, _ in migrations])
        return [version for version, _, _ in migrations]
    done = applied or set()
    ran = []
    for version, name, sql in migrations:
        if version in done:
            continue
        _apply(conn, run_ddl, sql, [(version, name)])
        ran.append(version)
    return ran
