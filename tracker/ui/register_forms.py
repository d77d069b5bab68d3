"""The Update page's register grids, drawn inside the check-in form and saved with it: review the
initiative's risks, and enter its benefits' actuals and forecast outturn for the month."""

import pandas as pd
import streamlit as st

from tracker import formatting
from tracker.register_entry import MONTH_COLUMNS, REVIEW_COLUMNS
from tracker.risks import CONSEQUENCE, LIKELIHOOD

SCORES = [1, 2, 3, 4, 5]


def reviews(grid: pd.DataFrame, round_: int, boxes: bool) -> pd.DataFrame:
    """Draw the open risks with their scores, in a grid or (`boxes`) in labelled boxes; return
    the grid as edited (ticked: reviewed)."""
    st.subheader("Review risks")
    if grid.empty:
        st.caption("This initiative has no open risks.")
        return grid
    st.caption(
        "Tick Review for each risk reviewed this month and give its current likelihood and "
        "consequence (1–5) and next review; each review is kept as a new version. "
        f"Likelihood: {', '.join(f'{n} {w}' for n, w in enumerate(LIKELIHOOD, 1))}. "
        f"Consequence: {', '.join(f'{n} {w}' for n, w in enumerate(CONSEQUENCE, 1))}."
    )
    if boxes:
        return _review_boxes(grid, round_)
    edited: pd.DataFrame = st.data_editor(
        grid,
        key=f"update_reviews_{round_}",
        hide_index=True,
        height="content",
        column_order=["Risk", *REVIEW_COLUMNS],
        disabled=["Risk"],
        column_config={
            "Review": st.column_config.CheckboxColumn("Review", help="Saved only when ticked."),
            "Likelihood": st.column_config.SelectboxColumn("Likelihood", options=SCORES),
            "Consequence": st.column_config.SelectboxColumn("Consequence", options=SCORES),
            "Next review": st.column_config.DateColumn("Next review", format="D MMM YYYY"),
        },
    )
    return edited


def months(grid: pd.DataFrame, month: object, round_: int, boxes: bool) -> pd.DataFrame:
    """Draw the benefits' month, in a grid or (`boxes`) in labelled boxes; return the grid as
    edited (changed rows are saved)."""
    st.subheader(f"Benefits for {formatting.uk_month(month)}")
    if grid.empty:
        st.caption("This initiative has no benefits.")
        return grid
    st.caption(
        "The month's actual and the forecast outturn for the financial year, as plain numbers "
        "in each benefit's unit (pounds without the £ sign or commas); confidence 1–5."
    )
    if boxes:
        return _month_boxes(grid, round_)
    # Text cells, as in the values grid: a number cell with no value shows the word None.
    typed: pd.DataFrame = st.data_editor(
        grid,
        key=f"update_benefits_{round_}",
        hide_index=True,
        height="content",
        column_order=["Benefit", "Unit", *MONTH_COLUMNS],
        disabled=["Benefit", "Unit"],
        column_config={
            "Actual": st.column_config.TextColumn("Actual", help="A plain number, or empty."),
            "Forecast outturn": st.column_config.TextColumn(
                "Forecast outturn", help="The financial year's outturn as a plain number."
            ),
            "Confidence": st.column_config.TextColumn("Confidence", help="1 to 5."),
        },
    )
    # A cleared cell comes back as None: kept as '' so a refused save shows it empty again.
    typed[MONTH_COLUMNS] = typed[MONTH_COLUMNS].fillna("")
    return typed


def _review_boxes(grid: pd.DataFrame, round_: int) -> pd.DataFrame:
    """Draw each risk's review in boxes named for it (the keyboard and screen-reader path)."""
    typed = grid.copy()
    for i, row in grid.iterrows():
        code = row["code"]
        typed.at[i, "Review"] = st.checkbox(
            f"Review {row['Risk']}", value=bool(row["Review"]), key=f"update_rbox_{round_}_{i}"
        )
        left, middle, right = st.columns(3)
        typed.at[i, "Likelihood"] = left.selectbox(
            f"Likelihood · {code}", SCORES, index=int(row["Likelihood"]) - 1,
            format_func=lambda n: f"{n} · {LIKELIHOOD[n - 1]}", key=f"update_rbox_{round_}_{i}_l",
        )  # fmt: skip
        typed.at[i, "Consequence"] = middle.selectbox(
            f"Consequence · {code}", SCORES, index=int(row["Consequence"]) - 1,
            format_func=lambda n: f"{n} · {CONSEQUENCE[n - 1]}", key=f"update_rbox_{round_}_{i}_c",
        )  # fmt: skip
        typed.at[i, "Next review"] = right.date_input(
            f"Next review · {code}", value=formatting.as_date(row["Next review"]),
            format="DD/MM/YYYY", key=f"update_rbox_{round_}_{i}_n",
        )  # fmt: skip
        typed.at[i, "What the review found"] = st.text_input(
            f"What the review found · {code}", value=str(row["What the review found"] or ""),
            key=f"update_rbox_{round_}_{i}_f",
        )  # fmt: skip
    return typed


def _month_boxes(grid: pd.DataFrame, round_: int) -> pd.DataFrame:
    """Draw each benefit's month in boxes named for it (the keyboard and screen-reader path)."""
    typed = grid.copy()
    for i, row in grid.iterrows():
        code, unit = row["code"], row["Unit"]
        labels = (f"Actual · {code} ({unit})", f"Forecast outturn · {code} ({unit})",
                  f"Confidence 1–5 · {code}")  # fmt: skip
        for column, name, label in zip(st.columns(3), MONTH_COLUMNS, labels, strict=True):
            typed.at[i, name] = column.text_input(
                label, value=str(row[name] or ""), key=f"update_bbox_{round_}_{i}_{name}"
            )
    return typed
