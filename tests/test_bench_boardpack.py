"""The board pack benchmark runs in tiny mode: a one-theme PowerPoint pack, timed."""

from bench.bench_boardpack import TARGET_PPTX, run


def test_bench_boardpack_tiny_times_a_powerpoint_pack() -> None:
    [row] = run(tiny=True)
    assert "PowerPoint" in row.name
    assert row.median > 0 and row.target == TARGET_PPTX
