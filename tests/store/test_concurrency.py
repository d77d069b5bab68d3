"""Four processes writing at once to one PostgreSQL database lose nothing: every write is in the
history and the audit log, one version per key is current, and it is the last one committed."""

import multiprocessing
import random
from datetime import date

import pandas as pd
import pytest

from tests.conftest import new_pg_database, small_programme
from tracker.models import CheckIn, Milestone
from tracker.store import Database, writes

pytestmark = pytest.mark.slow  # four processes × 200 writes: its own step of `make test`

PROCESSES = 4
WRITES = 200
PERIODS = [date(2025, m, 1) for m in (4, 5, 6)]
"""Few periods and milestones, so that the processes correct the same records again and again."""
MILESTONES = ["UEC-01-MS1", "UEC-01-MS2"]
MEASURES = ["UEC-01-M1", "UEC-01-M3"]


def _write(db: Database, worker: int, n: int, rng: random.Random) -> None:
    """Make write n of a worker: a value correction, a check-in or a milestone move, each
    carrying the number worker * 1000 + n so that the history can be searched for it."""
    tag = worker * 1000 + n
    kind = rng.choice(["value", "check-in", "milestone"])
    if kind == "value":
        points = pd.DataFrame(
            {
                "measure": [rng.choice(MEASURES)],
                "period": [rng.choice(PERIODS)],
                "value": [float(tag) / 100],
                "missing_reason": [""],
                "note": [f"w{tag}"],
            }
        )
        writes.write_data_points(db, points, f"worker{worker}")
    elif kind == "check-in":
        check_in = CheckIn(
            initiative="UEC-01",
            period=rng.choice(PERIODS),
            rag="amber",
            confidence=3,
            progress=f"w{tag}",
            author=f"worker{worker}",
        )
        writes.save_check_ins(db, [check_in], f"worker{worker}")
    else:
        writes.save_milestones(db, [_milestone(rng.choice(MILESTONES), tag)], f"worker{worker}")


def _milestone(code: str, tag: int) -> Milestone:
    return Milestone(
        code=code,
        initiative="UEC-01",
        title="Open the unit",
        owner="Lee Lead",
        baseline_date=date(2026, 1, 1),
        forecast_date=date(2026, 1, 1) + pd.Timedelta(days=tag % 700),
        status="on track",
        change_reason=f"w{tag}",
    )


def _worker(url: str, worker: int) -> None:
    rng = random.Random(worker)
    with Database(url) as db:
        for n in range(WRITES):
            _write(db, worker, n, rng)


def test_four_processes_writing_at_once_lose_nothing_and_keep_the_last_committed(pg):
    url = new_pg_database(pg)
    with Database(url) as db:
        writes.save_entities(db, small_programme(), "setup")
        writes.save_milestones(db, [_milestone(code, 0) for code in MILESTONES], "setup")
    spawn = multiprocessing.get_context("spawn")
    workers = [spawn.Process(target=_worker, args=(url, w + 1)) for w in range(PROCESSES)]
    for process in workers:
        process.start()
    for process in workers:
        process.join()
    assert [p.exitcode for p in workers] == [0] * PROCESSES
    with Database(url, read_only=True) as db:
        cur = db.cursor()

        def one(sql: str) -> object:
            return cur.execute(sql).fetchall()[0][0]

        # Every write is in the history (its tag once) and in the audit log (one row each).
        tags = one(
            "SELECT count(DISTINCT t) FROM (SELECT note AS t FROM data_point WHERE note <> '' "
            "UNION ALL SELECT progress FROM check_in UNION ALL SELECT change_reason FROM "
            "milestone_version WHERE change_reason <> 'w0')"
        )
        assert tags == PROCESSES * WRITES
        audited = one("SELECT count(*) FROM audit WHERE who LIKE 'worker%'")
        assert audited == PROCESSES * WRITES
        # One current version per key, and it is the version written last in commit order
        # (the audit log's order: writes take turns, so ids follow commits).
        for table, key in (
            ("data_point", "measure_id, period"),
            ("check_in", "initiative_id, period"),
            ("milestone_version", "milestone_id"),
        ):
            assert not cur.execute(
                f"SELECT {key} FROM {table} GROUP BY {key} HAVING count(is_current) <> 1"
            ).fetchall()
            stale = cur.execute(
                f"SELECT t.id FROM {table} AS t JOIN (SELECT t.{key.replace(', ', ', t.')}, "
                f"max(a.id) AS last FROM audit AS a JOIN {table} AS t ON t.id = a.entity_id "
                f"AND a.entity = '{table}' GROUP BY ALL) AS l USING ({key}) "
                "JOIN audit AS a ON a.id = l.last WHERE t.is_current AND t.id <> a.entity_id"
            ).fetchall()
            assert stale == [], table
