"""PostgreSQL as the store: faults named in one line, nothing created; a lost server loses no
half-import; what only PostgreSQL does (the shared write counter, moving a measure)."""

import multiprocessing
import re
import threading
import time
from collections.abc import Callable
from datetime import date
from multiprocessing.synchronize import Event as EventType
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from bench import pg_server
from tests.conftest import TODAY, new_pg_database, small_programme
from tests.register_fixtures import benefit, month, risk
from tests.test_checkins import ELE, OCT, slipped, typed
from tracker import audit_trail, checkins, importing, register_entry, reports
from tracker.errors import DatabaseBusy, SchemaNotKnown, TrackerError
from tracker.importers.kinds import ImportKind
from tracker.store import Database, migrations, postgres, queries, registers, specs, writes

SECRET = "s3cret-Pa55"
"""The one password the tests give; no message may show it."""


@pytest.fixture(scope="module")
def with_password(pg: pg_server.Server) -> str:
    """A user `keeper` whom the server asks for a password (SECRET); its database's URL."""
    hba = pg.data / "pg_hba.conf"
    if "keeper" not in hba.read_text():
        hba.write_text("host all keeper 127.0.0.1/32 scram-sha-256\n" + hba.read_text())
        pg.psql(f"CREATE ROLE keeper LOGIN PASSWORD '{SECRET}'")
        pg.psql("SELECT pg_reload_conf()")
    name = new_pg_database(pg).rsplit("/", 1)[1]
    pg.psql(f'ALTER DATABASE "{name}" OWNER TO keeper')
    return pg.url(name, user="keeper")


def tables(server: pg_server.Server, url: str) -> str:
    return server.psql(
        "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables "
        "WHERE schemaname = 'public'",
        url.rsplit("/", 1)[1],
    )


def test_the_password_comes_from_pgpassword_and_opens_the_database(with_password, monkeypatch):
    monkeypatch.setenv("PGPASSWORD", SECRET)
    with Database(with_password) as db:
        assert queries.is_empty(db)


def test_a_wrong_password_is_named_in_one_line_without_the_password(with_password, monkeypatch):
    monkeypatch.setenv("PGPASSWORD", SECRET + "-wrong")
    with pytest.raises(TrackerError) as refused:
        Database(with_password)
    message = str(refused.value)
    assert "the password was refused" in message
    assert "\n" not in message
    assert SECRET not in message


def test_a_password_in_the_address_is_refused_and_not_shown(pg):
    url = pg.url("tracker").replace("postgres@", f"postgres:{SECRET}@")
    with pytest.raises(TrackerError, match="PGPASSWORD") as refused:
        Database(url)
    assert SECRET not in str(refused.value)


def test_an_unreachable_server_is_named_in_one_line():
    url = f"postgresql://postgres@127.0.0.1:{pg_server.free_port()}/tracker"
    with pytest.raises(TrackerError, match="no server answers at that address") as refused:
        Database(url)
    assert "\n" not in str(refused.value)
    assert url in str(refused.value)


def test_a_missing_database_is_named_and_not_created(pg):
    with pytest.raises(TrackerError, match="database does not exist") as refused:
        Database(pg.url("no_such_db"))
    assert "\n" not in str(refused.value)
    assert pg.psql("SELECT count(*) FROM pg_database WHERE datname = 'no_such_db'") == "0"


def test_another_applications_database_is_refused_and_left_as_it_was(pg):
    url = new_pg_database(pg)
    name = url.rsplit("/", 1)[1]
    pg.psql("CREATE TABLE patients (nhs_number VARCHAR); CREATE TABLE wards (code VARCHAR)", name)
    with pytest.raises(SchemaNotKnown, match="another application's tables .2, such as patients"):
        Database(url)
    assert tables(pg, url) == "patients,wards"


def test_a_newer_trackers_database_is_refused_and_left_as_it_was(pg):
    url = new_pg_database(pg)
    Database(url).close()
    name = url.rsplit("/", 1)[1]
    newer = migrations.latest() + 1
    pg.psql(f"INSERT INTO schema_version VALUES ({newer}, 'future', now())", name)
    before = tables(pg, url)
    with pytest.raises(SchemaNotKnown, match=f"newer tracker .schema {newer}"):
        Database(url)
    assert tables(pg, url) == before
    assert pg.psql("SELECT max(version) FROM schema_version", name) == str(newer)


