"""The registers benchmark builds its programme and times both pages' data (tiny mode)."""

from datetime import date
from pathlib import Path

from bench import bench_registers
from tracker.store import Database, registers


def test_tiny_run_times_both_pages() -> None:
    rows = bench_registers.run(tiny=True)
    assert [r.name for r in rows] == ["Risks page data, cold", "Benefits page data, cold"]
    assert all(r.median > 0 and r.verdict == "report" for r in rows)


def test_build_writes_every_risk_benefit_and_month(tmp_path: Path) -> None:
    size = bench_registers.Size(2, 10, 4)
    path = tmp_path / "r.duckdb"
    bench_registers.build(path, size)
    with Database(path) as db:
        assert len(registers.risks(db)) == 10
        assert len(registers.benefits(db)) == 4
        months = registers.benefit_months(db)
    # Five financial years of months for each of the four benefits.
    assert len(months) == 4 * 5 * 12
    assert months["month"].min().date() == date(2022, 4, 1)
    assert months["month"].max().date() == date(2027, 3, 1)
