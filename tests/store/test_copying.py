"""`tracker copy`: a whole database moves between a DuckDB file and PostgreSQL, both ways, and
its export is the source's; a target that holds data is refused."""

import pandas as pd
import pytest
from typer.testing import CliRunner

from tests.conftest import new_pg_database
from tests.store.test_packs import request
from tracker.cli import app
from tracker.errors import NotAllowed
from tracker.store import Database, copying, packs, queries, writes

runner = CliRunner()


def export(location) -> dict[str, pd.DataFrame]:
    with Database(location, read_only=True) as db:
        return queries.export_tables(db)


def assert_same(left: dict[str, pd.DataFrame], right: dict[str, pd.DataFrame]) -> None:
    assert left.keys() == right.keys()
    for name, table in left.items():
        pd.testing.assert_frame_equal(table, right[name], obj=name)


def test_every_table_of_the_schema_is_copied():
    with_rows = set(copying.tables())
    assert {"data_point", "audit", "import_batch", "board_pack", "milestone_version"} <= with_rows
    assert "schema_version" not in with_rows


def test_the_sample_copies_into_postgresql_and_back_with_the_same_export(corrected, pg, tmp_path):
    into_pg = new_pg_database(pg)
    there = runner.invoke(app, ["copy", str(corrected), into_pg])
    assert there.exit_code == 0, there.output
    back = tmp_path / "back.duckdb"
    again = runner.invoke(app, ["copy", into_pg, str(back)])
    assert again.exit_code == 0, again.output
    before = export(corrected)
    assert_same(before, export(into_pg))
    assert_same(before, export(back))
    with Database(back, read_only=True) as db:
        history = db.cursor().execute("SELECT count(*) FROM data_point").fetchall()[0][0]
    with Database(corrected, read_only=True) as db:
        assert history == db.cursor().execute("SELECT count(*) FROM data_point").fetchall()[0][0]


def test_a_copy_into_postgresql_leaves_its_tables_analysed_and_vacuumed(sample_db_path, pg):
    into_pg = new_pg_database(pg)
    with Database(sample_db_path, read_only=True) as source, Database(into_pg) as target:
        copying.copy_database(source, target)
    # Not left to autovacuum, which would do it later under the first people using the copy
    settled = pg.psql(
        "SELECT count(*) FROM pg_stat_user_tables WHERE relname IN ('data_point', 'audit') "
        "AND last_vacuum IS NOT NULL AND last_analyze IS NOT NULL",
        into_pg.rsplit("/", 1)[1],
    )
    assert settled == "2"


def test_a_copy_takes_new_writes_with_ids_past_the_copied_ones(sample_db_path, tmp_path):
    target = tmp_path / "copy.duckdb"
    with Database(sample_db_path, read_only=True) as found, Database(target) as into:
        copying.copy_database(found, into)
        last = queries.write_counter(into)
        writes.write_data_points(
            into,
            pd.DataFrame(
                {"measure": ["UEC-01-M1"], "period": [pd.Timestamp("2026-09-01").date()],
                 "value": [81.0], "missing_reason": [""], "note": ["after the copy"]}
            ),
            "ana",
        )  # fmt: skip
        assert queries.write_counter(into) > last


def test_a_target_that_holds_data_is_refused_and_left_as_it_was(sample_db_path, small_db):
    before = queries.export_tables(small_db)
    with Database(sample_db_path, read_only=True) as found:
        with pytest.raises(NotAllowed, match="already holds data .in programme"):
            copying.copy_database(found, small_db)
    assert_same(before, queries.export_tables(small_db))


def test_published_packs_are_copied_with_their_ids(sample_db_path, pg):
    with Database(sample_db_path) as db:
        made = packs.publish(db, request())
    into_pg = new_pg_database(pg)
    with Database(sample_db_path, read_only=True) as found, Database(into_pg) as into:
        copying.copy_database(found, into)
        assert packs.published(into) == [made]
