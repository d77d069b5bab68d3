"""The import benchmark's files: the bad one differs from the good one in its last value only."""

from bench.bench_import import make_csv


def test_bad_csv_differs_only_in_its_last_value() -> None:
    good, bad = make_csv(3, 4).splitlines(), make_csv(3, 4, bad_last_row=True).splitlines()
    assert good[:-1] == bad[:-1] and bad[-1].endswith(b",N/A")
