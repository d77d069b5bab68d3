"""An A&E-shaped programme workbook (a few made-up trusts, 36 months) loads; its SPC matches the engine.

The benchmark builds the same workbook from the real NHS England data beside the repository
(bench/ae_workbook.py); the shared folder asks that those data are not copied into the project, so
this test makes numbers of the same shape itself.
"""

import numpy as np
import pandas as pd
import pytest

from bench import ae_workbook
from tracker import reports
from tracker.spc import analyse
from tracker.store import queries
from tracker.workbook import programme, workbook_bytes

TRUSTS = 4
"""A handful of trusts keeps the test fast; the benchmark loads all 140 real ones."""

SEED = 16


@pytest.fixture(scope="module")
def rows() -> pd.DataFrame:
    """Return type-1 months in `ae_workbook.type1_months`' shape: 4-hour performance of 70-95%.

    The last trust's breaches fall by half for the final year, so one series shows a shift.
    """
    rng = np.random.default_rng(SEED)
    months = pd.date_range(ae_workbook.FIRST_MONTH, periods=ae_workbook.MONTHS, freq="MS")
    frames = []
    for number in range(1, TRUSTS + 1):
        attendances = rng.integers(6_000, 14_000, ae_workbook.MONTHS)
        share = rng.uniform(0.10, 0.30, ae_workbook.MONTHS)
        if number == TRUSTS:
            share[-12:] /= 2
        breaches = np.round(attendances * share).astype(int)
        frames.append(
            pd.DataFrame(
                {
                    "org_code": f"T{number:02d}",
                    "period": months,
                    "attendances": attendances,
                    "breaches": breaches,
                    "performance": 100 * (1 - breaches / attendances),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def engine_direct(rows: pd.DataFrame) -> pd.DataFrame:
    """Return the engine's summary run straight on the CSV's numbers, as the tracker would."""
    four_hour = rows.assign(series_id="AE-" + rows["org_code"] + "-4H", value=rows["performance"])
    count = rows.assign(series_id="AE-" + rows["org_code"] + "-ATT",
                        value=rows["attendances"].astype(float))  # fmt: skip
    points = pd.concat([four_hour, count])[["series_id", "period", "value"]]
    ids = sorted(points["series_id"].unique())
    series = pd.DataFrame(
        {
            "series_id": ids,
            "direction": ["increase" if i.endswith("-4H") else "neither" for i in ids],
            "target": [ae_workbook.STANDARD if i.endswith("-4H") else np.nan for i in ids],
            "baseline_n": 0,
            "frequency": "monthly",
        }
    )
    return analyse(points, series).summary.set_index("series_id")


def test_trust_workbook_loads_and_its_spc_matches_the_engine_on_the_same_numbers(rows, db):
    data = workbook_bytes(ae_workbook.content(rows))
    result = programme.load(db, data, "analyst", ae_workbook.LOADED_ON, source="ae.xlsx")
    assert len(result.keys("Initiative", "added")) == TRUSTS
    assert len(result.keys("Measure", "added")) == 2 * TRUSTS
    assert result.points.added == TRUSTS * 2 * ae_workbook.MONTHS

    book = reports.portfolio(db, ae_workbook.LAST_DAY)
    loaded = book.measures.set_index("code")
    direct = engine_direct(rows)
    assert set(loaded.index) == set(direct.index)
    for code in direct.index:
        got, want = loaded.loc[code], direct.loc[code]
        assert got["n"] == want["n"] == ae_workbook.MONTHS
        assert (got["variation_icon"], got["assurance_icon"]) == (
            want["variation_icon"],
            want["assurance_icon"],
        ), code
        # The workbook keeps 16 significant digits (as Excel shows 15), so allow that much.
        np.testing.assert_allclose(
            got[["mean", "lpl", "upl"]].astype(float), want[["mean", "lpl", "upl"]].astype(float),
            rtol=1e-12,
        )  # fmt: skip
    # A final year of halved breaches is a 12-month shift above the mean: improvement, high.
    assert loaded.loc[f"AE-T{TRUSTS:02d}-4H", "variation_icon"] == "improvement_high"
    four_hour = loaded[loaded.index.str.endswith("-4H")]
    assert set(four_hour["assurance_icon"]) <= {"fail", "hit_and_miss", "pass"}
    assert (queries.targets(db)["value"] == ae_workbook.STANDARD).all()
