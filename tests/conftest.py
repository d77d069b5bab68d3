"""Shared fixtures: a small hand-made programme, and the sample programme loaded once per session."""

import shutil
from datetime import date
from pathlib import Path

import pytest

from tracker import demo
from tracker.models import Initiative, Measure, Programme
from tracker.store import Database, writes

TODAY = date(2026, 11, 23)
"""Tests pin 'today' so the sample's date shift is deterministic."""

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_TODAY", TODAY.isoformat())
    monkeypatch.setenv("TRACKER_USER", "test.user")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "tracker.duckdb"


@pytest.fixture
def db(db_path: Path):
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


@pytest.fixture
def small_db(db: Database) -> Database:
    writes.save_entities(db, small_programme(), "setup")
    return db


@pytest.fixture(scope="session")
def sample_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "sample.duckdb"
    with Database(path) as database:
        demo.load_sample(database, TODAY, "sample.loader")
    return path


@pytest.fixture
def sample_db_path(sample_file: Path, tmp_path: Path) -> Path:
    """A fresh copy of the sample database for one test."""
    path = tmp_path / "sample.duckdb"
    shutil.copy(sample_file, path)
    return path


@pytest.fixture
def sample_db(sample_db_path: Path):
    database = Database(sample_db_path)
    yield database
    database.close()