def test_the_schema_and_every_migration_create_the_same_tables_on_postgresql(pg):
    fresh, stepwise = new_pg_database(pg), new_pg_database(pg)
    Database(fresh).close()
    with Database(stepwise, read_only=True) as db:
        raw = db.cursor().raw
        migrations.migrate(raw, False, run_ddl=lambda ddl: postgres.run_ddl(raw, ddl))
    columns = (
        "SELECT string_agg(table_name || '.' || column_name || ' ' || data_type, ',' "
        "ORDER BY table_name, column_name) FROM information_schema.columns "
        "WHERE table_schema = 'public'"
    )
    assert pg.psql(columns, fresh.rsplit("/", 1)[1]) == pg.psql(columns, stepwise.rsplit("/", 1)[1])


def test_a_write_through_one_server_moves_the_others_write_counter(pg):
    url = new_pg_database(pg)
    with Database(url) as one, Database(url) as other:
        writes.save_entities(one, small_programme(), "setup")
        seen = queries.write_counter(other)
        writes.write_data_points(one, _points([70.0]), "ana")
        assert queries.write_counter(other) > seen


def test_the_database_keeps_one_current_version_per_key(pg):
    url = new_pg_database(pg)
    with Database(url) as db:
        writes.save_entities(db, small_programme(), "setup")
        writes.write_data_points(db, _points([70.0]), "ana")
    name = url.rsplit("/", 1)[1]
    with pytest.raises(Exception, match="duplicate key"):
        pg.psql(
            "INSERT INTO data_point (measure_id, period, value, recorded_at, recorded_by, "
            "is_current) SELECT measure_id, period, 1, now(), 'x', TRUE FROM data_point",
            name,
        )


def _points(values: list[float]) -> pd.DataFrame:
    """Return monthly values of UEC-01-M1 from Apr 2025, as write_data_points takes them."""
    return pd.DataFrame(
        {
            "measure": "UEC-01-M1",
            "period": [date(2025, 4 + n, 1) for n in range(len(values))],
            "value": values,
            "missing_reason": "",
            "note": "",
        }
    )


NARROWED = {
    "data_point": '"measure_id"',
    "target": '"measure_id"',
    "annotation": '"measure_id"',
    "milestone_version": '"milestone_id"',
    "check_in": '"initiative_id"',
    "goal": '"initiative_id"',
}
"""The tables one initiative's page reads its own rows of, and the column that picks them."""


def test_one_initiatives_page_data_asks_postgresql_for_its_rows_only(pg, capfd):
    url = new_pg_database(pg)
    with Database(url) as db:
        writes.save_entities(db, small_programme(), "setup")
        writes.write_data_points(db, _points([70.0, 71.0]), "ana")
        capfd.readouterr()
        db.cursor().execute("SET pg_debug_show_queries = true")
        book = reports.initiative_data(db, "UEC-01", TODAY)
        db.cursor().execute("RESET pg_debug_show_queries")
    assert book.spc.summary["n"].max() == 2
    # The extension prints each statement it sends on the standard error stream
    sent = [line for line in capfd.readouterr().err.splitlines() if line.startswith("COPY")]
    assert any('FROM "public"."data_point"' in line for line in sent)
    for table, column in NARROWED.items():
        reads = [line for line in sent if f'FROM "public"."{table}"' in line]
        # Without the filter, PostgreSQL would send every initiative's rows to be filtered here
        # (a table of which the initiative holds no rows, its milestones here, is not read)
        assert all(column in line for line in reads), (table, reads)
        if reads and "is_current" in reads[0]:
            assert all('"is_current" = ' in line for line in reads), (table, reads)


FEED_MEASURES = 150
"""Weekly measures in the stopped import: about 60,000 values, so it is still writing when the
server stops."""


def _feed(url: str, file: str, told: "multiprocessing.Queue[str]", back: "EventType") -> None:
    """Import a file as a scheduled feed does, in a process of its own; say how it ended; once
    the server is `back`, read through the same Database again and say what it found."""
    with Database(url) as db:
        try:
            parsed = importing.parse_import(
                db, Path(file).read_bytes(), Path(file).name, ImportKind.datapoints, TODAY
            )
            importing.commit_import(db, "feed", parsed)
            told.put("finished")
        except TrackerError as err:
            told.put(str(err))
        except BaseException as err:
            # Any other end is said too, so that the test names it rather than waiting for it
            told.put(f"{type(err).__name__}: {err}")
            raise
        back.wait(timeout=120)
        told.put(f"read again, empty: {queries.is_empty(db)}")


