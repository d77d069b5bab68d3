"""Measure: the full SPC chart with icons and their reading, definition, freshness and data."""

from typing import cast

import pandas as pd
import streamlit as st

from tracker import charts, formatting, usertext
from tracker.measure_view import DATA_HELP, ICON_HELP, annotation_rows, measure_view
from tracker.store import queries
from tracker.ui import qi_tabs, widgets
from tracker.ui.cache import database, portfolio

book = portfolio(as_at=widgets.as_at())
measures = book.measures
code = widgets.code_from_query(
    "measure", dict(zip(measures["code"], measures["name"], strict=True)), "Measure", folded=True
)
if code is None:
    st.info("No measures yet: load a programme first (`tracker demo` or the set-up pages).")
    st.stop()
row = cast(pd.Series, measures.set_index("code").loc[code])  # codes are unique: one row
view = measure_view(book, code)
unit, decimals, points = view.unit, view.decimals, view.points

st.title(f"{code} · {usertext.markdown(row['name'], inline=True)}")
st.caption(
    f"{row['type'].capitalize()} measure · {row['frequency'].capitalize()} · "
    + (
        f"better when it {row['direction']}s"
        if row["direction"] != "neither"
        else "no improvement direction"
    )
)
links = st.columns(2)
links[0].page_link(
    widgets.PAGES["initiative"],
    label=f"Initiative {row['initiative']}",
    icon=":material/flag:",
    query_params={"initiative": row["initiative"]},
)
for _, goal in book.goals[book.goals["measure"] == code].iterrows():
    # A goal may belong to another initiative than the measure's: open the goal's own.
    links[1].page_link(
        widgets.PAGES["initiative"],
        label=f"Goal {goal['code']} · {usertext.markdown(goal['statement'], inline=True)}",
        icon=":material/target:",
        query_params={"initiative": goal["initiative"], "tab": "Goals"},
    )
left, right = st.columns(2)
left.markdown(f"**Variation:** {view.variation}", help=ICON_HELP["Variation"])
left.write(view.variation_reading)
right.markdown(f"**Assurance:** {view.assurance}", help=ICON_HELP["Assurance"])
right.write(view.assurance_reading)

notes = view.annotations
qi_tabs.measure_chart(view, str(row["initiative"]), widgets.as_at(), height=440)

owed = book.due[(book.due["kind"] == "data") & (book.due["code"] == code)]
latest = row.get("last_period")
freshness = f"latest data {formatting.period_label(latest, row['frequency'])}"
if not owed.empty:
    item = owed.iloc[0]
    freshness += (
        f" · ⚠ {formatting.period_label(item['period'], row['frequency'])} data {item['status']} "
        f"(due {formatting.uk_date(item['due_date'])})"
    )
st.markdown(
    f"**Definition.** {usertext.markdown(row['definition'])}\n\n"
    f"**Owner:** {usertext.markdown(row['owner'], inline=True)} · "
    f"**Source:** {usertext.markdown(row['data_source'], inline=True)} · **Unit:** {unit} · "
    f"**Data due** {row['update_lag_days']} days after each period ends · {freshness}"
)
if not notes.empty:
    st.markdown("**Annotations**")
    widgets.table(annotation_rows(notes), "annotations")  # long labels wrap

st.header("Data")
table = pd.DataFrame(
    {
        "Period": points["period"].map(lambda p: formatting.period_label(p, row["frequency"])),
        "Value": points["value"].map(lambda v: formatting.number(v, unit, decimals)),
        "Mean": points["mean"].map(lambda v: formatting.number(v, unit, decimals)),
        "Limits": [
            "–"
            if pd.isna(lo)
            else f"{formatting.number(lo, unit, decimals)} – "
            f"{formatting.number(hi, unit, decimals)}"
            for lo, hi in zip(points["lpl"], points["upl"], strict=True)
        ],
        "Signal": points["point_type"].map(charts.point_type_words),
        "Rules": points["rules"].str.replace(";", ", ").str.replace("_", " "),
    }
).iloc[::-1]
widgets.grid(table, "data", DATA_HELP)

with st.expander("History of a value (who changed it, when, old → new)"):
    periods = points["period"].iloc[::-1].tolist()
    chosen = st.selectbox(
        "Period", periods, format_func=lambda p: formatting.period_label(p, row["frequency"])
    )
    if chosen is not None:
        history = queries.value_history(database(), code, pd.Timestamp(chosen).date())
        st.dataframe(
            pd.DataFrame(
                {
                    "Value": history["value"].map(lambda v: formatting.number(v, unit, decimals)),
                    "Recorded": history["recorded_at"].map(formatting.uk_date),
                    "By": history["recorded_by"],
                    "Replaced": history["superseded_at"].map(formatting.uk_date),
                    "Note": history["note"],
                }
            ),
            hide_index=True,
        )
