"""Shared fixtures: a small hand-made programme, and the sample programme loaded once per session;
each on a DuckDB file and, for the store, import, workbook, report and board-pack suites, also
on a real PostgreSQL server started for the run."""

import csv
import itertools
import os
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import psycopg
import pytest
from duckdb_extensions import import_extension
from xdist.scheduler import LoadScopeScheduling

from bench import pg_server
from tracker import demo
from tracker.demo import SAMPLE_DIR
from tracker.models import Goal, Initiative, Measure, Programme
from tracker.store import Database, writes

TODAY = date(2026, 11, 23)
"""Tests pin 'today' so the sample's date shift is deterministic.

Its last complete month, Oct 2026, is the sample's own last month, so the sample's monthly facts
(values, milestones, check-ins) load on the dates its CSV files give.
"""


def sample_rows(name: str) -> list[dict[str, str]]:
    """Return the rows of one of the sample programme's CSV files (sample_data/), as text."""
    with (SAMPLE_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def sample_value(measure: str, period: date) -> str:
    """Return a monthly measure's value in the sample's datapoints.csv, as written there."""
    [value] = [
        row["value"]
        for row in sample_rows("datapoints.csv")
        if row["measure"] == measure and row["period"] == period.isoformat()
    ]
    return value


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_TODAY", TODAY.isoformat())
    monkeypatch.setenv("TRACKER_USER", "test.user")


ENGINES = ("duckdb", "postgres")

BOTH_ENGINES = (
    "tests/store/",
    "tests/test_importers",
    "tests/test_importing",
    "tests/test_workbook",
    "tests/test_reports",
    "tests/test_boardpack",
)
"""The suites that run on both engines: every test in them whose database the engine chooses."""

FILE_ONLY = ("tests/store/test_db.py",)
"""Tests of DuckDB's file itself (locks, damage); tests/store/test_postgres.py has PostgreSQL's."""


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every test of BOTH_ENGINES whose database comes through `store_engine` (directly or
    through any fixture, a module's own included) on DuckDB and PostgreSQL."""
    where = Path(metafunc.definition.path).relative_to(Path(__file__).parent.parent).as_posix()
    both = where.startswith(BOTH_ENGINES) and not where.startswith(FILE_ONLY)
    if both and "store_engine" in metafunc.fixturenames:
        metafunc.parametrize("store_engine", ENGINES, indirect=True, scope="module")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Refuse a test of BOTH_ENGINES that copies the sample itself (a module's own fixture, not
    through `store_engine`): it would run on DuckDB only, unnoticed."""
    root = Path(__file__).parent.parent
    for item in items:
        where = Path(item.path).relative_to(root).as_posix()
        names = getattr(item, "fixturenames", ())
        own = "sample_file" in names and "store_engine" not in names
        if own and where.startswith(BOTH_ENGINES) and not where.startswith(FILE_ONLY):
            raise pytest.UsageError(
                f"{item.nodeid} copies the sample without store_engine, so it runs on DuckDB "
                "only: take its database through store_engine (see engine_copy)."
            )


PACK_TESTS = ("tests/test_boardpack", "tests/ui/test_board_pack.py")
"""The tests that read the board packs built once per worker and engine (boardpack_fixtures):
one worker runs them all, so the packs (about 6 s of CPU per engine: PowerPoint, and PDF through
Chromium) and the longest-texts sample on PostgreSQL are built once per run, not on each worker."""


class PacksTogether(LoadScopeScheduling):
    """pytest-xdist's load scheduling (each test its own unit), except that PACK_TESTS are one
    unit, sent first as the largest.

    xdist's own `--dist loadgroup` would do it, but with pytest 9 it ignores xdist_group marks:
    it renames each marked test through `_nodeid`, an attribute pytest no longer reads.
    """

    def _split_scope(self, nodeid: str) -> str:
        return "board packs" if nodeid.startswith(PACK_TESTS) else nodeid


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> PacksTogether | None:
    """Schedule the default `-n` run with PacksTogether; any other --dist as asked."""
    return PacksTogether(config, log) if config.getvalue("dist") == "load" else None


@pytest.fixture(scope="module")
def store_engine(request: pytest.FixtureRequest) -> str:
    """Which engine the test's database is on: DuckDB unless the test runs on both.

    Module-scoped, so a module's shared fixtures (one read-only sample, one set of packs) are
    made once per engine, and the module's tests run on DuckDB first, then on PostgreSQL.
    """
    return getattr(request, "param", "duckdb")


RAM = Path("/dev/shm")
RAM_NEEDED = 2 * 1024**3
"""The test server's files go to memory when it has room: on a shared disk, making a database
(a copy of its template's files) took 0.45 s rather than 0.1 s, and stopping 3.4 s rather than 0.3 s.
Each test's database is dropped after it, so the server holds a few at a time."""


def _ram() -> Path | None:
    """Return the memory-backed folder if it has room (a container's is often 64 MB), else None."""
    if RAM.is_dir() and shutil.disk_usage(RAM).free >= RAM_NEEDED:
        return RAM
    return None


def pytest_configure(config: pytest.Config) -> None:
    """Put the run's temporary folders (every tmp_path: each test's DuckDB files and sample
    copies) in memory when it has room and no --basetemp was given.

    On the shared disk each DuckDB file's checkpoint at close waited for its fsync and each
    sample copy was written out: opening, writing and closing a small programme's file took
    77 ms of CPU there and 68 ms in memory, its close 25 ms rather than 15. pytest-xdist's
    workers take their folders from here. pyproject's tmp_path_retention_policy removes each
    passed test's folder as it ends, so memory holds only the run's shared files.
    """
    if config.option.basetemp is None and _ram() is not None:
        os.environ.setdefault("PYTEST_DEBUG_TEMPROOT", str(RAM))


@pytest.fixture(scope="session")
def pg() -> Iterator[pg_server.Server]:
    """A PostgreSQL server for the run (each pytest-xdist worker has its own)."""
    with pg_server.running(under=_ram()) as server, postgres_extension_checked_once():
        with psycopg.connect(server.url("postgres"), autocommit=True) as admin:
            ADMIN_CONNECTIONS[server] = admin
            yield server
            del ADMIN_CONNECTIONS[server]


ADMIN_CONNECTIONS: dict[pg_server.Server, psycopg.Connection] = {}
"""The session server's superuser connection, kept for the run: each test makes and drops a
database, and starting psql for each statement took 50–70 ms."""


def _admin(server: pg_server.Server, sql: str) -> None:
    """Run one statement as the server's superuser (through psql for a test's own server)."""
    admin = ADMIN_CONNECTIONS.get(server)
    if admin is None:
        server.psql(sql)
    else:
        admin.execute(sql)


@contextmanager
def postgres_extension_checked_once() -> Iterator[None]:
    """Check the postgres extension's signature once per process, not at every connection.

    DuckDB hashes the whole 41 MB extension file at each LOAD (0.15–0.3 s of every PostgreSQL
    connection, several per test); the file cannot change during a run, so after one checked
    LOAD here, the tracker's later connections load it unchecked.
    """
    checked = {"autoinstall_known_extensions": False}
    with duckdb.connect(config=checked) as con:
        import_extension("postgres", con=con)
        con.execute("LOAD postgres")
    connect = duckdb.connect

    def connect_checked_once(*args: object, **kwargs: object) -> duckdb.DuckDBPyConnection:
        if kwargs.get("config") == checked:
            kwargs["config"] = {**checked, "allow_unsigned_extensions": True}
        return connect(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(duckdb, "connect", connect_checked_once)
        yield


def new_pg_database(server: pg_server.Server, template: str | None = None) -> str:
    """Create a new, empty (or template's copy) database on the test server; return its URL."""
    name = f"t_{secrets.token_hex(6)}"
    copy = f' TEMPLATE "{template}"' if template else ""
    _admin(server, f'CREATE DATABASE "{name}"{copy}')
    return server.url(name)


def drop_pg_database(server: pg_server.Server, url: str) -> None:
    """Drop a test's database, closing any connection the test left open."""
    _admin(server, f'DROP DATABASE "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_empty(pg: pg_server.Server) -> str:
    """An empty tracker database on the test server, its schema made once per run, that tests
    copy (CREATE DATABASE … TEMPLATE) and never open; its name."""
    url = new_pg_database(pg)
    Database(url).close()
    return url.rsplit("/", 1)[1]


@pytest.fixture
def db_path(
    tmp_path: Path, store_engine: str, request: pytest.FixtureRequest
) -> Iterator[Path | str]:
    """Where a test's new database lives: a DuckDB file not yet made, or the URL of a new
    PostgreSQL database, dropped after the test.

    On PostgreSQL a test that opens it through `db` gets a copy of `pg_empty`, as a first opening
    would leave it, without running every migration again (about 1 s each on a busy machine); a
    test that takes only the location gets a database with nothing in it.
    """
    if store_engine != "postgres":
        yield tmp_path / "tracker.duckdb"
    elif "db" in request.fixturenames:
        yield from _pg_copy(request, "pg_empty")
    else:
        server = request.getfixturevalue("pg")
        url = new_pg_database(server)
        yield url
        drop_pg_database(server, url)


def _pg_copy(request: pytest.FixtureRequest, template_fixture: str) -> Iterator[str]:
    """Yield the URL of a new copy of a session's template database; drop it after the test."""
    template = request.getfixturevalue(template_fixture)
    server = request.getfixturevalue("pg")
    url = new_pg_database(server, template)
    yield url
    drop_pg_database(server, url)


@pytest.fixture(scope="module")
def new_databases(
    store_engine: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Callable[[], Path | str]:
    """Return a maker of new, empty databases on the module's engine, for a test that needs
    many (a property test, one per example, where function-scoped fixtures run once)."""
    if store_engine == "postgres":
        server, template = request.getfixturevalue("pg"), request.getfixturevalue("pg_empty")
        return lambda: new_pg_database(server, template)
    folder = tmp_path_factory.mktemp("databases")
    numbers = itertools.count()
    return lambda: folder / f"tracker{next(numbers)}.duckdb"


@pytest.fixture
def db(db_path: Path | str):
    database = Database(db_path)
    yield database
    database.close()


def small_programme() -> list[Programme | Initiative | Measure]:
    """Return a programme with one initiative and three measures (%, count weekly, days)."""
    return [
        Programme(code="TEST", name="Test programme", sro="Sam Owner"),
        Initiative(
            code="UEC-01",
            programme="TEST",
            name="Same day emergency care",
            aim="Raise 4-hour performance from 72% to 78% by March 2027",
            lead="Lee Lead",
            sponsor="Dana Director",
            theme="Urgent and emergency care",
            organisation="Test Trust",
            start_date=date(2024, 4, 1),
            planned_end=date(2027, 3, 31),
        ),
        Measure(
            code="UEC-01-M1",
            initiative="UEC-01",
            name="4-hour performance",
            definition="Share of type 1 attendances within 4 hours",
            type="outcome",
            unit="%",
            direction="increase",
            frequency="monthly",
            data_source="ECDS",
            owner="Ana Analyst",
        ),
        Measure(
            code="UEC-01-M2",
            initiative="UEC-01",
            name="Ambulance arrivals",
            definition="Arrivals by ambulance per week",
            type="process",
            unit="count",
            direction="neither",
            frequency="weekly",
            decimals=0,
            data_source="ECDS",
            owner="Ana Analyst",
        ),
        Measure(
            code="UEC-01-M3",
            initiative="UEC-01",
            name="Length of stay",
            definition="Mean length of stay of non-elective admissions",
            type="balancing",
            unit="days",
            direction="decrease",
            frequency="monthly",
            data_source="SUS",
            owner="Ana Analyst",
        ),
    ]


def other_initiatives_goal() -> list[Initiative | Measure | Goal]:
    """Return a second initiative with a measure, and a goal of UEC-01 on that measure."""
    second = small_programme()[1].model_copy(update={"code": "UEC-02", "name": "Second"})
    measure = small_programme()[2].model_copy(update={"code": "UEC-02-M1", "initiative": "UEC-02"})
    goal = Goal(
        code="UEC-01-G1",
        initiative="UEC-01",
        statement="Reach 78 %",
        measure="UEC-02-M1",
        baseline_value=72,
        baseline_period=date(2025, 4, 1),
        target_value=78,
        target_date=date(2027, 3, 1),
    )
    return [second, measure, goal]


@pytest.fixture
def small_db(db: Database) -> Database:
    writes.save_entities(db, small_programme(), "setup")
    return db


SAMPLE_WAIT = 120
"""Seconds a pytest-xdist worker waits for another worker to build a shared file on a busy
machine."""


def _build_sample(path: Path) -> None:
    with Database(path) as database:
        demo.load_sample(database, TODAY, "sample.loader")


def _claim(path: Path) -> bool:
    """Return True for the one caller that creates `path` (atomic across processes)."""
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        return False
    return True


def built_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]
) -> Path:
    """Return the DuckDB file `name`, made by `build` (given a path in a folder of its own) once
    per run; tests copy it and never open it.

    Under pytest-xdist the workers share one build (each would otherwise spend its CPU on its
    own): the first to claim it builds it and moves it into place whole; the others wait.
    """
    private = tmp_path_factory.mktemp(Path(name).stem) / name
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        build(private)
        return private
    shared = tmp_path_factory.getbasetemp().parent / name
    failed = shared.with_suffix(".failed")
    if _claim(shared.with_suffix(".claimed")):
        try:
            build(private)
        except BaseException:
            failed.touch()
            raise
        os.replace(private, shared)
        return shared
    deadline = time.monotonic() + SAMPLE_WAIT
    while not shared.exists() and not failed.exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"no other worker built {shared} within {SAMPLE_WAIT} s")
        time.sleep(0.05)
    if failed.exists():  # the builder's own tests say why; try again here
        build(private)
        return private
    return shared


@pytest.fixture(scope="session")
def sample_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample programme, built once per run (about 1.5 s of CPU), shared by the workers."""
    return built_once(tmp_path_factory, "sample.duckdb", _build_sample)


@pytest.fixture(scope="session")
def pg_sample(pg: pg_server.Server) -> str:
    """The sample programme in a PostgreSQL database that tests copy (CREATE DATABASE …
    TEMPLATE) and never open; its name."""
    with Database(new_pg_database(pg)) as database:
        demo.load_sample(database, TODAY, "sample.loader")
        name = str(database.path).rsplit("/", 1)[1]
    return name


def engine_copy(
    request: pytest.FixtureRequest, store_engine: str, file: Path, template: str, folder: Path
) -> Path | str:
    """Return a new copy of a prepared database on the test's engine: of the DuckDB `file`, put
    in `folder`, or of the PostgreSQL database the session fixture named `template` made."""
    if store_engine == "postgres":
        return new_pg_database(request.getfixturevalue("pg"), request.getfixturevalue(template))
    path = folder / file.name
    shutil.copy(file, path)
    return path


@pytest.fixture
def sample_db_path(
    sample_file: Path, tmp_path: Path, store_engine: str, request: pytest.FixtureRequest
) -> Iterator[Path | str]:
    """A fresh copy of the sample database for one test (a file, or a PostgreSQL URL)."""
    if store_engine == "postgres":
        yield from _pg_copy(request, "pg_sample")
    else:
        path = tmp_path / "sample.duckdb"
        shutil.copy(sample_file, path)
        yield path


@pytest.fixture
def sample_db(sample_db_path: Path | str):
    database = Database(sample_db_path)
    yield database
    database.close()


@pytest.fixture(scope="module")
def sample_read_only(
    sample_file: Path,
    tmp_path_factory: pytest.TempPathFactory,
    store_engine: str,
    request: pytest.FixtureRequest,
):
    """One copy of the sample per module (and engine), opened read-only: for tests that only
    read it."""
    folder = tmp_path_factory.mktemp("sample_read_only")
    where = engine_copy(request, store_engine, sample_file, "pg_sample", folder)
    with Database(where, read_only=True) as database:
        yield database


@pytest.fixture
def corrected(sample_db_path: Path | str) -> Path | str:
    """The sample with UEC-01-M1's September value corrected to 80.5 by ana.analyst, noted."""
    with Database(sample_db_path) as db:
        writes.write_data_points(
            db,
            pd.DataFrame(
                {
                    "measure": ["UEC-01-M1"],
                    "period": [date(2026, 9, 1)],
                    "value": [80.5],
                    "missing_reason": [""],
                    "note": ["validated"],
                }
            ),
            "ana.analyst",
        )
    return sample_db_path


ADMIN = "ada.admin@trust.nhs.uk"
EDITOR = "eddie.editor@trust.nhs.uk"
"""An editor of UEC-01 only, in `guarded_db`."""
VIEWER = "vera.viewer@trust.nhs.uk"


@pytest.fixture
def guarded_db(small_db: Database) -> Database:
    """The small programme with a second initiative (UEC-02, measure UEC-02-M1) and grants:
    ADMIN admin, EDITOR editor of UEC-01, VIEWER viewer; so every write is checked."""
    from tracker import access

    writes.save_entities(small_db, other_initiatives_goal()[:2], "setup")
    access.grant(small_db, ADMIN, "admin", None, "setup")
    access.grant(small_db, EDITOR, "editor", "UEC-01", ADMIN)
    access.grant(small_db, VIEWER, "viewer", None, ADMIN)
    return small_db
