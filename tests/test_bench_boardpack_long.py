"""The longest-texts board pack benchmark runs in tiny mode: one lead's PowerPoint pack, timed."""

from bench.bench_boardpack_long import TARGET_PPTX, run


def test_bench_boardpack_long_tiny_times_a_powerpoint_pack() -> None:
    [row] = run(tiny=True)
    assert "PowerPoint" in row.name and "longest" in row.name
    assert row.median > 0 and row.target == TARGET_PPTX
