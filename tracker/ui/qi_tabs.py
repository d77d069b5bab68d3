"""The improvement method on the pages: the diagram and PDSA tabs, the progress score, PDSAs on SPC."""

from datetime import date

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from tracker import clock, pdsa, qi_edits, qi_view, usertext
from tracker.charts import qi as qi_charts
from tracker.errors import TrackerError
from tracker.measure_view import MeasureView
from tracker.models import PROGRESS_SCORES, ActDecision, PdsaCycle
from tracker.ui import identity, widgets
from tracker.ui.cache import clear, database
from tracker.vocabulary import progress_score_text


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


STEPS = tuple(f for f in PdsaCycle.model_fields if f.startswith(("do_", "study_", "act_")))
"""The fields of a cycle a lead updates at a check-in: its do, study and act (from the model)."""


def running_cycles(initiative: str, today: date) -> None:
    """Each PDSA cycle under way (started, not yet decided), with a form to write its do, study
    and act; a refused save says the field and reason and writes nothing."""
    found = method(initiative, None)
    cycles = qi_view.running(found.cycles, today)
    st.header("PDSA cycles under way")
    said = st.session_state.pop("pdsa_saved", None)
    if said:
        st.success(said)
    if not cycles:
        st.write("No PDSA cycle is under way: plan one on the initiative's PDSA cycles tab.")
        return
    for cycle in cycles:
        label = f"{cycle.code} · cycle {cycle.number} of {found.titles.get(cycle.change_idea)}"
        with st.expander(f"{label} ({qi_view.stage(cycle)})"):
            st.markdown(qi_view.cycle_story(cycle))
            with st.form(key=f"pdsa_form_{cycle.code}"):
                values = _step_fields(cycle)
                if st.form_submit_button("Save this cycle", key=f"pdsa_save_{cycle.code}"):
                    _save_steps(cycle, values)


def _step_fields(cycle: PdsaCycle) -> dict[str, object]:
    """Show the do, study and act fields filled with what is held; return what they hold."""
    key = cycle.code
    do, study, act = st.columns(3)
    decisions = [None, *ActDecision]
    return {
        "do_date": do.date_input(
            "Done on", cycle.do_date, key=f"do_date_{key}", format="DD/MM/YYYY"
        ),
        "do_notes": do.text_area("Do: what happened", cycle.do_notes, key=f"do_notes_{key}"),
        "study_date": study.date_input(
            "Studied on", cycle.study_date, key=f"study_date_{key}", format="DD/MM/YYYY"
        ),
        "study_notes": study.text_area(
            "Study: results against the prediction", cycle.study_notes, key=f"study_notes_{key}"
        ),
        "act_date": act.date_input(
            "Decided on", cycle.act_date, key=f"act_date_{key}", format="DD/MM/YYYY"
        ),
        "act_decision": act.selectbox(
            "Act: decision",
            decisions,
            index=decisions.index(cycle.act_decision),
            key=f"act_decision_{key}",
            format_func=lambda d: "Not yet" if d is None else d.value.capitalize(),
        ),
        "act_notes": act.text_area(
            "Act: what the next cycle will do", cycle.act_notes, key=f"act_notes_{key}"
        ),
    }


def _save_steps(cycle: PdsaCycle, values: dict[str, object]) -> None:
    """Save a cycle's steps as typed, by the person this page acts for."""
    who = identity.current().email
    if who is None:
        st.error("Nothing was saved: sign in first, so the change is recorded under your name.")
        return
    try:
        updated = PdsaCycle.model_validate({**cycle.model_dump(), **values})
        said = qi_edits.save_cycle(database(), who, updated)
    except ValidationError as err:
        st.error(
            "Nothing was saved: "
            + "; ".join(
                f"{e['loc'][0] if e['loc'] else 'the cycle'}: {e['msg']}" for e in err.errors()
            )
        )
        return
    except TrackerError as err:
        st.error(f"Nothing was saved: {usertext.markdown(err)}")
        return
    clear()
    st.session_state["pdsa_saved"] = said
    st.rerun()


def overview_section(
    initiatives: pd.DataFrame, check_ins: pd.DataFrame, as_at: date | None
) -> None:
    """The method at a glance: ideas under test, the month's decisions, and each initiative's
    progress score, filtered to a least score and sortable by its column."""
    st.header("Improvement method")
    rows = qi_view.portfolio_cycles(database(), clock.end_of(as_at) if as_at else None)
    rows = rows[rows["initiative"].isin(initiatives["code"])]
    today = as_at or clock.today()
    st.markdown(qi_view.board_counts(pdsa.cycles_from_rows(rows), today).line)
    least = st.selectbox(
        "Progress score at least",
        [None, *PROGRESS_SCORES],
        key="score_least",
        format_func=lambda s: "Any (or none given)" if s is None else progress_score_text(s),
    )
    table = qi_view.progress_rows(initiatives, check_ins, rows, today)
    if least is not None:
        table = table[table["Progress score"] >= least]
    st.caption("Select a column heading to sort by it (the progress score is the team's own).")
    widgets.grid(table.sort_values("Progress score", ascending=False), "progress_scores")
