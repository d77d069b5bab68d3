"""The Update page's session state: what is held loaded into the form, and a preview or save of
the form as typed, its outcome written back for the next run to show."""

from collections.abc import Sequence
from datetime import date

import pandas as pd
import streamlit as st

from tracker import checkins, usertext
from tracker.checkins import NARRATIVE, CheckInForm, Problems
from tracker.errors import EditConflict, TrackerError
from tracker.ui import acting, cache, update_form
from tracker.ui.cache import database


def load(code: str, period: date, today: date) -> None:
    """Load what is held for the initiative's period into the form, unless the form already
    holds that initiative and period (a new round of the grids either way it loads)."""
    state = st.session_state
    if state.get("update_context") == (code, period):
        return
    loaded = checkins.load_form(database(), code, period, today)
    state["update_context"] = (code, period)
    state["update_round"] = state.get("update_round", 0) + 1
    state["update_values"] = state["update_loaded_values"] = loaded.values
    state["update_milestones"] = state["update_loaded_milestones"] = loaded.milestones
    state["update_rag"] = loaded.rag
    state["update_confidence"] = loaded.confidence
    state["update_progress_score"] = loaded.progress_score
    state["update_on_behalf_of"] = loaded.on_behalf_of
    for field in NARRATIVE:
        state[f"update_{field}"] = loaded.narrative[field]
    state["update_read_at"] = loaded.read_at
    state["update_reviews"] = loaded.reviews
    state["update_benefits"] = state["update_loaded_benefits"] = loaded.benefits
    state["update_month"] = period.replace(day=1)
    state.pop("update_errors", None)
    state.pop("update_check_in_errors", None)
    state.pop("update_conflict", None)


def _form(code: str, period: date, grids: Sequence[pd.DataFrame]) -> CheckInForm:
    """Return the check-in form as typed: the grids (values, milestones, risk reviews, benefit
    months) as edited, the rest from the widgets' state."""
    values, milestones, reviews, benefits = grids
    state = st.session_state
    return CheckInForm(
        initiative=code,
        period=period,
        values=values,
        milestones=milestones,
        loaded_values=state["update_loaded_values"],
        loaded_milestones=state["update_loaded_milestones"],
        rag=state.get("update_rag"),
        confidence=state["update_confidence"],
        on_behalf_of=state["update_on_behalf_of"],
        narrative={field: state[f"update_{field}"] for field in NARRATIVE},
        read_at=state["update_read_at"],
        progress_score=state.get("update_progress_score"),
        reviews=reviews,
        benefits=benefits,
        loaded_benefits=state["update_loaded_benefits"],
    )


def submit(
    code: str, period: date, grids: Sequence[pd.DataFrame], preview: bool, today: date
) -> None:
    """Preview or save the form (values, milestones, risk review and benefit grids as edited):
    show the preview, or keep the outcome in state and run the page again to show it."""
    state = st.session_state
    values, milestones, reviews, benefits = grids
    round_ = state["update_round"]
    form = _form(code, period, grids)
    done: checkins.Checked | checkins.Saved | Problems
    try:
        if preview:
            done = checkins.preview_check_in(database(), acting.who(), form, today)
        else:
            done = checkins.save_check_in(database(), acting.who(), form, today)
    except EditConflict as err:
        # Kept without its traceback, which would pin this run's frames in the session.
        state["update_conflict"] = err.with_traceback(None)
        state["update_values"] = values.assign(Problem="")
        state["update_milestones"] = milestones.assign(Problem="")
        state["update_reviews"], state["update_benefits"] = reviews, benefits
        state["update_round"] = round_ + 1
        st.rerun()
    except TrackerError as err:
        st.error(f"Nothing was saved: {usertext.markdown(err)}")
    else:
        if isinstance(done, Problems):
            state["update_values"] = done.values
            state["update_milestones"] = done.milestones
            state["update_errors"] = done.lines
            state["update_check_in_errors"] = done.check_in
            state["update_reviews"], state["update_benefits"] = reviews, benefits
            state["update_round"] = round_ + 1
            st.rerun()
        elif isinstance(done, checkins.Checked):
            state.pop("update_errors", None)
            state.pop("update_check_in_errors", None)
            update_form.show_preview(done)
        else:
            cache.clear()
            state["update_saved"] = done.lines
            state.pop("update_context", None)
            st.rerun()
