"""The Drivers and PDSAs set-up page's forms: a driver diagram node (add, change, delete) and a
PDSA cycle's plan, each saved by one library call (qi_edits) that refuses what breaks a rule."""

from datetime import timedelta

import streamlit as st
from pydantic import ValidationError

from tracker import clock, drivers, qi_edits, qi_view, usertext, vocabulary
from tracker.errors import ImportRejected, TrackerError
from tracker.models import DriverKind, DriverNode, LinkStrength, PdsaCycle
from tracker.ui import identity, qi_tabs, widgets
from tracker.ui.cache import clear, database

NEW = ""
"""The pickers' choice for a new node or cycle."""
# Each form's fields are keyed by the node or cycle picked, so picking another shows its values
# rather than the ones typed for the last.
FIRST_TEST_DAYS = 28
"""A new cycle's planned length until someone sets its end: four weeks, a typical small test."""


def _who() -> str | None:
    """Return the person saving, or None (with a message) when nobody is signed in."""
    email = identity.current().email
    if email is None:
        st.error("Nothing was saved: sign in first, so the change is recorded under your name.")
    return email


def _done(message: str) -> None:
    """Clear the cached reads and run the page again, showing `message` above it."""
    clear()
    st.session_state["method_saved"] = message
    st.rerun()


def _refused(err: Exception) -> None:
    """Say why nothing was saved: each field a model refused, or the library's message."""
    if isinstance(err, ValidationError):
        reasons = "; ".join(
            f"{e['loc'][0] if e['loc'] else 'it'}: {e['msg']}" for e in err.errors()
        )
        st.error(f"Nothing was saved: {usertext.markdown(reasons, inline=True)}")
    elif isinstance(err, ImportRejected):
        # One node or cycle: its reasons alone, without the row number a file's rows need.
        reasons = "; ".join(e.reason for e in err.errors)
        st.error(f"Nothing was saved: {usertext.markdown(reasons, inline=True)}")
    else:
        st.error(f"Nothing was saved: {usertext.markdown(err)}")


def _kind_help(found: qi_view.Method, picked: str) -> str:
    """Return the Kind field's help: what each kind serves, and for a change idea PDSA cycles
    test, that it stays one (pdsa.retyped_ideas refuses another kind)."""
    said = "A primary driver serves the aim, a secondary driver a primary one, a change idea a "
    said += "secondary one."
    tested = [c.code for c in found.cycles_of(picked)] if picked else []
    if tested:
        said += f" PDSA cycles {', '.join(tested)} test this change idea, so it stays one."
    return said


def node_form(code: str, found: qi_view.Method, measures: list[str]) -> None:
    """Draw the form for a node of `code`'s diagram (picked, or new) and its delete button."""
    db = database()
    st.header("Driver diagram")
    choices = {NEW: "New driver or change idea", **qi_view.node_choices(found)}
    picked = st.selectbox(
        "Node", list(choices), format_func=lambda c: choices[c], key="method_node"
    )
    node = next((n for n in found.nodes if n.code == picked), None)
    kinds = list(DriverKind)
    with st.form(key="node_form"):
        left, right = st.columns([1, 3])
        node_code = left.text_input(
            "Code",
            node.code if node else f"{code}-",
            disabled=node is not None,
            key=f"node_code_{picked or 'new'}",
        )
        kind = left.selectbox(
            "Kind",
            kinds,
            index=kinds.index(node.kind) if node else 0,
            format_func=lambda k: vocabulary.DRIVER_KINDS[k].label,
            key=f"node_kind_{picked or 'new'}",
            help=_kind_help(found, picked),
        )
        position = left.number_input(
            "Position in its column",
            1,
            999,
            node.position if node else 1,
            key=f"node_position_{picked or 'new'}",
        )
        title = right.text_input(
            "Title", node.title if node else "", key=f"node_title_{picked or 'new'}"
        )
        others = [n.code for n in found.nodes if n.code != picked]
        held = {p.code: p.strength for p in node.parents} if node else {}
        strong = right.multiselect(
            "Serves (strong links)",
            others,
            [c for c, s in held.items() if s is LinkStrength.strong],
            help="The drivers it serves: a secondary driver serves primary ones, a change idea "
            "secondary ones. A primary driver serves the aim and links to none.",
            key=f"node_strong_{picked or 'new'}",
        )
        hypothesised = right.multiselect(
            "Serves (hypothesised links)",
            others,
            [c for c, s in held.items() if s is LinkStrength.hypothesised],
            key=f"node_hypothesised_{picked or 'new'}",
        )
        linked = right.multiselect(
            "Measures",
            measures,
            list(node.measures) if node else [],
            key=f"node_measures_{picked or 'new'}",
        )
        save = st.form_submit_button("Save node", type="primary", key="node_save")
    if save and (email := _who()):
        try:
            parents = [{"code": c, "strength": "strong"} for c in strong]
            parents += [{"code": c, "strength": "hypothesised"} for c in hypothesised]
            new = DriverNode.model_validate(
                {
                    "code": node_code,
                    "initiative": code,
                    "kind": kind,
                    "title": title,
                    "position": position,
                    "parents": parents,
                    "measures": linked,
                }
            )
            _done(qi_edits.save_node(db, email, new))
        except (ValidationError, TrackerError) as err:
            _refused(err)
    if node is not None:
        children = drivers.children(found.nodes, node.code)
        st.caption(
            f"Delete only a node created by mistake: {len(children)} node(s) link to it"
            + (f" ({', '.join(children)}); link them elsewhere first." if children else ".")
        )
        if st.button(f"Delete {node.code}", key="node_delete") and (email := _who()):
            try:
                _done(qi_edits.delete_node(db, email, code, node.code))
            except TrackerError as err:
                _refused(err)


