"""The import benchmark runs in tiny mode: it imports, previews, reverts and checks rejections."""

from bench.bench_import import make_csv, run


def test_bench_import_tiny_returns_rows_and_checks_rejections() -> None:
    rows = run(tiny=True)
    assert [r.name.split(":")[0] for r in rows][0] == "import CSV data points"
    assert rows[0].target == 10.0
    assert all(r.median > 0 for r in rows)


def test_bad_csv_differs_only_in_its_last_value() -> None:
    good, bad = make_csv(3, 4).splitlines(), make_csv(3, 4, bad_last_row=True).splitlines()
    assert good[:-1] == bad[:-1] and bad[-1].endswith(b",N/A")
