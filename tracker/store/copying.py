"""Copy a whole database between engines (DuckDB file ⇄ PostgreSQL): every row, ids kept."""

import re

from tracker.errors import NotAllowed
from tracker.store import postgres
from tracker.store.db import Cursor, Database
from tracker.store.migrations import schema_sql

_TABLE = re.compile(r"^CREATE TABLE (\w+)", re.MULTILINE)


def tables() -> list[str]:
    """Return every table of the schema in the order schema.sql creates them (parents first),
    without schema_version (each database records its own)."""
    return [name for name in _TABLE.findall(schema_sql()) if name != "schema_version"]


def _rows(cur: Cursor, table: str) -> int:
    return int(cur.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])


def copy_database(source: Database, target: Database) -> dict[str, int]:
    """Copy every row of every table (every version, the audit log, import batches, published
    packs) from `source` into the empty `target`, in one transaction; return rows per table.

    Ids are kept, so audit rows still name their records, and the target's id sequence moves
    past the largest copied id; a PostgreSQL target is then left settled (postgres.
    settle_after_load). Refused, writing nothing, if the target holds any row.
    """
    found = source.cursor()
    held = [t for t in tables() if _rows(target.cursor(), t)]
    if held:
        raise NotAllowed(
            f"The target {target.path} already holds data (in {', '.join(held[:3])}); copy into "
            "an empty database (a new file, or a new PostgreSQL database). Nothing was written."
        )
    copied: dict[str, int] = {}
    largest = 0
    with target.transaction() as cur:
        for table in tables():
            names = [d[0] for d in found.execute(f"SELECT * FROM {table} LIMIT 0").description]
            # In id order: a batch that reverts another refers to an earlier row of its table.
            order = " ORDER BY id" if "id" in names else ""
            rows = found.execute(f"SELECT * FROM {table}{order}").to_arrow_table()
            columns = ", ".join(names)
            cur.register("copy_rows", rows)
            cur.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM copy_rows")
            cur.unregister("copy_rows")
            copied[table] = rows.num_rows
            if order and rows.num_rows:
                largest = max(largest, int(rows.column("id")[-1].as_py()))
        _move_sequence_past(target, cur, largest)
    if target.url is not None:
        postgres.settle_after_load(target.cursor().raw)
    return copied


def _move_sequence_past(target: Database, cur: Cursor, largest: int) -> None:
    """Make the target's next id larger than every copied one."""
    if largest == 0:
        return
    if target.url is not None:
        cur.execute(
            f"SELECT * FROM postgres_query('{postgres.CATALOG}', "
            f"'SELECT setval(''id_seq'', {int(largest)})')"
        ).fetchall()
        return
    # DuckDB has no setval; the target is new, so drawing that many ids passes them all
    # (about 0.1 s per million).
    cur.execute(f"SELECT max(nextval('id_seq')) FROM range({int(largest)})").fetchall()
