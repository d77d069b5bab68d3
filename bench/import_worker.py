"""One timed CSV import in its own process, so its peak memory is measured alone.

    python -m bench.import_worker DB CSV TODAY [--bare]

imports the CSV file into DB as the app does (tracker.importing: read and validate every row,
preview against the values held, commit as one batch) and prints JSON: seconds (the whole
import), parse seconds (read + validate), preview and write seconds, rows written and the
process's peak resident memory in MB. With --bare it instead times DuckDB alone reading the same
file (read_csv) and inserting it into a new table of DB: the floor our import is compared with.
"""

import json
import resource
import sys
import time
from datetime import date
from pathlib import Path

import duckdb

from tracker import importing
from tracker.importers import ImportKind
from tracker.store import Database

KIB_PER_MIB = 1024
"""ru_maxrss is in KiB on Linux."""

ACTOR = "bench.import"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / KIB_PER_MIB


def main(db_path: Path | str, csv_path: Path, today: date) -> dict[str, float]:
    """Import the CSV file into the database as the app does; return the timings and peak memory."""
    with Database(db_path) as db:
        start = time.perf_counter()
        parsed = importing.parse_import(
            db, csv_path.read_bytes(), csv_path.name, ImportKind.datapoints, today
        )
        read = time.perf_counter()
        importing.preview_import(db, parsed)
        previewed = time.perf_counter()
        summary = importing.commit_import(db, ACTOR, parsed)
        done = time.perf_counter()
    return {
        "seconds": done - start,
        "parse_seconds": read - start,
        "preview_seconds": previewed - read,
        "write_seconds": done - previewed,
        "rows": summary.added + summary.changed,
        "peak_mb": _peak_mb(),
    }


def bare(db_path: Path, csv_path: Path) -> dict[str, float]:
    """Time DuckDB's own read_csv + INSERT of the file into a new table, with no checks at all."""
    # Our own layers are bypassed on purpose: this is the floor, not a way the app writes.
    with duckdb.connect(str(db_path)) as con:
        con.execute(
            "CREATE TABLE bare_point (measure VARCHAR, period DATE, value DOUBLE, "
            "missing_reason VARCHAR, note VARCHAR)"
        )
        start = time.perf_counter()
        con.execute(
            "INSERT INTO bare_point SELECT * FROM read_csv(?, header = true)", [str(csv_path)]
        )
        seconds = time.perf_counter() - start
        rows = con.execute("SELECT count(*) FROM bare_point").fetchall()[0][0]
    return {"seconds": seconds, "rows": rows, "peak_mb": _peak_mb()}


if __name__ == "__main__":
    db_arg, csv_arg = Path(sys.argv[1]), Path(sys.argv[2])
    if "--bare" in sys.argv:
        print(json.dumps(bare(db_arg, csv_arg)))
    else:
        print(json.dumps(main(db_arg, csv_arg, date.fromisoformat(sys.argv[3]))))
