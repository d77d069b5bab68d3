"""Memory a large step freed goes back to the system, DuckDB's included."""

from pathlib import Path

from tracker.store import Database, memory

PAGE = 4096


def _resident_mb() -> float:
    with open("/proc/self/statm") as found:
        return int(found.read().split()[1]) * PAGE / 2**20


def test_duckdbs_allocator_flush_is_found():
    # Without it, an import's freed DuckDB memory stays with DuckDB and issue 15's margin goes.
    assert memory._duckdb_flush() is not None


def test_memory_duckdb_freed_goes_back(tmp_path: Path):
    with Database(tmp_path / "t.duckdb") as db:
        cur = db.cursor()
        before = _resident_mb()
        # A sort of a million rows of text: DuckDB allocates well over 50 MB, then frees it all
        # when the table is dropped, but keeps it for reuse.
        cur.execute(
            "CREATE TEMP TABLE t AS SELECT 'M' || (i % 9973) || ' ' || i AS s, random() AS v "
            "FROM range(1000000) AS r(i) ORDER BY s"
        )
        cur.execute("DROP TABLE t")
        kept = _resident_mb() - before
        memory.give_back()
        after = _resident_mb() - before
    assert kept > 50, kept
    assert after < kept / 2, (kept, after)
