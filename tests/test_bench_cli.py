"""The command-line benchmark runs in tiny mode: both processes start and exit cleanly."""

from bench.bench_cli import TARGET_HELP, TRACKER, run


def test_bench_cli_tiny_times_help_against_the_typer_floor() -> None:
    rows = run(tiny=True)
    assert [r.name for r in rows] == [
        "tracker --help (whole process)",
        'python -c "import typer" (the floor)',
    ]
    assert rows[0].target == TARGET_HELP and rows[1].target is None
    assert all(r.median > 0 for r in rows)


def test_bench_cli_runs_the_installed_tracker_command() -> None:
    assert TRACKER.is_file()
