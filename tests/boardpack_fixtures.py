"""Board pack fixtures: the sample with published packs, and each file built once per session.

Building is the slow part (the PDF starts Chromium), so the packs are built once and shared by
the tests that read them; tests that change data use their own copy of the sample.
"""

import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pptx import Presentation

from bench.long_texts import write_sample
from tests.boardpack_helpers import LONG_LEAD, PERIOD, SMALL_THEME, engine, slide_texts
from tests.conftest import TODAY
from tracker import demo, reports
from tracker.boardpack.build import PackFormat, build, load, spec_of
from tracker.boardpack.model import PackContent
from tracker.boardpack.powerpoint import write_pptx
from tracker.store import Database, packs
from tracker.store.db import utc_now


@pytest.fixture(scope="session")
def pack_db(sample_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """The sample with two published packs: the whole portfolio, then one theme."""
    path = tmp_path_factory.mktemp("boardpack") / "packs.duckdb"
    shutil.copy(sample_file, path)
    with Database(path) as database:
        yield database


@pytest.fixture(scope="session")
def full_pack(pack_db: Database) -> packs.PublishedPack:
    return packs.publish(
        pack_db,
        packs.PackRequest(period=PERIOD, cut_off=utc_now(), author="Pat Secretary"),
    )


@pytest.fixture(scope="session")
def small_pack(pack_db: Database, full_pack: packs.PublishedPack) -> packs.PublishedPack:
    return packs.publish(
        pack_db,
        packs.PackRequest(
            period=PERIOD,
            cut_off=utc_now(),
            author="Pat Secretary",
            filters=packs.PackFilters(theme=SMALL_THEME),
        ),
    )


@pytest.fixture(scope="session")
def pptx_file(full_content: PackContent) -> bytes:
    """The full pack as PowerPoint: what `build` writes, from the contents it would load."""
    return write_pptx(full_content)


@pytest.fixture(scope="session")
def pdf_file(pack_db: Database, small_pack: packs.PublishedPack) -> bytes:
    return build(pack_db, spec_of(small_pack), PackFormat.pdf)


@pytest.fixture(scope="session")
def full_book(pack_db: Database, full_pack: packs.PublishedPack) -> reports.Portfolio:
    """The engine's portfolio at the full pack's cut-off."""
    return engine(pack_db, full_pack)


@pytest.fixture(scope="session")
def pptx_slides(pptx_file: bytes) -> list[str]:
    return slide_texts(pptx_file)


@pytest.fixture(scope="session")
def pptx_deck(pptx_file: bytes) -> Presentation:
    return Presentation(io.BytesIO(pptx_file))


@pytest.fixture(scope="session")
def full_content(pack_db: Database, full_pack: packs.PublishedPack) -> PackContent:
    """The full pack's contents, as both writers receive them."""
    return load(pack_db, spec_of(full_pack))


@pytest.fixture(scope="session")
def long_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with every limited text at its model's maximum length, and one lead's pack
    (PRV-01 only, to keep the suite quick) published; tests copy it and never open it."""
    folder = tmp_path_factory.mktemp("long")
    path = folder / "long.duckdb"
    with Database(path) as database:
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
    return path


@pytest.fixture
def long_db_path(long_file: Path, tmp_path: Path) -> Path:
    """A copy of the longest-texts sample for one test."""
    path = tmp_path / "long.duckdb"
    shutil.copy(long_file, path)
    return path
