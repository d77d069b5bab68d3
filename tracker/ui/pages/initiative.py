"""Initiative: aim and status, then tabs: summary, goals, measures, milestones and check-ins."""

from collections.abc import Iterable
from typing import Any

import pandas as pd
import streamlit as st

from tracker import charts, formatting, progress, reports, usertext, vocabulary
from tracker.measure_view import measure_views
from tracker.progress import GoalStatus
from tracker.store import queries
from tracker.ui import widgets
from tracker.ui.cache import database, initiative

MEASURE_TYPES = {"outcome": "Outcome measures", "process": "Process measures",
                 "balancing": "Balancing measures"}  # fmt: skip
TABS = ["Summary", "Goals", "Measures", "Milestones", "Check-ins"]
"""Tab labels are also the ?tab= values of links, so renaming one breaks old links."""
NARRATIVE = [
    ("Progress", "progress"),
    ("Risks and issues", "risks"),
    ("Next steps", "next_steps"),
    ("Asks of the board", "asks"),
]


def confidence_text(confidence: float | None) -> str:
    """Return the confidence as "4 / 5", or "–" when there is none."""
    return "–" if pd.isna(confidence) else f"{int(confidence)} / 5"


def goals_table(book: reports.Portfolio) -> None:
    """List every goal: status, latest against planned and target, and progress from baseline."""
    st.subheader("Goals")
    goals = book.goals
    if goals.empty:
        st.write("No goals set.")
        return
    measures = book.measures.set_index("code").loc[goals["measure"]]
    units, decimals = measures["unit"].to_numpy(), measures["decimals"].astype(int).tolist()
    baselines = book.goal_definitions.set_index("code").loc[goals["code"], "baseline_value"]

    def numbers(values: pd.Series) -> list[str]:
        return [formatting.number(v, u, d) for v, u, d in zip(values, units, decimals, strict=True)]

    view = pd.DataFrame(
        {
            "Goal": goals["code"] + " · " + goals["statement"],
            "Status": goals["status"].map(lambda s: vocabulary.text(GoalStatus, s)),
            "Way from baseline": progress.share_of_the_way(
                baselines.reset_index(drop=True),
                goals["latest_value"].reset_index(drop=True),
                goals["target_value"].reset_index(drop=True),
            ),
            "Latest": numbers(goals["latest_value"]),
            "Planned by now": numbers(goals["planned_value"]),
            "Target": [
                f"{n} by {formatting.uk_month(d)}"
                for n, d in zip(numbers(goals["target_value"]), goals["target_date"], strict=True)
            ],
            "Why": goals["reason"],
        }
    ).reset_index(drop=True)
    st.dataframe(
        view,
        hide_index=True,
        column_config={
            "Way from baseline": st.column_config.ProgressColumn(
                help="How far the latest value has come from the baseline to the target.",
                format="percent",
                min_value=0,
                max_value=1,
            )
        },
    )


