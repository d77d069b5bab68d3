"""The import benchmark's files: the bad one differs from the good one in its last value only."""

from bench.bench_import import TARGET_MILLION, TARGET_MILLION_CHECK, _million, make_csv


def test_bad_csv_differs_only_in_its_last_value() -> None:
    good, bad = make_csv(3, 4).splitlines(), make_csv(3, 4, bad_last_row=True).splitlines()
    assert good[:-1] == bad[:-1] and bad[-1].endswith(b",N/A")


def test_the_million_point_case_runs_the_apps_import_beside_duckdbs_bare_load() -> None:
    # The tiny portfolio, in this process: the case runs and names every figure; its cost is
    # judged only by `make bench`.
    found = {r.name: r for r in _million(tiny=True)}
    assert found["import 1M: read, validate, preview and commit"].target == TARGET_MILLION
    assert found["import 1M: read + validate (parse_import)"].target == TARGET_MILLION_CHECK
    ratio = found["import 1M ÷ DuckDB alone (the figure to quote)"]
    whole = found["import 1M: read, validate, preview and commit"].median
    bare = found["DuckDB alone: read_csv + INSERT of the same file"].median
    assert ratio.unit == "x" and ratio.median == whole / bare
