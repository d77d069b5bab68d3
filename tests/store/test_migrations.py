"""The schema file and the migrations lead to the same catalog; migrating is idempotent."""

import duckdb

from tracker.store import Database
from tracker.store.migrations import available, migrate

CATALOG = """
SELECT table_name, column_name, data_type, is_nullable, column_default
FROM information_schema.columns ORDER BY table_name, ordinal_position
"""
CONSTRAINTS = """
SELECT table_name, constraint_type, constraint_text FROM duckdb_constraints()
ORDER BY table_name, constraint_type, constraint_text
"""


def catalog(conn: duckdb.DuckDBPyConnection) -> tuple[list, list]:
    return conn.execute(CATALOG).fetchall(), conn.execute(CONSTRAINTS).fetchall()


def test_fresh_and_migrated_databases_have_the_same_schema(tmp_path):
    fresh = duckdb.connect(str(tmp_path / "fresh.duckdb"))
    migrate(fresh)
    migrated = duckdb.connect(str(tmp_path / "migrated.duckdb"))
    migrate(migrated, fresh_from_schema=False)
    assert catalog(fresh) == catalog(migrated)
    assert len(catalog(fresh)[0]) > 50


def test_every_migration_is_recorded_and_a_second_run_does_nothing(tmp_path):
    conn = duckdb.connect(str(tmp_path / "db.duckdb"))
    assert migrate(conn) == [v for v, _, _ in available()]
    assert migrate(conn) == []
    recorded = conn.execute("SELECT version FROM schema_version ORDER BY 1").fetchall()
    assert [r[0] for r in recorded] == [v for v, _, _ in available()]


def test_reopening_a_database_keeps_its_data(db_path):
    with Database(db_path) as db:
        db.cursor().execute(
            "INSERT INTO programme (code, name, sro) VALUES ('P', 'Programme', 'Sam')"
        )
    with Database(db_path) as db:
        assert db.cursor().execute("SELECT count(*) FROM programme").fetchall() == [(1,)]


def test_a_database_from_before_measure_ranges_gains_them_empty(tmp_path):
    conn = duckdb.connect(str(tmp_path / "old.duckdb"))
    for version, name, sql in available():
        if version < 3:
            conn.execute(sql)
            conn.execute("INSERT INTO schema_version VALUES (?, ?, now())", [version, name])
    assert migrate(conn) == [v for v, _, _ in available() if v >= 3]
    columns = conn.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'measure' "
        "AND column_name IN ('min_value', 'max_value') ORDER BY 1"
    ).fetchall()
    assert columns == [("max_value",), ("min_value",)]


def test_users_before_people_become_people_known_by_their_lower_case_email(tmp_path):
    conn = duckdb.connect(str(tmp_path / "old.duckdb"))
    for version, name, sql in available():
        if version < 4:
            conn.execute(sql)
            conn.execute("INSERT INTO schema_version VALUES (?, ?, now())", [version, name])
    conn.execute(
        "INSERT INTO app_user (name, email, role) VALUES ('Ann Lead', 'Ann.Lead@Trust.nhs.uk', "
        "'admin'), ('Bo Board', 'bo@trust.nhs.uk', 'viewer')"
    )
    assert migrate(conn)[0] == 4
    people = conn.execute("SELECT name, email FROM person ORDER BY name").fetchall()
    assert people == [("Ann Lead", "ann.lead@trust.nhs.uk"), ("Bo Board", "bo@trust.nhs.uk")]
    # Roles were never enforced: none becomes a grant, so the database stays open to its user.
    assert conn.execute("SELECT count(*) FROM access_grant").fetchall() == [(0,)]
