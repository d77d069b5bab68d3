"""Seeded generator of a large synthetic portfolio, written through the store's own write engine.

    python -m bench.generate --initiatives 1000 --measures 10000 --years 5 --db PATH

gives an integrated care system's portfolio: a programme per hundred initiatives, a fifth of
the measures weekly and the rest monthly (about 100 points a measure over five years, so 10,000
measures hold about a million data points), corrected values kept as history versions, targets
with revisions, annotations, goals, milestones with re-forecasts, monthly check-ins with
re-submissions, and the audit rows every write leaves. The same scale and seed always give the
same rows. A JSON file beside the database records the scale, the counts and an "as of" time
between the first load and the corrections, so a benchmark can reuse the file and read the
portfolio as it stood before the corrections.
"""

import argparse
import json
import time
from datetime import date, datetime
from pathlib import Path

from bench.synthetic import SEED, TODAY, Scale, corrections, data_points
from bench.synthetic_models import Plan, plan
from tracker.store import Database, grants, queries, writes
from tracker.store.db import utc_now

AUTHOR = "bench.generator"


def write_entities(db: Database, p: Plan) -> None:
    """Write users and the coded entities (programmes, initiatives, measures, goals)."""
    grants.save_people(db, p.users, AUTHOR)
    writes.save_entities(db, p.entities, AUTHOR)


def generate(scale: Scale, path: Path) -> dict[str, object]:
    """Write the portfolio into a new database file at `path`; return its description."""
    started = time.perf_counter()
    for old in (path, path.with_name(path.name + ".wal"), meta_path(path)):
        old.unlink(missing_ok=True)
    p = plan(scale)
    points = data_points(p.series, scale.today, scale.seed)
    with Database(path) as db:
        write_entities(db, p)
        writes.save_targets(db, p.targets, AUTHOR)
        writes.add_annotations(db, p.annotations, AUTHOR)
        writes.save_milestones(db, p.milestones, AUTHOR)
        writes.save_check_ins(db, p.check_ins, AUTHOR)
        writes.write_data_points(db, points, AUTHOR, source="generated history")
        as_of = utc_now()
        rounds = corrections(points, p.series, scale.seed)
        writes.write_data_points(db, rounds[0], AUTHOR, source="corrections 1")
        writes.save_targets(db, p.target_corrections, AUTHOR)
        writes.save_milestones(db, p.reforecasts, AUTHOR)
        writes.save_check_ins(db, p.resubmissions, AUTHOR)
        for k, changed in enumerate(rounds[1:], start=2):
            writes.write_data_points(db, changed, AUTHOR, source=f"corrections {k}")
        counts = queries.row_counts(db)
    meta = {
        "scale": scale.key(),
        "as_of": as_of.isoformat(),
        "current_points": len(points),
        "rows": counts,
        "initiatives": scale.initiatives,
        "measures": scale.measures,
        "seconds": round(time.perf_counter() - started, 2),
        "bytes": path.stat().st_size,
    }
    meta_path(path).write_text(json.dumps(meta, indent=2), "utf-8")
    return meta


def meta_path(path: Path) -> Path:
    """Return the JSON file beside a generated database that describes it."""
    return path.with_name(path.name + ".json")


def ensure(scale: Scale, path: Path) -> dict[str, object]:
    """Return the description of the generated file at `path`, generating it unless reusable."""
    meta = meta_path(path)
    if path.exists() and meta.exists():
        found = json.loads(meta.read_text("utf-8"))
        if found.get("scale") == scale.key():
            return found
    return generate(scale, path)


def as_of(meta: dict[str, object]) -> datetime:
    """Return the generated file's 'as of' time: after the first load, before the corrections."""
    return datetime.fromisoformat(str(meta["as_of"]))


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and generate the portfolio."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--initiatives", type=int, default=1000)
    parser.add_argument("--measures", type=int, default=10_000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--today", type=date.fromisoformat, default=TODAY)
    parser.add_argument("--db", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.measures < args.initiatives:
        parser.error("--measures must be at least --initiatives (each initiative has a measure)")
    scale = Scale(args.initiatives, args.measures, args.years, args.seed, args.today)
    meta = generate(scale, args.db)
    print(json.dumps(meta, indent=2))


if __name__ == "__main__":
    main()
