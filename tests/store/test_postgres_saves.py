"""PostgreSQL check-in saves: a form's save waits only for saves of its own records, runs on the
process's small-writes instance, and reserves its ids once."""

from dataclasses import replace
from datetime import date

import duckdb
import pandas as pd
import pytest

from bench import pg_server
from tests.conftest import TODAY, new_pg_database
from tracker import checkins
from tracker.checkins import Saved
from tracker.errors import DatabaseBusy
from tracker.models import CheckIn
from tracker.store import Database, postgres, queries, writes
from tracker.store.db import ID_BLOCK

OCT = date(2026, 10, 1)
ELE = "ELE-02"
"""Elective recovery: its October check-in is owed (sample_data)."""


@pytest.fixture
def url(pg: pg_server.Server, pg_sample: str) -> str:
    """A fresh copy of the sample programme on the test server."""
    return new_pg_database(pg, pg_sample)


def _check_ins(db: Database) -> int:
    return len(queries.check_ins(db).query("initiative == @ELE"))


def test_a_check_in_form_waits_only_for_saves_of_its_own_records(url, monkeypatch):
    # A second, not thirty, before a save held up gives up: the test waits for it.
    monkeypatch.setattr(postgres, "LOCK_WAIT", "1s")
    with Database(url) as db, Database(url) as other:
        before = _check_ins(db)
        form = replace(checkins.load_form(db, ELE, OCT, TODAY), rag="amber")
        with other.transaction(scoped=True) as cur:
            # Another server is in the middle of saving another initiative's check-in…
            cur.hold(["check_in:UEC-01"])
            saved = checkins.save_check_in(db, "ana", form, TODAY)
            assert isinstance(saved, Saved)
        assert _check_ins(db) == before + 1
        again = replace(checkins.load_form(db, ELE, OCT, TODAY), rag="red")
        with other.transaction(scoped=True) as cur:
            # …and now this one's: the form's save waits for it, then gives up writing nothing.
            cur.hold([f"check_in:{ELE}"])
            with pytest.raises(DatabaseBusy, match="busy with other saves"):
                checkins.save_check_in(db, "ana", again, TODAY)
        assert _check_ins(db) == before + 1


SETTINGS = "SELECT current_setting('threads'), current_setting('disabled_optimizers')"


def test_small_writes_run_on_one_thread_with_few_optimisers_and_reads_keep_theirs(url):
    [(threads, none_off)] = duckdb.connect().execute(SETTINGS).fetchall()
    with Database(url) as db:
        with db.transaction(scoped=True) as cur:
            # Reads inside the save (through db.cursor()) are the save's own.
            assert db.cursor() is cur
            [(writing, off)] = cur.execute(SETTINGS).fetchall()
        reading = db.cursor().execute(SETTINGS).fetchall()[0]
    assert writing == 1 and reading == (threads, none_off)
    # Planning a join's order is off; choosing what PostgreSQL is sent is not
    off = off.split(",")
    assert "join_order" in off and not set(postgres.SMALL_WRITES_OPTIMISERS) & set(off), off


def test_a_check_in_save_reserves_its_ids_once(url, pg):
    name = url.rsplit("/", 1)[1]

    def drawn() -> int:
        return int(pg.psql("SELECT last_value FROM id_seq", database=name))

    with Database(url) as db:
        points = pd.DataFrame(
            {"measure": ["ELE-02-M1", "ELE-02-M2"], "period": [OCT, OCT], "value": [62.0, 3.0],
             "missing_reason": "", "note": "Validated"}
        )  # fmt: skip
        check_in = CheckIn(initiative=ELE, period=OCT, rag="amber", confidence=3, author="Ana")
        start = drawn()
        writes.save_update(db, points, [], check_in, "ana")
        # Values (2 rows) and the check-in (1) need 2 × 2 + 1 and 2 × 1 + 1 ids: one block;
        # the three audit rows take theirs from the sequence as PostgreSQL inserts them.
        assert drawn() - start == ID_BLOCK + 3
        ids = (
            db.cursor()
            .execute(
                "SELECT id FROM data_point WHERE recorded_by = 'ana' UNION ALL "
                "SELECT id FROM check_in WHERE recorded_by = 'ana' ORDER BY id"
            )
            .fetchall()
        )
    assert len(ids) == 3
    assert start < ids[0][0] and ids[-1][0] <= start + ID_BLOCK
