"""Saving one check-in (its values, a milestone and the narrative) through the write engine."""

import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import pandas as pd

from bench import generate
from bench.bench_scale import FULL, OUT, TINY
from bench.harness import Result
from tracker.models import CheckIn, Milestone
from tracker.store import Database, queries, writes

TARGET_SAVE = 0.05
"""Seconds to save one check-in on the full portfolio (issue 15): a save feels immediate."""

RUNS = 7
"""Saves timed, after one untimed: each a new re-forecast and narrative of the same check-in."""

VALUES = 3
"""Measure values a typical check-in enters: its initiative's measures for the month."""


Form = tuple[pd.DataFrame, list[Milestone], CheckIn]
"""A check-in save's values, milestone changes and narrative, as writes.save_update takes them."""


def _form(db: Database, n: int, which: int = 0) -> Form:
    """Return run n's save of an initiative (the first, or the which-th, counting round again
    past the last): new values, a re-forecast, a narrative."""
    measures = queries.measures(db)
    initiatives = measures["initiative"].drop_duplicates()
    initiative = str(initiatives.iloc[which % len(initiatives)])
    codes = measures.loc[measures["initiative"] == initiative, "code"].head(VALUES).tolist()
    points = pd.DataFrame(
        {"measure": codes, "period": [date(2026, 10, 1)] * len(codes),
         "value": [50.0 + n] * len(codes), "missing_reason": "", "note": ""}
    )  # fmt: skip
    milestone = queries.milestones(db).query("initiative == @initiative").iloc[0]
    moved = Milestone(
        code=milestone["code"], initiative=initiative, title=milestone["title"],
        owner=milestone["owner"], baseline_date=milestone["baseline_date"],
        forecast_date=date(2027, 1, 1 + n % 28), change_reason=f"Re-forecast {n}",
    )  # fmt: skip
    check_in = CheckIn(initiative=initiative, period=date(2026, 10, 1), rag="amber",
                       confidence=1 + n % 5, progress=f"Run {n}", author="Bench Lead")  # fmt: skip
    return points, [moved], check_in


def run(tiny: bool) -> list[Result]:
    """Time one check-in save on a copy of the full portfolio (tiny: a small one)."""
    scale = TINY if tiny else FULL
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) if tiny else OUT
        folder.mkdir(parents=True, exist_ok=True)
        source = folder / f"portfolio-{scale.name}.duckdb"
        generate.ensure(scale, source)
        copy = Path(scratch) / "checkin.duckdb"
        shutil.copyfile(source, copy)
        print(f"  check-in saves on {scale.name} …", file=sys.stderr, flush=True)
        with Database(copy) as db:
            times = []
            for n in range(1 + (1 if tiny else RUNS)):
                form = _form(db, n)
                # As the app saves: based on the write counter its form read (when it showed the
                # form, so untimed), checking that no one saved these records since.
                read_at = queries.write_counter(db)
                start = time.perf_counter()
                writes.save_update(db, *form, "bench.lead", read_at)
                times.append(time.perf_counter() - start)
            seconds = statistics.median(times[1:])
    return [Result("check-in: save values, a milestone and the narrative", scale.name, seconds,
                   None if tiny else TARGET_SAVE)]  # fmt: skip