STOPPED_AT = {
    "holding the write lock": "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
    "AND granted",
    # DuckDB's postgres extension raises an internal error when the server goes away during a
    # COPY, and DuckDB then stops the whole instance: the path that used to abort the process.
    "copying the values in": "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
    "AND query LIKE 'COPY %FROM STDIN%'",
}
"""Where in the import the server stops → SQL counting what shows the import has got there."""


@pytest.mark.slow  # starts and stops a server of its own
@pytest.mark.parametrize("stopped_at", list(STOPPED_AT))
def test_a_server_stopped_during_an_import_keeps_none_of_it(tmp_path, stopped_at):
    with pg_server.running() as server:
        url = new_pg_database(server)
        base = small_programme()[2]
        many = [
            base.model_copy(update={"code": f"UEC-01-W{n}", "frequency": "weekly"})
            for n in range(FEED_MEASURES)
        ]
        with Database(url) as db:
            writes.save_entities(db, [*small_programme(), *many], "setup")
            before = queries.export_tables(db)
        weeks = pd.date_range("2019-04-01", "2026-11-09", freq="7D").date
        file = tmp_path / "points.csv"
        pd.DataFrame(
            [(m.code, week, 5.0) for m in many for week in weeks],
            columns=["measure", "period", "value"],
        ).to_csv(file, index=False)
        # The feed runs in its own process, as `tracker import` from a schedule does: were it
        # to abort (DuckDB's postgres extension once did, see db._keep_forever), the test
        # runner would go on and report it.
        spawn = multiprocessing.get_context("spawn")
        told: multiprocessing.Queue[str] = spawn.Queue()
        back = spawn.Event()
        feed = spawn.Process(target=_feed, args=(url, str(file), told, back))
        feed.start()
        while server.psql(STOPPED_AT[stopped_at]) == "0" and told.empty() and feed.is_alive():
            time.sleep(0.01)
        server.stop()
        ended = told.get(timeout=120)
        server.start()
        back.set()
        again = told.get(timeout=120)
        feed.join(timeout=120)
        assert ended != "finished", (
            "the import finished before the server stopped; raise FEED_MEASURES"
        )
        assert "Lost the connection" in ended
        # The feed's Database reads again once the server is back, and the process ends well
        assert again == "read again, empty: False"
        assert feed.exitcode == 0
        with Database(url, read_only=True) as db:
            after = queries.export_tables(db)
    assert after.keys() == before.keys()
    for name, table in before.items():
        pd.testing.assert_frame_equal(after[name], table)


def _value(measure: str, value: float) -> pd.DataFrame:
    """Return one value of a measure for Apr 2025."""
    return _points([value]).assign(measure=measure)


def test_a_save_waits_only_for_saves_of_its_own_records_and_audit_ids_follow_commits(
    pg, monkeypatch
):
    url = new_pg_database(pg)
    # A second, not thirty, before a save held up gives up: the test waits for it.
    monkeypatch.setattr(postgres, "LOCK_WAIT", "1s")
    with Database(url) as one, Database(url) as other:
        writes.save_entities(one, small_programme(), "setup")
        with one.transaction(scoped=True):
            writes.write_data_points(one, _value("UEC-01-M1", 70.0), "ana")
            # Another server saving another measure's value does not wait for the open save…
            writes.write_data_points(other, _value("UEC-01-M2", 5.0), "bob")
            counter_after_bob = queries.write_counter(other)
            # …one saving the same measure's value does, and gives up with a clear error…
            with pytest.raises(DatabaseBusy, match="busy with other saves"):
                writes.write_data_points(other, _value("UEC-01-M1", 71.0), "bob")
            # …and so does a write of the whole database (set-up), which waits for every save.
            with pytest.raises(DatabaseBusy):
                writes.save_entities(other, small_programme()[:1], "setup")
        assert queries.write_counter(other) > counter_after_bob
        cur = other.cursor()
        current = cur.execute(
            "SELECT m.code, d.value FROM data_point AS d JOIN measure AS m ON m.id = d.measure_id "
            "WHERE d.is_current ORDER BY m.code"
        ).fetchall()
        assert current == [("UEC-01-M1", 70.0), ("UEC-01-M2", 5.0)]
        # Ana's save began first but committed last: her audit row comes after Bob's.
        order = cur.execute(
            "SELECT who FROM audit WHERE entity = 'data_point' ORDER BY id"
        ).fetchall()
        assert order == [("bob",), ("ana",)]


