"""Update (check-in): one form for a period's measure values, milestone changes and the narrative.

The three are saved in one transaction (checkins.save_check_in). On any error nothing is written
and the form keeps what was typed: the grids come back with a Problem column, and the other
widgets keep their state by key. If someone else saved one of the changed records meanwhile,
nothing is written and the page shows what they changed, to keep theirs or save mine over it.
"""

import streamlit as st

from tracker import checkins, clock, formatting, usertext
from tracker.access_rules import Action
from tracker.periods import Frequency
from tracker.ui import acting, edit_conflict, qi_tabs, update_form, update_state, widgets
from tracker.ui.cache import portfolio
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

update_state.load(code, period, today)
state = st.session_state
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

*grids, preview_clicked, save_clicked = update_form.show_form(state["update_round"])
if preview_clicked or save_clicked or overwrite:
    update_state.submit(code, period, grids, preview_clicked, today)

qi_tabs.running_cycles(code, today)
