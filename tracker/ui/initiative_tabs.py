"""The Initiative page's own tabs (the method's are in qi_tabs): summary, goals, measures,
milestones and check-ins, each drawn from the initiative's portfolio."""

import streamlit as st

from tracker import charts, qi_view, reports, usertext
from tracker import initiative_view as view
from tracker.charts import describe
from tracker.ui import qi_tabs, widgets

SPC_CHART_HEIGHT = 300
"""Pixels: one SPC chart per measure stacked down the tab, each readable without scrolling."""


def summary_tab(book: reports.Portfolio) -> None:
    """Goals, every measure's icons and the latest narrative, without a chart to wait for."""
    st.header("Goals")
    if book.goals.empty:
        st.write("No goals set.")
    else:
        st.dataframe(
            view.goal_rows(book),
            hide_index=True,
            column_config={
                **widgets.help_marks(view.GOAL_HELP),
                "Way from baseline": st.column_config.ProgressColumn(
                    help=view.GOAL_HELP["Way from baseline"],
                    format="percent",
                    min_value=0,
                    max_value=1,
                ),
            },
        )
        st.caption("The Goals tab says why each goal has its status, with its chart.")
    st.header("Measures at a glance")
    if book.measures.empty:
        st.write("No measures yet.")
    else:
        table = view.measure_rows(book)
        st.caption("Select a row to open the measure; the Measures tab has every SPC chart.")
        widgets.row_links(table, "measures", "measure", "measure", view.MEASURE_HELP)
    st.header("Latest check-in")
    latest = view.history(book)
    if latest.empty:
        st.write("No check-ins yet.")
        return
    check_in = next(latest.itertuples())
    st.markdown(view.check_in_line(check_in))
    for part in view.narrative(check_in):
        st.markdown(part)


def goals_tab(book: reports.Portfolio) -> None:
    """Draw each goal: its computed status and reason beside actuals against the trajectory."""
    if book.goals.empty:
        st.write("No goals set.")
    for card in view.goal_cards(book):
        left, right = st.columns([1, 2])
        left.markdown(card.heading)
        left.markdown(card.status)
        left.caption(card.confidence)
        left.page_link(
            widgets.PAGES["measure"], label=f"Open measure {card.measure}",
            query_params={"measure": card.measure}, icon="🔎",
        )  # fmt: skip
        with right:
            widgets.chart_with_words(card.figure, card.words, key=f"goal_{card.code}")


def measures_tab(book: reports.Portfolio, found: qi_view.Method) -> None:
    """Every measure's SPC chart with both icons, a reading and its PDSA cycles, by type."""
    for heading, group in view.measure_groups(book):
        st.header(heading)
        for measure in group:
            st.markdown(
                f"**{measure.code} · {usertext.markdown(measure.name, inline=True)}** — "
                f"{measure.icons}"
            )
            st.caption(measure.variation_reading)
            figure, words = qi_view.chart_with_cycles(
                measure, found.cycles_on(measure.code), found.titles, SPC_CHART_HEIGHT
            )
            widgets.chart_with_words(figure, words, key=f"spc_{measure.code}")
            st.page_link(
                widgets.PAGES["measure"],
                label=f"Open {measure.code} in full",
                query_params={"measure": measure.code},
                icon="🔎",
            )


def check_ins_tab(book: reports.Portfolio) -> None:
    """RAG and confidence over time, and every check-in's narrative, newest open."""
    past = view.history(book)
    if past.empty:
        st.write("No check-ins yet.")
        return
    widgets.chart_with_words(charts.rag_history_figure(past), describe.checkin_words(past), "rag")
    qi_tabs.progress_score(past)
    for check_in in past.itertuples():
        with st.expander(view.check_in_line(check_in), expanded=check_in.Index == past.index[0]):
            for part in view.narrative(check_in):
                st.markdown(part)


def milestones_tab(book: reports.Portfolio) -> None:
    """The milestones on a timeline against their baselines, with the words that read it."""
    if book.milestones.empty:
        st.write("No milestones.")
        return
    widgets.chart_with_words(
        charts.milestone_gantt(book.milestones, book.today),
        describe.milestone_words(book.milestones, book.today),
        key="gantt",
    )
