"""The Update page's register forms: review one of the initiative's risks, and enter a benefit's
month (actual, forecast outturn and confidence), each saved by the person signed in."""

from datetime import date, timedelta

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from tracker import formatting, register_entry
from tracker.errors import TrackerError
from tracker.risks import CONSEQUENCE, LIKELIHOOD
from tracker.ui import cache, identity

NEXT_REVIEW_DAYS = 30
"""A review's next review is offered a month on: most trust policies review monthly."""

SCORES = [1, 2, 3, 4, 5]


def _problem(err: ValidationError | TrackerError) -> str:
    if isinstance(err, ValidationError):
        return "; ".join(e["msg"].removeprefix("Value error, ") for e in err.errors())
    return str(err)


def _review(initiative: str, today: date) -> None:
    risks = cache.registers().risks
    own = risks[(risks["initiative"] == initiative) & (risks["status"] == "open")]
    st.subheader("Review a risk")
    if own.empty:
        st.info("This initiative has no open risks.")
        return
    names = dict(zip(own["code"], own["title"], strict=True))
    code = st.selectbox("Risk", list(names), format_func=lambda c: f"{c} · {names[c]}",
                        key="review_risk")  # fmt: skip
    held = own.set_index("code", drop=False).loc[code]
    with st.form("risk_review", border=False):
        left, right = st.columns(2)
        likelihood = left.selectbox(
            "Likelihood now", SCORES, index=int(held["current_likelihood"]) - 1,
            format_func=lambda n: f"{n} · {LIKELIHOOD[n - 1]}",
        )  # fmt: skip
        consequence = right.selectbox(
            "Consequence now", SCORES, index=int(held["current_consequence"]) - 1,
            format_func=lambda n: f"{n} · {CONSEQUENCE[n - 1]}",
        )  # fmt: skip
        next_review = st.date_input(
            "Next review", value=today + timedelta(days=NEXT_REVIEW_DAYS), format="DD/MM/YYYY"
        )
        note = st.text_area("What this review found", max_chars=2000)
        if st.form_submit_button("Save the review"):
            try:
                risk = register_entry.reviewed(
                    held, today, likelihood, consequence, next_review, note
                )
                register_entry.review_risk(cache.database(), risk, _who())
            except (ValidationError, TrackerError) as err:
                st.error(f"Nothing was saved: {_problem(err)}")
            else:
                cache.clear()
                st.success(f"Saved the review of {code}: score {risk.current_score}.")


def _month(initiative: str, month: date) -> None:
    regs = cache.registers()
    own = regs.benefits[regs.benefits["initiative"] == initiative]
    st.subheader(f"Benefits for {formatting.uk_month(month)}")
    if own.empty:
        st.info("This initiative has no benefits.")
        return
    names = dict(zip(own["code"], own["title"], strict=True))
    code = st.selectbox("Benefit", list(names), format_func=lambda c: f"{c} · {names[c]}",
                        key="enter_benefit")  # fmt: skip
    unit = str(own.set_index("code").loc[code, "unit"])
    with st.form("benefit_month", border=False):
        actual = st.number_input(f"Actual for the month ({unit})", value=None, step=1000.0)
        forecast = st.number_input(
            f"Forecast outturn for the financial year ({unit})", value=None, step=1000.0
        )
        confidence = st.select_slider("Confidence in the forecast", SCORES, value=3)
        if st.form_submit_button("Save the month"):
            try:
                register_entry.enter_month(cache.database(), code, month, _who(), actual=actual,
                                           forecast=forecast, confidence=confidence)  # fmt: skip
            except (ValidationError, TrackerError) as err:
                st.error(f"Nothing was saved: {_problem(err)}")
            else:
                cache.clear()
                st.success(f"Saved {code} for {formatting.uk_month(month)}.")


def _who() -> str:
    return identity.current().email or identity.current().name


def show(initiative: str, period: date, today: date) -> None:
    """Draw the register forms for an initiative's check-in of `period`."""
    st.header("Risks and benefits")
    _review(initiative, today)
    _month(initiative, pd.Timestamp(period).date().replace(day=1))
