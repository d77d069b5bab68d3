"""Spike: the store's supersede-and-insert write on PostgreSQL, through DuckDB attaching it and
through psycopg 3 directly; 4 processes × 200 writes on overlapping keys; writes/s, retries, p95.

    python -m bench.spike_postgres
"""

import multiprocessing
import random
import sys
import time
from datetime import UTC, datetime

from bench.pg_server import running

PROCESSES = 4
WRITES = 200
KEYS = 20
"""Few keys, so that the processes correct the same values often (the worst case)."""

TABLE = """
CREATE SEQUENCE id_seq START 1;
CREATE TABLE point (
    id BIGINT PRIMARY KEY DEFAULT nextval('id_seq'),
    measure INTEGER NOT NULL, period DATE NOT NULL, value DOUBLE PRECISION,
    recorded_at TIMESTAMP NOT NULL, recorded_by VARCHAR NOT NULL,
    superseded_at TIMESTAMP, is_current BOOLEAN CHECK (is_current),
    UNIQUE (measure, period, is_current)
);
"""


def _duckdb_writer(url: str, worker: int, out: "multiprocessing.Queue[tuple]") -> None:
    import duckdb
    from duckdb_extensions import import_extension

    con = duckdb.connect(config={"autoinstall_known_extensions": False})
    import_extension("postgres", con=con)
    con.execute(f"ATTACH '{url}' AS pg (TYPE postgres)")
    con.execute("USE pg")
    rng = random.Random(worker)
    latencies, retries = [], 0
    for n in range(WRITES):
        key = rng.randrange(KEYS)
        start = time.perf_counter()
        for attempt in range(50):
            try:
                cur = con
                cur.execute("BEGIN")
                try:
                    now = datetime.now(UTC).replace(tzinfo=None)
                    cur.execute(
                        "UPDATE point SET superseded_at = ?, is_current = NULL "
                        "WHERE measure = ? AND period = DATE '2026-01-01' AND is_current",
                        [now, key],
                    )
                    cur.execute(
                        "INSERT INTO point (measure, period, value, recorded_at, recorded_by, "
                        "is_current) VALUES (?, DATE '2026-01-01', ?, ?, ?, TRUE)",
                        [key, float(n), now, f"w{worker}"],
                    )
                    cur.execute("COMMIT")
                except BaseException:
                    cur.execute("ROLLBACK")
                    raise
                break
            except duckdb.Error:
                retries += 1
                time.sleep(0.002 * 2 ** min(attempt, 6) * rng.random())
        latencies.append(time.perf_counter() - start)
    out.put((latencies, retries))


def _psycopg_writer(url: str, worker: int, out: "multiprocessing.Queue[tuple]") -> None:
    import psycopg

    conn = psycopg.connect(url)
    rng = random.Random(worker)
    latencies, retries = [], 0
    for n in range(WRITES):
        key = rng.randrange(KEYS)
        start = time.perf_counter()
        for attempt in range(50):
            try:
                with conn.transaction():
                    now = datetime.now(UTC).replace(tzinfo=None)
                    conn.execute(
                        "UPDATE point SET superseded_at = %s, is_current = NULL "
                        "WHERE measure = %s AND period = DATE '2026-01-01' AND is_current",
                        [now, key],
                    )
                    conn.execute(
                        "INSERT INTO point (measure, period, value, recorded_at, recorded_by, "
                        "is_current) VALUES (%s, DATE '2026-01-01', %s, %s, %s, TRUE)",
                        [key, float(n), now, f"w{worker}"],
                    )
                break
            except psycopg.Error:
                retries += 1
                time.sleep(0.002 * 2 ** min(attempt, 6) * rng.random())
        latencies.append(time.perf_counter() - start)
    out.put((latencies, retries))


def _run(name: str, target: object, url: str) -> dict[str, float]:
    out: multiprocessing.Queue[tuple] = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=target, args=(url, w, out)) for w in range(PROCESSES)]
    start = time.perf_counter()
    for p in procs:
        p.start()
    results = [out.get() for _ in procs]
    for p in procs:
        p.join()
    elapsed = time.perf_counter() - start
    latencies = sorted(x for lat, _ in results for x in lat)
    found = {
        "writes/s": PROCESSES * WRITES / elapsed,
        "retries": sum(r for _, r in results),
        "p95 ms": 1000 * latencies[int(0.95 * len(latencies))],
    }
    print(name, {k: round(v, 1) for k, v in found.items()}, flush=True)
    return found


def main() -> None:
    import psycopg

    with running() as server:
        for name, target in (("duckdb-attach", _duckdb_writer), ("psycopg", _psycopg_writer)):
            url = server.create_database(name.replace("-", "_"))
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(TABLE)
            _run(name, target, url)
            with psycopg.connect(url) as conn:
                rows = conn.execute("SELECT count(*), count(is_current) FROM point").fetchone()
                print(f"  rows {rows[0]} (of {PROCESSES * WRITES}), current {rows[1]}")
    with open("/proc/loadavg") as load:
        print("load average:", load.read().split()[:3], file=sys.stderr)


if __name__ == "__main__":
    main()
