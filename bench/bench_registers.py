"""The Risks and Benefits pages' data at ICS scale (issue 18): 20,000 risks and 5,000 benefits
with five financial years of monthly figures, read cold."""

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bench.harness import Result
from tracker import benefits
from tracker import registers_view as view
from tracker.models import Benefit, BenefitMonth, Initiative, Programme, Risk, RiskAction
from tracker.store import Database, registers, specs, writes

OUT = Path(__file__).resolve().parent / "out"
TARGET_PAGE = 0.3
"""Seconds for a page's data, read cold (issue 18)."""
TODAY = date(2026, 12, 5)
FY_COUNT = 5
"""Financial years of monthly figures per benefit: April 2022 to March 2027."""
FIRST_MONTH = date(2022, 4, 1)
RUNS = 3
AUTHOR = "bench"


@dataclass(frozen=True)
class Size:
    """How many initiatives, risks and benefits the programme holds."""

    initiatives: int
    risks: int
    benefits: int

    @property
    def name(self) -> str:
        """Return the file name stem this size's database is cached under."""
        return f"registers-{self.initiatives}-{self.risks}-{self.benefits}-v2"


FULL = Size(200, 20_000, 5_000)
TINY = Size(3, 30, 6)
MONTHS = [date(FIRST_MONTH.year + (m + 3) // 12, (m + 3) % 12 + 1, 1) for m in range(12 * FY_COUNT)]


def _initiative(n: int) -> str:
    return f"ICS-{n:03d}"


def _entities(size: Size) -> list[Programme | Initiative]:
    made: list[Programme | Initiative] = [
        Programme(code="ICS", name="ICS improvement programme", sro="Bench Sro")
    ]
    made += [
        Initiative(code=_initiative(n), programme="ICS", name=f"Initiative {n}", aim="Improve care",
                   lead="Bench Lead", sponsor="Bench Sponsor", theme="Urgent care",
                   organisation="Bench Trust", start_date=date(2022, 4, 1),
                   planned_end=date(2028, 3, 31))
        for n in range(size.initiatives)
    ]  # fmt: skip
    return made


def _risks(size: Size) -> list[Risk]:
    """Return the risks spread over the initiatives, scores across the matrix, some reviews and
    a quarter of the actions overdue."""
    return [
        Risk(code=f"R{k:05d}", programme="ICS", initiative=_initiative(k % size.initiatives),
             title=f"Risk {k}", cause="Because of vacancies", event="there is a risk that clinics "
             "close", effect="which would delay care", category="workforce", owner="Bench Owner",
             identified=date(2025, 4, 1), last_reviewed=date(2026, 10, 1),
             next_review=date(2026, 11 + k % 2, 1 + k % 28),
             actions=(RiskAction(action="Recruit", owner="Bench Owner",
                                 due=date(2026, 11, 30) if k % 4 == 0 else date(2027, 1, 31)),),
             initial_likelihood=5, initial_consequence=5, current_likelihood=1 + k % 5,
             current_consequence=1 + (k // 5) % 5, target_likelihood=1, target_consequence=1)
        for k in range(size.risks)
    ]  # fmt: skip


def _benefits(size: Size) -> list[Benefit]:
    return [
        Benefit(code=f"B{k:05d}", initiative=_initiative(k % size.initiatives), title=f"Saving {k}",
                category="cash-releasing" if k % 5 else "quality", owner="Bench Owner",
                unit="£" if k % 5 else "bed days", profile_from=MONTHS[0], profile_to=MONTHS[-1])
        for k in range(size.benefits)
    ]  # fmt: skip


def _months(size: Size) -> list[BenefitMonth]:
    """Return each benefit's 60 months: planned, and actual and forecast up to last month."""
    return [
        BenefitMonth(benefit=f"B{k:05d}", month=m, planned=1000.0,
                     actual=900.0 + k % 3 * 100 if m < TODAY.replace(day=1) else None,
                     forecast=12_000.0 if m < TODAY.replace(day=1) else None)
        for k in range(size.benefits) for m in MONTHS
    ]  # fmt: skip


def build(path: Path, size: Size) -> None:
    """Write the programme and its registers to a new database: one engine write per kind."""
    with Database(path) as db:
        writes.save_entities(db, _entities(size), AUTHOR)
        registers.save(db, specs.RISKS, _risks(size), AUTHOR)
        registers.save(db, specs.BENEFITS, _benefits(size), AUTHOR)
        registers.save(db, specs.BENEFIT_MONTHS, _months(size), AUTHOR)


def risks_page(db: Database) -> object:
    """Return what the Risks page shows (tracker/ui/pages/risks.py)."""
    regs = view.load(db, TODAY)
    return (view.above_line(regs), view.heat_map_cells(regs), view.movement_rows(regs),
            view.register_rows(regs))  # fmt: skip


def benefits_page(db: Database) -> object:
    """Return what the Benefits page shows (tracker/ui/pages/benefits.py)."""
    regs = view.load(db, TODAY)
    return (view.money_rows(regs), benefits.cumulative(regs.benefits, regs.months),
            view.behind_rows(regs), view.other_rows(regs))  # fmt: skip


def cold(path: Path, fn: Callable[[Database], object], runs: int) -> float:
    """Return the median time of `fn` on a freshly opened database each run (nothing cached)."""
    times = []
    for _ in range(runs):
        with Database(path) as db:
            start = time.perf_counter()
            fn(db)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(tiny: bool) -> list[Result]:
    """Build (or reuse) the registers' database and time each page's data cold."""
    size, runs = (TINY, 1) if tiny else (FULL, RUNS)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) if tiny else OUT
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{size.name}.duckdb"
        if not path.exists():
            print(f"  building {path.name} …", file=sys.stderr, flush=True)
            partial = path.with_suffix(".partial")
            partial.unlink(missing_ok=True)
            build(partial, size)
            partial.rename(path)
        label = f"{size.risks:,} risks, {size.benefits:,} benefits × {len(MONTHS)} months"
        target = None if tiny else TARGET_PAGE
        return [
            Result("Risks page data, cold", label, cold(path, risks_page, runs), target),
            Result("Benefits page data, cold", label, cold(path, benefits_page, runs), target),
        ]


if __name__ == "__main__":
    from bench.harness import format_table

    print(format_table(run(tiny="--tiny" in sys.argv)))