def cycle_form(code: str, found: qi_view.Method, measures: list[str]) -> None:
    """Draw the form for a PDSA cycle of a change idea of the diagram (picked, or new); with no
    change idea yet, say to add one and stop the page."""
    db = database()
    st.header("Plan a PDSA cycle")
    ideas = {n.code: f"{n.code} · {n.title}" for n in found.change_ideas}
    if not ideas:
        st.write("Add a change idea to the diagram first: a PDSA cycle tests one.")
        st.stop()
    idea = st.selectbox(
        "Change idea", list(ideas), format_func=lambda c: ideas[c], key="method_idea"
    )
    tested = found.cycles_of(idea)
    cycle_choices = {NEW: "New cycle", **{c.code: f"Cycle {c.number} · {c.code}" for c in tested}}
    chosen = st.selectbox(
        "Cycle", list(cycle_choices), format_func=lambda c: cycle_choices[c], key="method_cycle"
    )
    cycle = next((c for c in tested if c.code == chosen), None)
    last = tested[-1] if tested else None
    start = cycle.start_date if cycle else clock.today()
    with st.form(key="cycle_form"):
        left, middle, right = st.columns(3)
        number = (last.number + 1) if last and cycle is None else (cycle.number if cycle else 1)
        cycle_code = left.text_input(
            "Code",
            cycle.code if cycle else f"{idea}-{number}",
            disabled=cycle is not None,
            key=f"cycle_code_{idea}_{chosen or 'new'}",
        )
        cycle_number = left.number_input("Cycle number", 1, 999, number)
        ramp = [NEW, *(c.code for c in tested if c.code != chosen)]
        follows_held = cycle.follows if cycle else (last.code if last else NEW)
        follows = left.selectbox(
            "Follows cycle",
            ramp,
            index=ramp.index(follows_held or NEW),
            format_func=lambda c: c or "None: the first of its ramp",
        )
        objective = middle.text_input(
            "Objective",
            cycle.objective if cycle else "",
            key=f"cycle_objective_{idea}_{chosen or 'new'}",
        )
        prediction = middle.text_area(
            "Prediction",
            cycle.prediction if cycle else "",
            key=f"cycle_prediction_{idea}_{chosen or 'new'}",
        )
        owner = widgets.person(
            middle,
            "Owner",
            cycle.owner if cycle else "",
            f"cycle_owner_{idea}_{chosen or 'new'}",
            "Who runs the cycle: someone on the people list, or type any name.",
        )
        start_date = right.date_input("Start", start, format="DD/MM/YYYY")
        end_date = right.date_input(
            "End",
            cycle.end_date if cycle else start + timedelta(days=FIRST_TEST_DAYS),
            format="DD/MM/YYYY",
        )
        cycle_measures = right.multiselect(
            "Measures",
            measures,
            list(cycle.measures) if cycle else [],
            key=f"cycle_measures_{idea}_{chosen or 'new'}",
        )
        save_cycle = st.form_submit_button("Save cycle", type="primary", key="cycle_save")
    if save_cycle and (email := _who()):
        try:
            held_steps = cycle.model_dump(include=set(qi_tabs.STEPS)) if cycle else {}
            planned = PdsaCycle.model_validate(
                {
                    **held_steps,
                    "code": cycle_code,
                    "change_idea": idea,
                    "number": cycle_number,
                    "follows": follows or None,
                    "objective": objective,
                    "prediction": prediction,
                    "start_date": start_date,
                    "end_date": end_date,
                    "owner": owner,
                    "measures": cycle_measures,
                }
            )
            _done(qi_edits.save_cycle(db, email, planned))
        except (ValidationError, TrackerError) as err:
            _refused(err)