def test_a_save_that_waited_for_another_is_recorded_after_it(pg):
    url = new_pg_database(pg)
    with Database(url) as one, Database(url) as other:
        writes.save_entities(one, small_programme(), "setup")
        with one.transaction(scoped=True):
            writes.write_data_points(one, _value("UEC-01-M1", 70.0), "ana")
            # Bob's save of the same value starts now and waits for Ana's to commit.
            waiting = threading.Thread(
                target=writes.write_data_points, args=(other, _value("UEC-01-M1", 71.0), "bob")
            )
            waiting.start()
            time.sleep(1.0)
        waiting.join()
        versions = (
            other.cursor()
            .execute(
                "SELECT recorded_by, value, recorded_at, superseded_at FROM data_point ORDER BY id"
            )
            .fetchall()
        )
    ana, bob = versions
    assert (ana[0], ana[1], bob[0], bob[1]) == ("ana", 70.0, "bob", 71.0)
    # Bob's version is recorded (and Ana's closed) after Ana's was, not when Bob pressed save.
    assert bob[2] >= ana[2] + pd.Timedelta(seconds=0.9)
    assert ana[3] == bob[2]


def _sent(db: Database, capfd: pytest.CaptureFixture[str], read: Callable[[], object]) -> list[str]:
    """Return the COPY statements DuckDB's postgres extension sends PostgreSQL during `read`."""
    capfd.readouterr()
    for few_rows in (False, True):
        db.cursor(few_rows).execute("SET pg_debug_show_queries = true")
    read()
    for few_rows in (False, True):
        db.cursor(few_rows).execute("RESET pg_debug_show_queries")
    return [line for line in capfd.readouterr().err.splitlines() if line.startswith("COPY")]


def _of(table: str, sent: list[str]) -> list[str]:
    return [line for line in sent if f'FROM "public"."{table}"' in line]


def test_the_write_counter_asks_postgresql_only_for_ids_after_the_newest_it_found(pg, capfd):
    url = new_pg_database(pg)
    with Database(url) as db:
        writes.save_entities(db, small_programme(), "setup")
        # As a large audit log is read by the board views: in ranges of pages, one query each
        db.cursor().execute(
            f"CALL postgres_execute('{postgres.CATALOG}', 'ANALYZE audit'); CALL pg_clear_cache(); "
            "SET GLOBAL pg_pages_per_task = 1"
        )
        found = queries.write_counter(db)
        again: list[int] = []
        sent = _sent(db, capfd, lambda: again.append(queries.write_counter(db)))
    # Without the filter, PostgreSQL would send every audit id to find the newest here (the
    # extension writes the number as a quoted constant, which PostgreSQL reads as a bigint)
    newer = re.compile(rf""""id" > '?{found}'?\)""")
    audit = _of("audit", sent)
    assert again == [found] and audit and all(newer.search(line) for line in audit), audit
    # One query, which PostgreSQL answers from the index, not one per range of the log's pages
    assert len(audit) == 1 and "ctid" not in audit[0], audit


def test_checking_a_check_in_asks_postgresql_for_its_initiatives_rows_only(pg, pg_sample, capfd):
    with Database(new_pg_database(pg, pg_sample)) as db:
        form = checkins.load_form(db, ELE, OCT, TODAY)
        form = typed(
            slipped(form, date(2026, 12, 18), "Job plans agreed late"),
            {0: {"Value": "62", "Note": "Validated"}},
            rag="amber",
        )
        checked: list[object] = []
        sent = _sent(
            db, capfd, lambda: checked.append(checkins.preview_check_in(db, "ana", form, TODAY))
        )
    assert isinstance(checked[0], checkins.Checked) and len(checked[0].points) == 1
    read = {t: _of(t, sent) for t in ("data_point", "measure", "milestone_version", "check_in")}
    # The values, the milestone and the check-in are each read; every initiative's would be
    # copied to the app without a filter
    assert all(read.values()), read
    unfiltered = [line for lines in read.values() for line in lines if " WHERE " not in line]
    assert not unfiltered, unfiltered


def test_a_check_in_save_asks_postgresql_for_its_initiatives_id_once(pg, pg_sample, capfd):
    with Database(new_pg_database(pg, pg_sample)) as db:
        form = checkins.load_form(db, ELE, OCT, TODAY)
        form = typed(slipped(form, date(2026, 12, 18), "Job plans agreed late"),
                     {0: {"Value": "62", "Note": "Validated"}}, rag="amber")  # fmt: skip
        checked = checkins.preview_check_in(db, "ana", form, TODAY)
        assert isinstance(checked, checkins.Checked) and checked.milestones
        sent = _sent(db, capfd, lambda: writes.save_update(
            db, checked.points, checked.milestones, checked.check_in, "ana"))  # fmt: skip
    # The milestone's write and the check-in's each need the initiative's id; one read gives it
    initiative = _of("initiative", sent)
    assert len(initiative) == 1 and f"'{ELE}'" in initiative[0], initiative


