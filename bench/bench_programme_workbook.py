"""Programme workbook load at ICS scale: 100 initiatives and 10,000 measures, made by the
workbook writer from the synthetic portfolio and loaded (`tracker load`) into an empty database."""

import tempfile
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from bench.harness import Result
from bench.synthetic import Scale, data_points
from bench.synthetic_models import plan
from tracker.models import (
    Benefit,
    BenefitMonth,
    DriverLink,
    DriverNode,
    Goal,
    Initiative,
    Measure,
    PdsaCycle,
    Programme,
    Risk,
    RiskAction,
)
from tracker.store import Database
from tracker.workbook import WorkbookContent, programme, workbook_bytes

FULL = Scale(100, 10_000, 1)
"""Issue 15's programme workbook: 100 initiatives, 10,000 measures (a year of history behind
their targets, goals and milestones)."""
TINY = Scale(2, 6, 1)
LATEST_POINTS = 3
"""Each measure's last three values are in the DataPoints sheet, as a monthly update sends
them (the full history goes by CSV import, timed on its own)."""
TARGET_LOAD = 5.0
"""Seconds to read, check and load the workbook (issue 15; 24.5 s before the write engine)."""
RUNS = 3
PRIMARY, SECONDARY, IDEAS, CYCLES_PER_IDEA, RISKS, BENEFITS = 3, 6, 10, 2, 5, 2
"""Per initiative: a driver diagram within issue 17's sample ranges, a ramp of two cycles per
change idea, and a register's risks and benefits (each benefit with a year of months)."""
FY_MONTHS = [date(2026 + (m + 3) // 12, (m + 3) % 12 + 1, 1) for m in range(12)]
"""April 2026 to March 2027."""


def content(scale: Scale) -> WorkbookContent:
    """Return the portfolio's set-up (every sheet) and its measures' latest values."""
    p = plan(scale)

    def of(kind: type) -> tuple:
        return tuple(e for e in p.entities if type(e) is kind)

    points = data_points(p.series, scale.today, scale.seed)
    latest = points.sort_values(["measure", "period"]).groupby("measure").tail(LATEST_POINTS)
    entities = {
        "Programme": of(Programme),
        "Initiatives": of(Initiative),
        "Measures": of(Measure),
        "Goals": of(Goal),
        "Targets": tuple(p.targets),
        "Milestones": tuple(p.milestones),
        "Annotations": tuple(p.annotations),
    }
    return WorkbookContent(entities, latest.reset_index(drop=True))


def _diagram(code: str, measures: Sequence[str]) -> list[DriverNode]:
    def node(kind: str, number: int, parent: str | None = None) -> DriverNode:
        letter = {"primary": "P", "secondary": "S", "change idea": "C"}[kind]
        links = (DriverLink(code=parent),) if parent else ()
        return DriverNode(code=f"{code}-{letter}{number}", initiative=code, kind=kind,
                          title=f"{kind} {number}", parents=links, measures=tuple(measures))  # fmt: skip

    return [
        *(node("primary", n) for n in range(PRIMARY)),
        *(node("secondary", n, f"{code}-P{n % PRIMARY}") for n in range(SECONDARY)),
        *(node("change idea", n, f"{code}-S{n % SECONDARY}") for n in range(IDEAS)),
    ]


def _cycles(code: str, measures: Sequence[str]) -> list[PdsaCycle]:
    return [
        PdsaCycle(code=f"{code}-C{i}-{n}", change_idea=f"{code}-C{i}", number=n,
                  follows=f"{code}-C{i}-{n - 1}" if n > 1 else None, objective="Test it",
                  prediction="It helps", start_date=date(2026, 3 * n, 1),
                  end_date=date(2026, 3 * n, 25), owner="Test Owner", measures=tuple(measures))
        for i in range(IDEAS) for n in range(1, CYCLES_PER_IDEA + 1)
    ]  # fmt: skip


def _risks(code: str, programme: str) -> list[Risk]:
    return [
        Risk(code=f"{code}-R{r}", programme=programme, initiative=code, title="Staffing",
             cause="Because of vacancies", event="there is a risk that clinics close",
             effect="which would delay care", category="workforce", owner="Test Owner",
             identified=date(2026, 4, 1), last_reviewed=date(2026, 10, 1),
             next_review=date(2026, 12, 1),
             actions=(RiskAction(action="Recruit", owner="Test Owner", due=date(2027, 1, 31)),),
             initial_likelihood=4, initial_consequence=4, current_likelihood=3,
             current_consequence=4, target_likelihood=2, target_consequence=2)
        for r in range(RISKS)
    ]  # fmt: skip


def _benefits(code: str) -> list[Benefit]:
    return [
        Benefit(code=f"{code}-B{b}", initiative=code, title="Savings", category="cash-releasing",
                owner="Test Owner", profile_from=FY_MONTHS[0], profile_to=FY_MONTHS[-1])
        for b in range(BENEFITS)
    ]  # fmt: skip


def with_method_and_registers(made: WorkbookContent) -> WorkbookContent:
    """Return the content with a driver diagram, PDSA cycles, risks and benefits per initiative."""
    measures: dict[str, list[str]] = {}
    for m in made.entities["Measures"]:
        assert isinstance(m, Measure)
        measures.setdefault(m.initiative, []).append(m.code)
    programme = made.entities["Programme"][0]
    assert isinstance(programme, Programme)
    nodes, cycles, risks, benefits = [], [], [], []
    for initiative in made.entities["Initiatives"]:
        assert isinstance(initiative, Initiative)
        linked = measures.get(initiative.code, [])[:2]
        nodes += _diagram(initiative.code, linked)
        cycles += _cycles(initiative.code, linked[:1])
        risks += _risks(initiative.code, programme.code)
        benefits += _benefits(initiative.code)
    months = [BenefitMonth(benefit=b.code, month=m, planned=1000.0, actual=900.0)
              for b in benefits for m in FY_MONTHS]  # fmt: skip
    added = {"Drivers": nodes, "PDSA": cycles, "Risks": risks, "Benefits": benefits,
             "BenefitMonths": months}  # fmt: skip
    return WorkbookContent(
        {**made.entities, **{k: tuple(v) for k, v in added.items()}}, made.points
    )


def _load_once(data: bytes, scale: Scale, folder: Path, run: int) -> float:
    """Return the seconds taken to check and load the workbook into a new, empty database."""
    with Database(folder / f"load{run}.duckdb") as db:
        start = time.perf_counter()
        result = programme.load(db, data, "bench", scale.today, source="ics.xlsx")
        seconds = time.perf_counter() - start
    assert result.points.added > 0 and not result.dry_run, result.points
    return seconds


def run(tiny: bool) -> list[Result]:
    """Time writing the programme workbook and loading it (median of three; tiny: once)."""
    scale, runs = (TINY, 1) if tiny else (FULL, RUNS)
    made = content(scale)
    size = f"{scale.initiatives} initiatives, {scale.measures:,} measures"
    start = time.perf_counter()
    data = workbook_bytes(made)
    written = time.perf_counter() - start
    more_content = with_method_and_registers(made)
    fuller = workbook_bytes(more_content)
    counted = ", ".join(f"{len(more_content.entities[n]):,} {n}" for n in ("Drivers", "PDSA",
                        "Risks", "BenefitMonths"))  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        loads = sorted(_load_once(data, scale, Path(folder), k) for k in range(runs))
        more = sorted(_load_once(fuller, scale, Path(folder), runs + k) for k in range(runs))
    return [
        Result("programme workbook: write it (.xlsx)", size, written, None),
        Result("programme workbook: read, check and load it (tracker load)", size,
               loads[len(loads) // 2], None if tiny else TARGET_LOAD),
        Result("programme workbook with diagrams, PDSA cycles, risks and benefits: load it",
               f"{size}, {counted}", more[len(more) // 2], None),
    ]  # fmt: skip
