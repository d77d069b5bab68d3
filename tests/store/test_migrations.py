"""The schema file and the migrations lead to the same catalog; migrating is idempotent."""

from datetime import date, datetime

import duckdb
import pandas as pd
import pytest

from tracker.errors import NotFound
from tracker.store import Database, queries
from tracker.store.engine import write
from tracker.store.migrations import available, migrate
from tracker.store.specs import DATA_POINTS

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


def _before(conn: duckdb.DuckDBPyConnection, version: int) -> None:
    """Build the schema as the migrations before `version` left it."""
    for number, name, sql in available():
        if number < version:
            conn.execute(sql)
            conn.execute("INSERT INTO schema_version VALUES (?, ?, now())", [number, name])


def _foreign_keys(conn: duckdb.DuckDBPyConnection, table: str) -> int:
    return conn.execute(
        "SELECT count(*) FROM duckdb_constraints() WHERE table_name = ? "
        "AND constraint_type = 'FOREIGN KEY'",
        [table],
    ).fetchall()[0][0]


def test_data_points_lose_their_foreign_keys_and_keep_every_row(tmp_path):
    conn = duckdb.connect(str(tmp_path / "old.duckdb"))
    _before(conn, 8)
    conn.execute("INSERT INTO programme (id, code, name, sro) VALUES (1, 'P', 'Programme', 'Sam')")
    conn.execute(
        "INSERT INTO initiative (id, code, programme_id, name, aim, lead, sponsor, theme, "
        "organisation, start_date, planned_end, status, checkin_frequency) VALUES (2, 'I', 1, 'I', "
        "'a', 'l', 's', 't', 'o', DATE '2026-01-01', DATE '2027-01-01', 'active', 'monthly')"
    )
    conn.execute(
        "INSERT INTO measure (id, code, initiative_id, name, definition, type, unit, direction, "
        "frequency, decimals, data_source, owner, update_lag_days) VALUES (3, 'I-M1', 2, 'M', 'd', "
        "'outcome', '%', 'increase', 'monthly', 1, 's', 'o', 20)"
    )
    old = (3, date(2026, 1, 1), 74.0, "", "", None, datetime(2026, 2, 2), "ana",
           datetime(2026, 3, 3), "bo", None)  # fmt: skip
    new = (3, date(2026, 1, 1), 75.0, "", "", None, datetime(2026, 3, 3), "bo", None, None, True)
    for n, row in enumerate((old, new), start=10):
        conn.execute("INSERT INTO data_point VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     [n, *row])  # fmt: skip
    assert _foreign_keys(conn, "data_point") == 2
    assert migrate(conn) == [v for v, _, _ in available() if v >= 8]
    assert _foreign_keys(conn, "data_point") == 0
    rows = conn.execute("SELECT * FROM data_point ORDER BY id").fetchall()
    assert rows == [(10, *old), (11, *new)]
    # The keys and checks stay: a second current version of the same value is refused.
    with pytest.raises(duckdb.ConstraintException):
        conn.execute("INSERT INTO data_point VALUES (12, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new)


def test_without_the_foreign_key_an_unknown_measure_is_still_refused_by_name(small_db):
    rows = pd.DataFrame(
        {"measure": ["UEC-01-M1", "NOPE-9"], "period": [date(2026, 9, 1)] * 2, "value": [1.0, 2.0],
         "missing_reason": ["", ""], "note": ["", ""]}
    )  # fmt: skip
    with pytest.raises(NotFound, match="No measure with code NOPE-9: 1 row"):
        with small_db.transaction() as cur:
            write(cur, DATA_POINTS, rows, datetime(2030, 1, 1), "ana")
    assert queries.data_points(small_db).empty
