"""One timed CSV import in its own process, so its peak memory is measured alone.

    python -m bench.import_worker DB CSV TODAY

reads the CSV file, validates every row (tracker.importers.parse_data_points_csv) and writes the
points (writes.write_data_points) into DB; prints JSON: seconds (read + validate + write),
parse and write seconds, rows written and the process's peak resident memory in MB.
"""

import json
import resource
import sys
import time
from datetime import date
from pathlib import Path

from tracker.importers import parse_data_points_csv
from tracker.store import Database, queries, writes

KIB_PER_MIB = 1024
"""ru_maxrss is in KiB on Linux."""


def main(db_path: Path, csv_path: Path, today: date) -> dict[str, float]:
    """Import the CSV file into the database; return the timings and the peak memory."""
    with Database(db_path) as db:
        start = time.perf_counter()
        points = parse_data_points_csv(csv_path.read_bytes(), queries.measures(db), today)
        parsed = time.perf_counter()
        summary = writes.write_data_points(db, points, "bench.import", source=csv_path.name)
        done = time.perf_counter()
    return {
        "seconds": done - start,
        "parse_seconds": parsed - start,
        "write_seconds": done - parsed,
        "rows": summary.added + summary.changed,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / KIB_PER_MIB,
    }


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), Path(sys.argv[2]), date.fromisoformat(sys.argv[3]))))