def test_the_audit_page_asks_postgresql_for_a_span_of_ids_and_named_records_only(pg, capfd):
    url = new_pg_database(pg)
    with Database(url) as db:
        writes.save_entities(db, small_programme(), "setup")
        writes.write_data_points(db, _points([70.0, 71.0]), "ana")
        sent = _sent(db, capfd, lambda: audit_trail.audit_trail(db, limit=2))
    # Without the id span PostgreSQL would send the whole log, JSON and all, to be sorted here
    audit = _of("audit", sent)
    span = re.compile(r""""id" > '?\d+'? AND "id" <= '?\d+'?""")
    assert [line for line in audit if span.search(line)], audit
    assert all('"id" > ' in line for line in audit), audit
    # The check-ins and targets the rows name are asked for by id, not every one of them
    named = _of("check_in", sent) + _of("target", sent)
    assert named and all('"id"' in line for line in named), named


def test_the_audit_log_of_an_initiative_reads_whole_only_the_rows_it_returns(pg, capfd):
    url = new_pg_database(pg)
    with Database(url) as db:
        writes.save_entities(db, small_programme(), "setup")
        writes.write_data_points(db, _points([70.0, 71.0, 72.0]), "ana")
        rows: list[pd.DataFrame] = []
        sent = _sent(db, capfd, lambda: rows.append(queries.audit_log(
            db, initiative="UEC-01", limit=2)))  # fmt: skip
    ids = {str(i) for i in rows[0]["id"]}
    assert len(ids) == 2
    # Every row is read to find the initiative's (PostgreSQL is not sent its codes), but the
    # JSON before and after only of the two returned, asked for by their ids
    whole = [line for line in _of("audit", sent) if '"before"' in line]
    assert len(whole) == 1 and set(re.findall(r"'(\d+)'", whole[0])) <= ids, whole


def test_the_audit_authors_are_read_from_the_rows_after_those_already_read(pg, capfd):
    url = new_pg_database(pg)
    with Database(url) as db:
        writes.save_entities(db, small_programme(), "setup")
        assert queries.audit_authors(db) == ["setup"]
        newest = queries.write_counter(db)
        sent = _of("audit", _sent(db, capfd, lambda: queries.audit_authors(db)))
    # Without the filter PostgreSQL would send every audit row's author each time
    newer = re.compile(rf""""id" > '?{newest}'?\)""")
    assert sent and all(newer.search(line) for line in sent), sent


def test_the_first_recorded_time_is_not_read_again_until_a_write(pg, capfd):
    url = new_pg_database(pg)
    with Database(url) as db:
        writes.save_entities(db, small_programme(), "setup")
        writes.write_data_points(db, _points([70.0]), "ana")
        first = queries.first_recorded(db)
        unchanged = _sent(db, capfd, lambda: queries.first_recorded(db))
        writes.write_data_points(db, _points([70.0, 71.0]), "bo")
        after = _sent(db, capfd, lambda: queries.first_recorded(db))
        assert queries.first_recorded(db) == first
    # Nothing written since: no row's time is asked for
    assert not _of("data_point", unchanged) + _of("check_in", unchanged), unchanged
    # After a write only the rows recorded by the oldest found before, not every row's time
    times = _of("data_point", after) + _of("check_in", after)
    assert times and all('"recorded_at" <= ' in line for line in times), times


def test_a_records_history_asks_postgresql_for_that_records_versions_only(pg, capfd):
    url = new_pg_database(pg)
    with Database(url) as db:
        writes.save_entities(db, small_programme(), "setup")
        writes.write_data_points(db, _points([70.0]), "ana")
        writes.write_data_points(db, _points([71.0]), "bo")
        measure = queries.initiative_keys(db, "UEC-01").measures[0]
        values = _sent(db, capfd, lambda: queries.value_history(db, "UEC-01-M1", date(2025, 4, 1)))
        targets = _sent(db, capfd, lambda: queries.target_history(db, "UEC-01-M1"))
        assert queries.value_history(db, "UEC-01-M1", date(2025, 4, 1))["value"].tolist() == [
            70.0,
            71.0,
        ]
    # Without the measure's own id PostgreSQL would send every measure's value of the period,
    # and every target of every measure
    mine = re.compile(rf""""measure_id" = '?{measure}'?""")
    sent = _of("data_point", values) + _of("target", targets)
    assert len(sent) == 2 and all(mine.search(line) for line in sent), sent


