"""Benefits register arithmetic for a financial year (April–March): plan, actual and forecast."""

from datetime import date

import numpy as np
import pandas as pd

from tracker.attention import REGISTER_COLUMNS, ExceptionKind
from tracker.formatting import number, uk_month
from tracker.periods import Frequency, last_complete_period

FY_FIRST_MONTH = 4
"""NHS financial years run April to March."""

BEHIND_SHARE = 0.10
"""A benefit more than this share behind its plan year to date is an exception (issue 18)."""

POUNDS = "£"


def fy_start(day: date) -> date:
    """Return the 1 April that starts the financial year holding `day`."""
    year = day.year if day.month >= FY_FIRST_MONTH else day.year - 1
    return date(year, FY_FIRST_MONTH, 1)


def reporting_month(today: date) -> date:
    """Return the month the registers report: the latest month complete by `today`."""
    return last_complete_period(today, Frequency.monthly)


YEAR_COLUMNS = ["plan_ytd", "actual_ytd", "plan_year", "forecast", "forecast_given", "behind"]


def year_table(benefits: pd.DataFrame, months: pd.DataFrame, today: date) -> pd.DataFrame:
    """Return each benefit (registers.benefits) with its financial year's figures, the year
    being the one holding the reporting month: plan_ytd and actual_ytd (April to the reporting
    month), plan_year (April to March), forecast (the latest forecast outturn given in the year
    up to the reporting month; the plan for the year where none was given, forecast_given
    False), and behind: a benefit (not a dis-benefit) whose actual is more than BEHIND_SHARE
    below its plan year to date."""
    last = pd.Timestamp(reporting_month(today))
    first = pd.Timestamp(fy_start(last.date()))
    end = first + pd.DateOffset(years=1)
    stamp = pd.to_datetime(months["month"])
    year = months[(stamp >= first) & (stamp < end)].assign(month=stamp)
    to_date = year[year["month"] <= last]
    by = "benefit"
    plan_year = year.groupby(by)["planned"].sum()
    plan_ytd = to_date.groupby(by)["planned"].sum()
    actual_ytd = to_date.groupby(by)["actual"].sum()
    given = to_date.dropna(subset=["forecast"]).sort_values("month").groupby(by)["forecast"].last()
    frame = benefits.copy()
    codes = frame["code"]
    frame["plan_year"] = codes.map(plan_year).fillna(0.0)
    frame["plan_ytd"] = codes.map(plan_ytd).fillna(0.0)
    frame["actual_ytd"] = codes.map(actual_ytd).fillna(0.0)
    forecast = codes.map(given)
    frame["forecast_given"] = forecast.notna()
    frame["forecast"] = forecast.fillna(frame["plan_year"])
    frame["behind"] = (
        ~frame["dis_benefit"].astype(bool)
        & (frame["plan_ytd"] > 0)
        & (frame["actual_ytd"] < frame["plan_ytd"] * (1 - BEHIND_SHARE))
    )
    frame.attrs["year"] = first.date()
    frame.attrs["last_month"] = last.date()
    return frame


def cash(table: pd.DataFrame) -> pd.DataFrame:
    """Return the benefits counted in pounds (a dis-benefit's figures count against)."""
    return table[table["unit"] == POUNDS]


def by_initiative(table: pd.DataFrame) -> pd.DataFrame:
    """Return the £ benefits' plan, actual and forecast summed by initiative, with a Total row
    last; a dis-benefit's figures are subtracted."""
    money = cash(table)
    sign = np.where(money["dis_benefit"].astype(bool), -1.0, 1.0)
    figures = ["plan_year", "plan_ytd", "actual_ytd", "forecast"]
    signed = money[figures].mul(sign, axis=0).assign(initiative=money["initiative"])
    summed = signed.groupby("initiative", as_index=False)[figures].sum()
    total = pd.DataFrame([{"initiative": "Total", **summed[figures].sum().to_dict()}])
    return pd.concat([summed, total], ignore_index=True)


def cumulative(table: pd.DataFrame, months: pd.DataFrame) -> pd.DataFrame:
    """Return the £ benefits' planned and actual totals by month of the year of year_table,
    each cumulative from April (actual only up to the reporting month), and forecast: from the
    reporting month's actual, straight to the year's forecast outturn in March (NaN before)."""
    first = pd.Timestamp(table.attrs["year"])
    last = pd.Timestamp(table.attrs["last_month"])
    money = cash(table)
    sign = pd.Series(np.where(money["dis_benefit"].astype(bool), -1.0, 1.0), index=money["code"])
    held = months[months["benefit"].isin(money["code"])].assign(
        month=pd.to_datetime(months["month"])
    )
    weight = held["benefit"].map(sign)
    held = held.assign(planned=held["planned"] * weight, actual=held["actual"] * weight)
    all_months = pd.date_range(first, periods=12, freq="MS")
    summed = held.groupby("month")[["planned", "actual"]].sum().reindex(all_months, fill_value=0.0)
    frame = summed.cumsum().rename_axis("month").reset_index()
    frame.loc[frame["month"] > last, "actual"] = np.nan
    outturn = float((money["forecast"] * sign.to_numpy()).sum())
    reported = int((frame["month"] <= last).sum()) - 1
    steps = np.arange(len(frame)) - reported
    left = len(frame) - 1 - reported
    start = float(frame["actual"].iloc[reported])
    line = start + (outturn - start) * steps / left if left else np.full(len(frame), outturn)
    frame["forecast"] = np.where(steps >= 0, line, np.nan)
    return frame


def exceptions(table: pd.DataFrame, concern: set[str]) -> pd.DataFrame:
    """Return the benefits behind plan by more than BEHIND_SHARE year to date, and those
    claimed (an actual above nothing) while their linked measure is in `concern` (measures
    whose latest point shows special cause concern). Columns: attention.REGISTER_COLUMNS."""
    rows: list[tuple[str, object, object, object, str]] = []
    month = uk_month(table.attrs.get("last_month"))
    behind = table[table["behind"]]
    for code, initiative, title, plan, actual, unit in behind[
        ["code", "initiative", "title", "plan_ytd", "actual_ytd", "unit"]
    ].itertuples(index=False):
        short = 1 - actual / plan
        rows.append((ExceptionKind.benefit_behind_plan.value, code, initiative, title,
                     f"Delivered {_amount(actual, unit)} against a plan of {_amount(plan, unit)} "
                     f"to {month}: {short:.0%} behind."))  # fmt: skip
    claimed = table[(table["actual_ytd"] > 0) & table["measure"].isin(concern)]
    for code, initiative, title, actual, unit, measure in claimed[
        ["code", "initiative", "title", "actual_ytd", "unit", "measure"]
    ].itertuples(index=False):
        rows.append((ExceptionKind.benefit_claimed_with_concern.value, code, initiative, title,
                     f"{_amount(actual, unit)} is claimed this year while its measure "
                     f"{measure} shows special cause concern."))  # fmt: skip
    return pd.DataFrame(rows, columns=REGISTER_COLUMNS)


def _amount(value: float, unit: str) -> str:
    """Return an amount in its unit: £ as money, another unit after the number."""
    return number(value, POUNDS, 0) if unit == POUNDS else f"{number(value, 'count', 0)} {unit}"
