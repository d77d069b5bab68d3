"""The database object: a locked, damaged or newer file gets a clear message and nothing written."""

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.damage_helpers import (
    cut_short,
    damage_table,
    overwrite_blocks,
    table_blocks,
    used_blocks,
)
from tracker.errors import DatabaseDamaged, SchemaNotKnown
from tracker.store import Database, batches, queries
from tracker.store.migrations import available, latest, schema_version


def test_second_process_gets_a_clear_message_not_a_traceback(db_path):
    with Database(db_path):
        result = subprocess.run(
            [sys.executable, "-m", "tracker", "init", "--db", str(db_path)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert "in use by another program" in result.stderr
    assert "Traceback" not in result.stderr


def test_read_only_database_refuses_writes(db_path):
    Database(db_path).close()
    with Database(db_path, read_only=True) as db:
        try:
            with db.transaction():
                raise AssertionError("should not get here")
        except Exception as err:  # noqa: BLE001
            assert "read-only" in str(err)


def test_a_damaged_first_block_is_reported_as_damaged_not_as_in_use(sample_db_path):
    # DuckDB names the bad block ("in block at location …"): "block" is not a lock.
    overwrite_blocks(sample_db_path, {0})
    with pytest.raises(DatabaseDamaged, match="is damaged") as caught:
        Database(sample_db_path)
    assert "in use" not in str(caught.value)


def test_a_file_cut_short_is_reported_as_damaged(sample_db_path):
    cut_short(sample_db_path, keep=0.5)
    with pytest.raises(DatabaseDamaged, match="cut short"):
        Database(sample_db_path)


def test_a_file_that_is_not_a_database_is_named_so(db_path):
    db_path.write_text("measure,period,value\n")
    with pytest.raises(DatabaseDamaged, match="not a tracker database"):
        Database(db_path)


def test_damage_in_a_table_refuses_opening_for_writes_and_writes_nothing(sample_db_path):
    damage_table(sample_db_path, "data_point")
    batches_before = _count(sample_db_path, "import_batch")
    with pytest.raises(DatabaseDamaged, match="checksum"):
        Database(sample_db_path)
    assert _count(sample_db_path, "import_batch") == batches_before


def test_reading_a_damaged_table_says_damaged(sample_db_path):
    damage_table(sample_db_path, "data_point")
    with Database(sample_db_path, read_only=True) as db:
        assert not queries.initiatives(db).empty  # the undamaged tables still read
        with pytest.raises(DatabaseDamaged, match="is damaged"):
            queries.data_points(db)


def test_damage_met_during_a_write_refuses_it_and_every_later_write(sample_db_path):
    # Every block that holds no table's rows (indexes, free space) goes bad under the open
    # database, after its opening check; the next import reads an index block and finds it.
    others = set(range(used_blocks(sample_db_path))) - _row_blocks(sample_db_path)
    with Database(sample_db_path) as db:
        overwrite_blocks(sample_db_path, others)
        change = queries.data_points(db).head(50).assign(value=lambda t: t["value"] + 1)
        with pytest.raises(DatabaseDamaged, match="Nothing was written"):
            batches.commit(db, "datapoints", change, "ana", "f.csv")
        with pytest.raises(DatabaseDamaged):
            with db.transaction():
                raise AssertionError("a damaged database must refuse the write before it starts")


def test_a_newer_schema_is_refused_and_left_untouched(db_path):
    newer = latest() + 1
    Database(db_path).close()
    with duckdb.connect(str(db_path)) as conn:
        conn.execute("INSERT INTO schema_version VALUES (?, 'from the future', now())", [newer])
    for read_only in (False, True):
        with pytest.raises(
            SchemaNotKnown,
            match=rf"database was written by a newer tracker \(schema {newer}\); upgrade",
        ):
            Database(db_path, read_only=read_only)
    assert _count(db_path, "schema_version") == len(available()) + 1


def test_an_older_schema_is_migrated_for_writes_and_refused_read_only(db_path):
    with duckdb.connect(str(db_path)) as conn:
        first, name, sql = available()[0]
        conn.execute(sql)
        conn.execute("INSERT INTO schema_version VALUES (?, ?, now())", [first, name])
    with pytest.raises(SchemaNotKnown, match=rf"older tracker \(schema {first}\).*tracker init"):
        Database(db_path, read_only=True)
    with Database(db_path) as db:
        assert schema_version(db.cursor()) == latest()


def _count(path: Path, table: str) -> int:
    with duckdb.connect(str(path), read_only=True) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])


def _row_blocks(path: Path) -> set[int]:
    with duckdb.connect(str(path), read_only=True) as conn:
        tables = [r[0] for r in conn.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
    return {block for table in tables for block in table_blocks(path, table)}
