"""The improvement method on the pages: the diagram and PDSA tabs, the progress score, PDSAs on SPC."""

from datetime import date

import pandas as pd
import streamlit as st

from tracker import clock, qi_view, usertext
from tracker.charts import qi as qi_charts
from tracker.measure_view import MeasureView
from tracker.ui import widgets
from tracker.ui.cache import database


def method(code: str, as_at: date | None) -> qi_view.Method:
    """Return the initiative's method as recorded by the end of `as_at` (today when None)."""
    return qi_view.method(database(), code, clock.end_of(as_at) if as_at else None)


def diagram_tab(found: qi_view.Method) -> None:
    """The driver diagram, then a picker opening any node: what it serves, what serves it, its
    measures and its cycles."""
    if not found.nodes:
        st.write("No driver diagram yet: add drivers and change ideas on the set-up pages.")
        return
    st.caption(
        "Read left to right: the aim, the drivers that achieve it and the change ideas "
        "tested in PDSA cycles. Solid lines are strong links, dotted ones hypotheses."
    )
    widgets.chart_with_words(
        qi_charts.driver_diagram_figure(found.aim, found.nodes),
        qi_charts.diagram_words(found.aim, found.nodes),
        key="driver_diagram",
    )
    st.header("Open a driver or change idea")
    choices = qi_view.node_choices(found)
    picked = st.selectbox(
        "Driver or change idea", list(choices), format_func=lambda c: choices[c], key="diagram_node"
    )
    if picked is None:
        return
    for line in qi_view.node_details(found, picked):
        st.markdown(line)
    node = next(n for n in found.nodes if n.code == picked)
    for measure in node.measures:
        st.page_link(
            widgets.PAGES["measure"],
            label=f"Open measure {measure}",
            query_params={"measure": measure},
            icon="🔎",
        )


def pdsa_tab(found: qi_view.Method) -> None:
    """Every change idea with its PDSA cycles, in the order of the diagram."""
    if not found.change_ideas:
        st.write("No change ideas yet: add them to the driver diagram on the set-up pages.")
        return
    for idea in found.change_ideas:
        st.header(f"{idea.code} · {usertext.markdown(idea.title, inline=True)}")
        cycles = found.cycles_of(idea.code)
        if not cycles:
            st.write("No PDSA cycles yet.")
            continue
        st.dataframe(qi_view.cycle_rows(cycles), hide_index=True)
        for cycle in cycles:
            with st.expander(f"Cycle {cycle.number} · {cycle.code}: {cycle.objective}"):
                st.markdown(qi_view.cycle_story(cycle))


def progress_score(check_ins: pd.DataFrame) -> None:
    """The team's progress score over time, when any check-in gave one."""
    if "progress_score" not in check_ins or check_ins["progress_score"].isna().all():
        return
    st.header("Progress score")
    widgets.chart_with_words(
        qi_charts.progress_score_figure(check_ins),
        qi_charts.progress_score_words(check_ins),
        key="progress_score",
    )


ALL_IDEAS = "Every change idea"
"""The measure page's PDSA filter when it narrows to none."""


def measure_chart(view: MeasureView, initiative: str, as_at: date | None, height: int) -> None:
    """A measure's SPC chart with the PDSA cycles of its change ideas, a filter to one change
    idea, and the cycles listed under the chart."""
    found = method(initiative, as_at)
    cycles = found.cycles_on(view.code)
    ideas = qi_view.idea_choices(found, cycles)
    if ideas:
        picked = st.selectbox(
            "PDSA cycles of",
            [ALL_IDEAS, *ideas],
            key="pdsa_idea",
            format_func=lambda c: ideas.get(c, c),
        )
        if picked != ALL_IDEAS:
            cycles = [c for c in cycles if c.change_idea == picked]
    figure, words = qi_view.chart_with_cycles(view, cycles, found.titles, height, view.name)
    widgets.chart_with_words(figure, words, key="spc")
    if cycles:
        st.markdown("**PDSA cycles on this chart**")
        st.dataframe(qi_charts.pdsa_rows(cycles, found.titles), hide_index=True)