def goals_tab(book: reports.Portfolio, item: pd.Series) -> None:
    """Draw each goal: its computed status and reason beside actuals against the trajectory."""
    if book.goals.empty:
        st.write("No goals set.")
    measures = book.measures.set_index("code")
    goal: Any  # pandas types a row's fields as any scalar; these are the goal table's columns
    for goal in book.goals.itertuples():
        measure = measures.loc[goal.measure]
        left, right = st.columns([1, 2])
        left.markdown(f"**{goal.code}** · {usertext.markdown(goal.statement, inline=True)}")
        left.markdown(
            f"**{vocabulary.text(GoalStatus, goal.status)}** — "
            f"{usertext.markdown(goal.reason, inline=True)}"
        )
        left.caption(
            f"Owner's confidence: {widgets.rag_text(item['rag'])}, "
            f"{confidence_text(item['confidence'])}"
        )
        right.plotly_chart(
            charts.goal_figure(
                reports.measure_points(book, goal.measure)[["period", "value"]],
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


def measures_table(book: reports.Portfolio) -> None:
    """List every measure with both icons, its latest value and a one-line reading."""
    st.subheader("Measures at a glance")
    measures = book.measures
    if measures.empty:
        st.write("No measures yet.")
        return
    views = measure_views(book).values()
    # pandas types a row's fields as any scalar; these are the measure table's columns.
    records: Iterable[Any] = measures.itertuples()
    view = pd.DataFrame(
        {
            "Code": measures["code"],
            "Measure": measures["name"],
            "Type": measures["type"].str.capitalize(),
            "Latest": [
                "–"
                if pd.isna(m.last_value)
                else f"{formatting.number(m.last_value, m.unit, int(m.decimals))} "
                f"({formatting.uk_month(m.last_period)})"
                for m in records
            ],
            "Variation": [v.variation for v in views],
            "Assurance": [v.assurance for v in views],
            "Reading": [v.variation_reading for v in views],
        }
    ).reset_index(drop=True)
    st.caption("Select a row to open the measure; the Measures tab has every SPC chart.")
    event = st.dataframe(
        view, hide_index=True, on_select="rerun", selection_mode="single-row", key="measures"
    )
    widgets.open_selected(event, view, "measure", "measure")


def narrative(check_in: object) -> None:
    """Write the four parts of a check-in's narrative."""
    for label, field in NARRATIVE:
        st.markdown(f"**{label}.** {usertext.markdown(getattr(check_in, field)) or '–'}")


def history(book: reports.Portfolio) -> pd.DataFrame:
    """Return the initiative's check-ins, newest first."""
    return book.check_ins.sort_values("period", ascending=False)


def summary_tab(book: reports.Portfolio) -> None:
    """Goals, every measure's icons and the latest narrative, without a chart to wait for."""
    goals_table(book)
    measures_table(book)
    st.subheader("Latest check-in")
    latest = history(book)
    if latest.empty:
        st.write("No check-ins yet.")
        return
    check_in = next(latest.itertuples())
    st.markdown(
        f"{formatting.uk_month(check_in.period)} · {widgets.rag_text(check_in.rag)} · "
        f"confidence {check_in.confidence}/5 · {usertext.markdown(check_in.author, inline=True)}"
    )
    narrative(check_in)


def measures_tab(book: reports.Portfolio) -> None:
    """Every measure's SPC chart with both icons and a reading, grouped by type."""
    views = measure_views(book).values()
    for kind, heading in MEASURE_TYPES.items():
        group = [v for v in views if v.type == kind]
        if not group:
            continue
        st.subheader(heading)
        for view in group:
            st.markdown(
                f"**{view.code} · {usertext.markdown(view.name, inline=True)}** — {view.icons}"
            )
            st.caption(view.variation_reading)
            st.plotly_chart(view.figure(height=300), key=f"spc_{view.code}")
            st.page_link(
                widgets.PAGES["measure"],
                label=f"Open {view.code} in full",
                query_params={"measure": view.code},
                icon="🔎",
            )


def milestones_tab(book: reports.Portfolio) -> None:
    """The initiative's milestones: baseline against forecast and actual, slippage visible."""
    if book.milestones.empty:
        st.write("No milestones.")
    else:
        st.plotly_chart(charts.milestone_gantt(book.milestones, book.today), key="gantt")


def check_ins_tab(book: reports.Portfolio) -> None:
    """RAG and confidence over time, and every check-in's narrative, newest open."""
    past = history(book)
    if past.empty:
        st.write("No check-ins yet.")
        return
    st.plotly_chart(charts.rag_history_figure(past), key="rag")
    for check_in in past.itertuples():
        with st.expander(
            f"{formatting.uk_month(check_in.period)} · {widgets.rag_text(check_in.rag)} · "
            f"confidence {check_in.confidence}/5 · "
            f"{usertext.markdown(check_in.author, inline=True)}",
            expanded=check_in.Index == past.index[0],
        ):
            narrative(check_in)


names = queries.initiatives(database())
code = widgets.code_from_query(
    "initiative", dict(zip(names["code"], names["name"], strict=True)), "Initiative", folded=True
)
if code is None:
    st.info("No initiatives yet: load a programme first (`tracker demo` or the set-up pages).")
    st.stop()
book = initiative(code, widgets.as_at())
item = book.initiatives.iloc[0]

st.title(f"{code} · {usertext.markdown(item['name'], inline=True)}")
st.markdown(f"**Aim.** {usertext.markdown(item['aim'])}")
cols = st.columns(4)
cols[0].metric("Status", str(item["status"]).capitalize())
cols[1].metric("RAG", widgets.rag_text(item["rag"]))
cols[2].metric("Confidence", confidence_text(item["confidence"]))
cols[3].metric("Last check-in", formatting.uk_month(item["last_check_in"]))
shown = {
    f: usertext.markdown(item[f], inline=True) for f in ("lead", "sponsor", "theme", "organisation")
}
st.caption(
    f"Lead {shown['lead']} · Executive sponsor {shown['sponsor']} · {shown['theme']} · "
    f"{shown['organisation']} · "
    f"{formatting.uk_date(item['start_date'])} to "
    f"{formatting.uk_date(item['planned_end'])}"
    + (" · ⚠ check-in overdue" if item["check_in_overdue"] else "")
)

# Only the open tab runs, and the summary has no chart: drawing the charts library alone takes
# about a second in the browser, and every SPC chart at once took several more.
summary, goals, measures, milestones, check_ins = st.tabs(TABS, key="tab", bind="query-params")
if summary.open:
    with summary:
        summary_tab(book)
if goals.open:
    with goals:
        goals_tab(book, item)
if measures.open:
    with measures:
        measures_tab(book)
if milestones.open:
    with milestones:
        milestones_tab(book)
if check_ins.open:
    with check_ins:
        check_ins_tab(book)
