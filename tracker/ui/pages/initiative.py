"""Initiative: aim, goals against trajectory, measures as SPC charts, milestones and narrative."""

import pandas as pd
import streamlit as st

from tracker import charts, formatting, reports
from tracker.ui import widgets
from tracker.ui.cache import portfolio

MEASURE_TYPES = {"outcome": "Outcome measures", "process": "Process measures",
                 "balancing": "Balancing measures"}  # fmt: skip

book = portfolio()
table = book.initiatives
code = widgets.code_from_query(
    "initiative", dict(zip(table["code"], table["name"], strict=True)), "Initiative"
)
if code is None:
    st.info("No initiatives yet: load a programme first (`tracker demo` or the set-up pages).")
    st.stop()
item = table.set_index("code").loc[code]

st.title(f"{code} · {item['name']}")
st.markdown(f"**Aim.** {item['aim']}")
cols = st.columns(4)
cols[0].metric("Status", str(item["status"]).capitalize())
cols[1].metric("RAG", widgets.rag_text(item["rag"]))
cols[2].metric(
    "Confidence", "–" if pd.isna(item["confidence"]) else f"{int(item['confidence'])} / 5"
)
cols[3].metric("Last check-in", formatting.uk_month(item["last_check_in"]))
st.caption(
    f"Lead {item['lead']} · Executive sponsor {item['sponsor']} · {item['theme']} · "
    f"{item['organisation']} · {formatting.uk_date(item['start_date'])} to "
    f"{formatting.uk_date(item['planned_end'])}"
    + (" · ⚠ check-in overdue" if item["check_in_overdue"] else "")
)

measures = book.measures[book.measures["initiative"] == code]
goals = book.goals[book.goals["initiative"] == code]
st.header("Goals")
if goals.empty:
    st.write("No goals set.")
for goal in goals.itertuples():
    measure = measures.set_index("code").loc[goal.measure]
    left, right = st.columns([1, 2])
    left.markdown(f"**{goal.code}** · {goal.statement}")
    left.markdown(f"**{widgets.GOAL_TEXT.get(goal.status, goal.status)}** — {goal.reason}")
    left.caption(
        f"Owner's confidence: {widgets.rag_text(item['rag'])}, "
        + ("–" if pd.isna(item["confidence"]) else f"{int(item['confidence'])} / 5")
    )
    actuals = reports.measure_points(book, goal.measure)[["period", "value"]]
    right.plotly_chart(
        charts.goal_figure(
            actuals,
            reports.goal_trajectory(book, goal.code),
            float(goal.target_value),
            pd.Timestamp(goal.target_date).date(),
            title=str(measure["name"]),
            unit=str(measure["unit"]),
            decimals=int(measure["decimals"]),
            height=260,
        ),
        key=f"goal_{goal.code}",
    )

st.header("Measures")
for kind, heading in MEASURE_TYPES.items():
    group = measures[measures["type"] == kind]
    if group.empty:
        continue
    st.subheader(heading)
    for measure in group.itertuples():
        points = reports.measure_points(book, measure.code)
        st.markdown(
            f"**{measure.code} · {measure.name}** — "
            f"{widgets.icons_line(measure.variation_icon, measure.assurance_icon)}"
        )
        st.caption(reports.variation_reading(points))
        st.plotly_chart(
            charts.spc_figure(
                points,
                targets=book.targets[book.targets["measure"] == measure.code],
                annotations=book.annotations[book.annotations["measure"] == measure.code],
                unit=str(measure.unit),
                decimals=int(measure.decimals),
                median=None if pd.isna(measure.run_median) else float(measure.run_median),
                height=300,
            ),
            key=f"spc_{measure.code}",
        )
        st.page_link(
            widgets.PAGES["measure"],
            label=f"Open {measure.code} in full",
            query_params={"measure": measure.code},
            icon="🔎",
        )

st.header("Milestones")
milestones = book.milestones[book.milestones["initiative"] == code]
if milestones.empty:
    st.write("No milestones.")
else:
    st.plotly_chart(charts.milestone_gantt(milestones, book.today), key="gantt")

st.header("Check-ins")
history = book.check_ins[book.check_ins["initiative"] == code].sort_values(
    "period", ascending=False
)
if history.empty:
    st.write("No check-ins yet.")
else:
    st.plotly_chart(charts.rag_history_figure(history), key="rag")
    for check_in in history.itertuples():
        with st.expander(
            f"{formatting.uk_month(check_in.period)} · {widgets.rag_text(check_in.rag)} · "
            f"confidence {check_in.confidence}/5 · {check_in.author}",
            expanded=check_in.Index == history.index[0],
        ):
            for label, text in [
                ("Progress", check_in.progress),
                ("Risks and issues", check_in.risks),
                ("Next steps", check_in.next_steps),
                ("Asks of the board", check_in.asks),
            ]:
                st.markdown(f"**{label}.** {text or '–'}")
