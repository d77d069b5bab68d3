"""Tests for UK display rules: dates, months, financial years and units."""

from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest

from tracker.formatting import (
    MISSING,
    difference,
    financial_year,
    number,
    period_label,
    uk_date,
    uk_month,
)
from tracker.models import Unit


@pytest.mark.parametrize(
    "value",
    [
        date(2026, 11, 23),
        datetime(2026, 11, 23, 17, 45),
        pd.Timestamp("2026-11-23"),
        np.datetime64("2026-11-23"),
        "2026-11-23",
    ],
)
def test_uk_date_accepts_every_date_type(value: object) -> None:
    assert uk_date(value) == "23 Nov 2026"


@pytest.mark.parametrize("value", [None, pd.NaT, float("nan"), np.datetime64("NaT")])
def test_absent_dates_show_a_dash(value: object) -> None:
    assert uk_date(value) == MISSING
    assert uk_month(value) == MISSING
    assert financial_year(value) == MISSING


def test_uk_date_has_no_leading_zero() -> None:
    assert uk_date(date(2026, 4, 3)) == "3 Apr 2026"


def test_uk_month() -> None:
    assert uk_month(pd.Timestamp("2026-09-01")) == "Sep 2026"


def test_financial_year_turns_in_april() -> None:
    assert financial_year(date(2027, 3, 31)) == "FY 2026/27"
    assert financial_year(pd.Timestamp("2027-04-01")) == "FY 2027/28"


def test_period_labels_for_each_frequency() -> None:
    assert period_label(date(2026, 11, 16), "weekly") == "w/c 16 Nov 2026"
    assert period_label(date(2026, 10, 1), "monthly") == "Oct 2026"
    assert period_label(date(2026, 4, 1), "quarterly") == "Q1 2026/27"
    assert period_label(date(2027, 1, 1), "quarterly") == "Q4 2026/27"


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "text"),
    [
        (74.23, Unit.percent, 1, "74.2%"),
        (1250, Unit.pounds, None, "£1,250"),
        (-1250.4, "£", 0, "-£1,250"),
        (1234, Unit.count, None, "1,234"),
        (3.44, Unit.days, 1, "3.4 days"),
        (1, Unit.days, 0, "1 day"),
        (12.5, Unit.rate_per_1000, 1, "12.5 per 1,000"),
        (45, Unit.minutes, None, "45 minutes"),
        (-0.01, Unit.percent, 1, "0.0%"),
        (1234567.891, Unit.count, 2, "1,234,567.89"),
    ],
)
def test_number_formats_each_unit(value: float, unit: str, decimals: int | None, text: str) -> None:
    assert number(value, unit, decimals) == text


@pytest.mark.parametrize("value", [None, float("nan"), np.nan])
def test_number_of_nothing_is_a_dash(value: float | None) -> None:
    assert number(value, Unit.percent, 1) == MISSING


def test_number_rejects_an_unknown_unit() -> None:
    with pytest.raises(ValueError, match="furlongs"):
        number(1.0, "furlongs", 1)


def test_difference_of_percentages_is_in_points_and_unsigned() -> None:
    assert difference(-1.34, Unit.percent, 1) == "1.3 points"
    assert difference(2.0, Unit.days, 1) == "2.0 days"
