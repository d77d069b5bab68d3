"""The workbook benchmark runs in tiny mode on the real A&E data and reports its load time."""

import pytest

from bench import ae_workbook
from bench.bench_workbook import run


def test_bench_workbook_tiny_reports_the_load_time():
    rows = run(tiny=True)
    if ae_workbook.missing_reason() is not None:
        assert rows == []
        pytest.skip(str(ae_workbook.missing_reason()))
    assert [r.name for r in rows][-1] == "workbook: load into an empty database"
    assert all(r.median > 0 for r in rows)
    assert rows[-1].size.startswith("3 trusts")
