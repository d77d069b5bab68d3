"""The SPC benchmark runs in tiny mode and checks the engine against the reference."""

from bench.bench_spc import run


def test_bench_spc_tiny_returns_rows() -> None:
    rows = run(tiny=True)
    assert len(rows) >= 3
    assert all(r.median > 0 for r in rows)
