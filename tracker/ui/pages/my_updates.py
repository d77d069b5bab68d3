"""My updates: the data, check-ins, risk reviews and benefit actuals the person signed in owes (or
anyone's), overdue first; the overview counts the same list."""

import pandas as pd
import streamlit as st

from tracker import access, formatting, registers_view, usertext, vocabulary
from tracker.access_rules import Action
from tracker.due import DueKind, DueStatus, overdue, period_words
from tracker.ui import acting, widgets
from tracker.ui.cache import database, portfolio, registers

EVERYONE = "Everyone"
WHAT = {
    DueKind.data: "📈 Data",
    DueKind.check_in: "✏️ Check-in",
    DueKind.risk_review: "🛡 Risk",
    DueKind.benefit_actual: "£ Benefit",
}
"""Each kind of update in words (a symbol beside, never alone); short, so the table fits a
laptop: the From period column says it is the risk's review or the benefit's month."""

book = portfolio()
owed = registers_view.owed(book.due, registers(), book.initiatives["code"])
people = sorted(set(book.measures["owner"]) | set(book.initiatives["lead"]) | set(owed["owner"]))

st.title("My updates")
st.caption(
    f"What is overdue, or due in the next two weeks, on {formatting.uk_date(book.today)}: each "
    "measure's data (due its update lag after the period ends), each initiative's check-in, "
    "each open risk's review (by its next review date) and each benefit's actual for a month "
    "that has ended."
)
left, right = st.columns([2, 1])
# Without ?person=, the person signed in, by their name on the people list.
wanted = st.query_params.get("person") or access.name_of(database(), acting.who())
person = left.selectbox(
    "Person",
    [EVERYONE, *people],
    index=1 + people.index(wanted) if wanted in people else 0,
    key="my_updates_person",
)
only_overdue = right.toggle(
    "Overdue only",
    value=st.query_params.get("status") == DueStatus.overdue,
    key="my_updates_overdue",
)
if person != EVERYONE and st.query_params.get("person") != person:
    st.query_params["person"] = person

mine = owed if person == EVERYONE else owed[owed["owner"] == person]
if only_overdue:
    mine = overdue(mine)
late = overdue(mine)
cols = st.columns(3)
cols[0].metric(vocabulary.text(DueStatus, DueStatus.overdue), len(late))
cols[1].metric(
    f"{vocabulary.text(DueStatus, DueStatus.due)} soon",
    int((mine["status"] == DueStatus.due).sum()),
)
cols[2].metric("Periods missing", int(mine["periods_missing"].sum()))

if mine.empty:
    who = "Nobody owes" if person == EVERYONE else f"{usertext.markdown(person, inline=True)} owes"
    st.success(f"✔ {who} any updates right now.")
    st.stop()


def _status(item: pd.Series) -> str:
    if item["status"] == DueStatus.overdue:
        days = int(item["days_overdue"])
        return (
            f"{vocabulary.text(DueStatus, DueStatus.overdue)} {days} day{'s' if days != 1 else ''}"
        )
    return f"{vocabulary.text(DueStatus, DueStatus.due)} {formatting.uk_date(item['due_date'])}"


def _periods(item: pd.Series) -> str:
    label = period_words(item["kind"], item["period"], item["frequency"])
    extra = int(item["periods_missing"]) - 1
    return f"{label} (+{extra} more)" if extra > 0 else label


view = pd.DataFrame(
    {
        "Status": mine.apply(_status, axis=1),
        "What": mine["kind"].map(WHAT),
        "Code": mine["code"],
        "Title": mine["title"],
        "From period": mine.apply(_periods, axis=1),
        "Due": mine["due_date"].map(formatting.uk_date),
        "Owner": mine["owner"],
    }
).reset_index(drop=True)
if not acting.standing().may_somewhere(Action.check_ins):
    widgets.table(view, "owed")
    st.stop()
st.caption("Select a row to open the Update page for its initiative.")
# The code names the initiative (UEC-01, UEC-01-M1), so the table needs no column for it
# and stays narrow enough for Owner and Due to show on a laptop. A programme's own risk has no
# initiative: its row opens the Update page to choose one.
widgets.row_links(
    view.assign(Initiative=mine["initiative"].fillna("").to_numpy()),
    "owed",
    "update",
    "initiative",
    column="Initiative",
    column_order=list(view.columns),
)