def test_values_of_some_measures_are_asked_of_postgresql_by_their_ids(pg, capfd):
    url = new_pg_database(pg)
    with Database(url) as db:
        writes.save_entities(db, small_programme(), "setup")
        writes.write_data_points(db, _points([70.0, 71.0]), "ana")
        measure = queries.initiative_keys(db, "UEC-01").measures[0]
        codes = ["UEC-01-M1", "NO-SUCH"]
        found = queries.data_points(db, measure_codes=codes)
        sent = _of("data_point", _sent(db, capfd, lambda: queries.data_points(db, None, codes)))
        sent += _of("data_point", _sent(db, capfd, lambda: queries.point_values(db, None, codes)))
    assert found["value"].tolist() == [70.0, 71.0]
    # A check-in's or an import's values are checked against those held for its measures
    # only: narrowed through a join to the codes, PostgreSQL sent every current value
    mine = re.compile(rf""""measure_id" (= '?{measure}'?|>= '?{measure}'?)""")
    assert sent and all(mine.search(line) for line in sent), sent


def test_a_check_in_form_asks_postgresql_for_its_risks_and_months_benefit_figures_only(pg, capfd):
    url = new_pg_database(pg)
    may = date(2026, 5, 1)
    with Database(url) as db:
        writes.save_entities(db, small_programme(), "setup")
        registers.save(db, specs.RISKS, [risk(), risk(code="TEST-R01", initiative=None)], "nia")
        register_entry.save_benefits(db, [benefit()], "fay")
        held = [month(may, planned=1000, actual=900), month(date(2026, 6, 1), planned=1000)]
        registers.save(db, specs.BENEFIT_MONTHS, held, "fay")
        loaded: list[checkins.CheckInForm] = []
        sent = _sent(db, capfd, lambda: loaded.append(checkins.load_form(db, "UEC-01", may, TODAY)))
    assert loaded[0].benefits["Actual"].tolist() == ["900"]
    assert loaded[0].reviews["code"].tolist() == ["UEC-R01"]
    # Every month of every benefit was copied to show one month's figures
    months = _of("benefit_month", sent)
    assert months and all(""""month" >= '2026-05-01'""" in line for line in months), months
    # and every risk of every initiative and of the programme, to show this initiative's
    risks = _of("risk", sent)
    assert risks and all('"initiative_id" = ' in line for line in risks), risks


def test_an_initiatives_keys_are_asked_of_postgresql_by_its_id(pg, capfd):
    url = new_pg_database(pg)
    with Database(url) as db:
        writes.save_entities(db, small_programme(), "setup")
        keys: list[queries.InitiativeKeys] = []
        sent = _sent(db, capfd, lambda: keys.append(queries.initiative_keys(db, "UEC-01")))
        assert queries.initiative_keys(db, "NO-SUCH") == queries.InitiativeKeys(
            "NO-SUCH", None, (), ()
        )
    assert len(keys[0].measures) == 3 and keys[0].milestones == ()
    # Joined to the initiative's code, every measure's and milestone's id was copied
    rows = _of("measure", sent) + _of("milestone", sent)
    mine = re.compile(rf""""initiative_id" = '?{keys[0].id}'?""")
    assert len(rows) == 2 and all(mine.search(line) for line in rows), rows


def test_an_instance_duckdb_stopped_is_set_aside_and_the_next_read_opens_another(pg):
    url = new_pg_database(pg)
    with Database(url) as db:
        writes.save_entities(db, small_programme(), "setup")
        stopped = db.cursor().instance
        # DuckDB stops an instance after an internal error in a statement's execution (the
        # postgres extension raises one when the server goes away during a COPY); no statement
        # does so on purpose, so the error is raised here, inside the cursor's guard.
        with pytest.raises(duckdb.InternalException), db.guard(stopped):
            raise duckdb.InternalException(
                "Error during PQputCopyData: server closed the connection"
            )
        cur = db.cursor()
        assert cur.instance is not stopped
        assert not queries.is_empty(db)
        # A write afterwards goes through the new instance too
        writes.save_entities(
            db, [small_programme()[0].model_copy(update={"name": "Renamed"})], "ana"
        )
    with Database(url, read_only=True) as db:
        assert list(queries.programmes(db)["name"]) == ["Renamed"]
