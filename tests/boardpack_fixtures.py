"""Board pack fixtures: the sample with published packs, and each file built once per engine.

Building is the slow part (the PDF starts Chromium), so the packs are built once per engine for
the run and shared by the tests that read them; tests that change data use their own copy of
the sample.
"""

import io
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path

import pytest
from pptx import Presentation

from bench import pg_server
from bench.long_texts import write_sample
from tests.boardpack_helpers import LONG_LEAD, PERIOD, SMALL_THEME, engine, slide_texts
from tests.conftest import TODAY, built_once, engine_copy, new_pg_database
from tracker import demo, reports
from tracker.boardpack.build import PackFormat, build, load, spec_of
from tracker.boardpack.model import PackContent
from tracker.boardpack.powerpoint import write_pptx
from tracker.store import Database, packs
from tracker.store.db import utc_now


class PackSet:
    """The sample with two published packs (the whole portfolio, then one theme) on one engine,
    and each file and reading made from them, each made once when first asked for."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @cached_property
    def full_pack(self) -> packs.PublishedPack:
        return packs.publish(
            self.db, packs.PackRequest(period=PERIOD, cut_off=utc_now(), author="Pat Secretary")
        )

    @cached_property
    def small_pack(self) -> packs.PublishedPack:
        self.full_pack  # noqa: B018 — published first: the small pack compares with it
        return packs.publish(
            self.db,
            packs.PackRequest(
                period=PERIOD,
                cut_off=utc_now(),
                author="Pat Secretary",
                filters=packs.PackFilters(theme=SMALL_THEME),
            ),
        )

    @cached_property
    def full_content(self) -> PackContent:
        """The full pack's contents, as both writers receive them."""
        return load(self.db, spec_of(self.full_pack))

    @cached_property
    def full_book(self) -> reports.Portfolio:
        """The engine's portfolio at the full pack's cut-off."""
        return engine(self.db, self.full_pack)

    @cached_property
    def pptx_file(self) -> bytes:
        """The full pack as PowerPoint: what `build` writes, from the contents it would load."""
        return write_pptx(self.full_content)

    @cached_property
    def pptx_slides(self) -> list[str]:
        return slide_texts(self.pptx_file)

    @cached_property
    def pptx_deck(self) -> Presentation:
        return Presentation(io.BytesIO(self.pptx_file))

    @cached_property
    def pdf_file(self) -> bytes:
        return build(self.db, spec_of(self.small_pack), PackFormat.pdf)


@pytest.fixture(scope="session")
def pack_sets() -> Iterator[dict[str, PackSet]]:
    """Each engine's PackSet, made when a test on that engine first asks (building is slow)."""
    made: dict[str, PackSet] = {}
    yield made
    for pack_set in made.values():
        pack_set.db.close()


@pytest.fixture(scope="module")
def pack_set(
    pack_sets: dict[str, PackSet],
    sample_file: Path,
    tmp_path_factory: pytest.TempPathFactory,
    store_engine: str,
    request: pytest.FixtureRequest,
) -> PackSet:
    """The test's engine's PackSet (one per engine for the whole run)."""
    if store_engine not in pack_sets:
        folder = tmp_path_factory.mktemp("boardpack")
        where = engine_copy(request, store_engine, sample_file, "pg_sample", folder)
        pack_sets[store_engine] = PackSet(Database(where))
    return pack_sets[store_engine]


@pytest.fixture(scope="module")
def pack_db(pack_set: PackSet) -> Database:
    return pack_set.db


@pytest.fixture(scope="module")
def full_pack(pack_set: PackSet) -> packs.PublishedPack:
    return pack_set.full_pack


@pytest.fixture(scope="module")
def small_pack(pack_set: PackSet) -> packs.PublishedPack:
    return pack_set.small_pack


@pytest.fixture(scope="module")
def pptx_file(pack_set: PackSet) -> bytes:
    return pack_set.pptx_file


@pytest.fixture(scope="module")
def pdf_file(pack_set: PackSet) -> bytes:
    return pack_set.pdf_file


@pytest.fixture(scope="module")
def full_book(pack_set: PackSet) -> reports.Portfolio:
    return pack_set.full_book


@pytest.fixture(scope="module")
def pptx_slides(pack_set: PackSet) -> list[str]:
    return pack_set.pptx_slides


@pytest.fixture(scope="module")
def pptx_deck(pack_set: PackSet) -> Presentation:
    return pack_set.pptx_deck


@pytest.fixture(scope="module")
def full_content(pack_set: PackSet) -> PackContent:
    return pack_set.full_content


def _long_sample(database: Database, folder: Path) -> None:
    """Load the sample with every limited text at its model's maximum length, and publish one
    lead's pack (PRV-01 only, to keep the suite quick)."""
    demo.load_sample(database, TODAY, "sample.loader", folder=write_sample(folder / "csv"))
    packs.publish(
        database,
        packs.PackRequest(
            period=PERIOD,
            cut_off=utc_now(),
            author="Pat Secretary",
            filters=packs.PackFilters(lead=LONG_LEAD),
        ),
    )


def _build_long(path: Path) -> None:
    with Database(path) as database:
        _long_sample(database, path.parent)


@pytest.fixture(scope="session")
def long_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The longest-texts sample (_long_sample) in a file that tests copy and never open, built
    once per run and shared by the workers (about 2.5 s of CPU each would spend)."""
    return built_once(tmp_path_factory, "long.duckdb", _build_long)


@pytest.fixture(scope="session")
def pg_long(pg: pg_server.Server, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The longest-texts sample in a PostgreSQL database that tests copy and never open; its
    name."""
    url = new_pg_database(pg)
    with Database(url) as database:
        _long_sample(database, tmp_path_factory.mktemp("pg_long"))
    return url.rsplit("/", 1)[1]


@pytest.fixture
def long_db_path(
    long_file: Path, tmp_path: Path, store_engine: str, request: pytest.FixtureRequest
) -> Path | str:
    """A copy of the longest-texts sample for one test (a file, or a PostgreSQL URL)."""
    return engine_copy(request, store_engine, long_file, "pg_long", tmp_path)
