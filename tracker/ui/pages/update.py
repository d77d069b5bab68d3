"""Update (check-in): one form for a period's measure values, milestone changes and the narrative.

The three are saved in one transaction (checkins.save_check_in). On any error nothing is written
and the form keeps what was typed: the grids come back with a Problem column, and the other
widgets keep their state by key. If someone else saved one of the changed records meanwhile,
nothing is written and the page shows what they changed, to keep theirs or save mine over it.
"""

import streamlit as st

from tracker import checkins, clock, formatting, usertext
from tracker.access_rules import Action
from tracker.checkins import NARRATIVE, CheckInForm, Problems
from tracker.errors import EditConflict, TrackerError
from tracker.periods import Frequency
from tracker.ui import acting, cache, edit_conflict, qi_tabs, update_form, widgets
from tracker.ui.cache import database, portfolio
from tracker.ui.update_form import bullets

book = portfolio()
table = book.initiatives
code = widgets.code_from_query(
    "initiative", dict(zip(table["code"], table["name"], strict=True)), "Initiative"
)
if code is None:
    st.info("No initiatives yet: load a programme first (`tracker demo` or the set-up pages).")
    st.stop()
# An initiative given by address is checked too: an editor of another sees only the refusal.
acting.require(Action.check_ins, code)
item = table.set_index("code").loc[code]
today = clock.today()
frequency = Frequency(str(item["checkin_frequency"]))
owed = checkins.owed(book.due, code)
options, offered = checkins.period_choices(frequency, owed, today)
period = st.selectbox(
    "Period",
    options,
    index=options.index(offered),
    format_func=lambda p: formatting.period_label(p, frequency),
    key=f"update_period_{code}",
    help="Defaults to the latest period whose check-in is due.",
)

st.title(f"Update · {code} · {usertext.markdown(item['name'], inline=True)}")
st.caption(
    f"Check-in for {formatting.period_label(period, frequency)} · "
    f"lead {usertext.markdown(item['lead'], inline=True)} · "
    + (
        f"⚠ due {formatting.uk_date(owed['due_date'].iloc[0])} ({owed['status'].iloc[0]})"
        if len(owed)
        else "✔ no check-in owed"
    )
)

state = st.session_state
if state.get("update_context") != (code, period):
    # A new initiative or period: load what is held now into the form.
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

saved = state.pop("update_saved", None)
if saved:
    st.success("**Saved.** " + bullets(saved))
errors = state.get("update_errors")
if errors:
    st.error(
        "**Nothing was saved.** Fix these and save again (what you typed is kept):"
        + bullets(errors)
    )

overwrite = False
conflict = state.get("update_conflict")
if conflict is not None:
    choice = edit_conflict.ask(conflict, "update_conflict")
    if choice is edit_conflict.Choice.theirs:
        state.pop("update_context", None)
        st.rerun()
    if choice is edit_conflict.Choice.mine:
        # Based on what the warning showed: a later save by anyone else is caught again.
        state["update_read_at"] = conflict.latest
        state.pop("update_conflict")
        overwrite = True

round_ = state["update_round"]
values, milestones, reviews, benefits, preview_clicked, save_clicked = update_form.show_form(round_)

if preview_clicked or save_clicked or overwrite:
    form = CheckInForm(
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
    done: checkins.Checked | checkins.Saved | Problems
    try:
        if preview_clicked:
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

qi_tabs.running_cycles(code, today)
