"""Update (check-in): one form for a period's measure values, milestone changes and the narrative.

The three are saved in one transaction. On any error nothing is written and the form keeps what
was typed: the grids are rebuilt from the typed values with a Problem column, and the other
widgets keep their state by key. Only what was changed in the form is saved, based on what the
form read: if someone else saved one of those records meanwhile, nothing is written and the page
shows what they changed, to keep theirs or save mine over it.
"""

from datetime import date

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from tracker import clock, formatting, importers, usertext
from tracker.config import get_settings
from tracker.errors import EditConflict, ImportRejected, RowError, TrackerError
from tracker.importers import preview
from tracker.models import CheckIn, Milestone, MilestoneStatus, Rag
from tracker.periods import Frequency, add_periods, last_complete_period
from tracker.store import batches, queries
from tracker.ui import cache, edit_conflict, update_grids, widgets
from tracker.ui.cache import database, portfolio
from tracker.ui.update_grids import MILESTONE_COLUMNS, VALUE_COLUMNS

PERIODS_OFFERED = 12
"""Check-in periods to choose from: a year back, for late or corrected check-ins."""

CONFIDENCE = {1: "1 · very low", 2: "2 · low", 3: "3 · medium", 4: "4 · high", 5: "5 · very high"}
NARRATIVE = {
    "progress": "Progress",
    "risks": "Risks and issues",
    "next_steps": "Next steps",
    "asks": "Asks of the board",
}


def bullets(lines: list[str]) -> str:
    """Return lines as a markdown list, each shown as typed: they quote what people entered."""
    return "".join(f"\n- {usertext.markdown(line, inline=True)}" for line in lines)


def _check_values(grid: pd.DataFrame, today: date) -> tuple[pd.DataFrame, list[RowError]]:
    """Return (validated points to write, errors) from the edited values grid."""
    had = queries.data_points(database(), measure_codes=grid["measure"].unique().tolist())
    loaded = state["update_loaded_values"]
    entered = grid[update_grids.edited(grid, loaded, list(VALUE_COLUMNS.values()))]
    if entered.empty:
        return pd.DataFrame(), []
    table = pd.DataFrame(
        {
            "measure": entered["measure"],
            "period": entered["period"],
            "value": entered["Value"].fillna(""),
            "missing_reason": entered["Missing reason"].fillna(""),
            "note": entered["Note"].fillna(""),
        }
    )
    table.index = entered.index + 1
    try:
        points = importers.validate_data_points(
            table, queries.measures(database()), today, only_initiative=code
        )
    except ImportRejected as err:
        return pd.DataFrame(), err.errors
    return points, importers.check_corrections(points, had)


def _check_milestones(grid: pd.DataFrame, today: date) -> tuple[list[Milestone], list[RowError]]:
    """Return (milestones whose facts changed, errors) from the edited milestones grid."""
    grid = grid[
        update_grids.edited(
            grid, state["update_loaded_milestones"], list(MILESTONE_COLUMNS.values())
        )
    ]
    if grid.empty:
        return [], []
    current = book.milestones.set_index("code").loc[grid["code"]]
    table = pd.DataFrame(
        {
            "code": grid["code"].to_numpy(),
            "initiative": code,
            "title": current["title"].to_numpy(),
            "owner": current["owner"].to_numpy(),
            "baseline_date": [update_grids.iso(d) for d in current["baseline_date"]],
            "forecast_date": [update_grids.iso(d) for d in grid["Forecast"]],
            "status": grid["Status"].fillna("").astype(str).to_numpy(),
            "completed_date": [update_grids.iso(d) for d in grid["Completed"]],
            "change_reason": grid["Reason for change"].fillna("").astype(str).to_numpy(),
        },
        index=grid.index + 1,
    )
    try:
        rows = importers.validate_milestones(
            table, queries.initiatives(database()), book.milestones, today, only_initiative=code
        )
    except ImportRejected as err:
        return [], err.errors
    classified = batches.preview(database(), "milestones", rows)
    changed = rows[classified["action"].to_numpy() != "unchanged"]
    return [Milestone(**r) for r in changed.to_dict("records")], []


def _check_in() -> tuple[CheckIn | None, list[str]]:
    """Return the check-in typed in the form, or the reasons it is not valid."""
    state = st.session_state
    if state.get("update_rag") is None:
        return None, ["RAG: choose red, amber or green."]
    try:
        return CheckIn(
            initiative=code,
            period=period,
            rag=state["update_rag"],
            confidence=state["update_confidence"],
            author=state["update_author"],
            **{field: state[f"update_{field}"] for field in NARRATIVE},
        ), []
    except ValidationError as err:
        return None, [f"{e['loc'][0]}: {e['msg']}" for e in err.errors()]


def _summary(points: pd.DataFrame, milestones: list[Milestone], check_in: CheckIn) -> list[str]:
    """Return one line per change the save makes (old → new), for the preview and the receipt."""
    lines = []
    if len(points):
        found = batches.preview(database(), "datapoints", points)
        for code_, line in zip(found["code"], preview.changes(found), strict=True):
            if line:
                lines.append(f"Value {code_}: {line}")
    if milestones:
        rows = pd.DataFrame([m.model_dump() for m in milestones])
        found = batches.preview(database(), "milestones", rows)
        for code_, line in zip(found["code"], preview.changes(found), strict=True):
            lines.append(f"Milestone {code_}: {line}")
    old = book.check_ins[
        (book.check_ins["initiative"] == code)
        & (pd.to_datetime(book.check_ins["period"]).dt.date == period)
    ]
    label = formatting.period_label(period, frequency)
    if old.empty:
        lines.append(
            f"Check-in {label}: new, {check_in.rag} with confidence {check_in.confidence}/5"
        )
    else:
        before = old.iloc[0]
        differs = [
            f"{name} {preview.shown(before[name])} → {preview.shown(getattr(check_in, name))}"
            for name in ("rag", "confidence", *NARRATIVE, "author")
            if str(before[name]) != str(getattr(check_in, name))
        ]
        lines.append(f"Check-in {label}: " + ("; ".join(differs) or "unchanged"))
    return lines


# Read before the portfolio, so a save landing while the page reads can at worst raise a needless
# conflict, never be overwritten unseen.
read_at = queries.write_counter(database())
book = portfolio()
table = book.initiatives
code = widgets.code_from_query(
    "initiative", dict(zip(table["code"], table["name"], strict=True)), "Initiative"
)
if code is None:
    st.info("No initiatives yet: load a programme first (`tracker demo` or the set-up pages).")
    st.stop()
item = table.set_index("code").loc[code]
today = clock.today()
frequency = Frequency(item["checkin_frequency"])
latest = last_complete_period(today, frequency)
options = [add_periods(latest, frequency, -k) for k in range(PERIODS_OFFERED)]
owed = book.due[(book.due["kind"] == "check-in") & (book.due["code"] == code)]
due_period = pd.Timestamp(owed["period"].iloc[0]).date() if len(owed) else latest
period = st.selectbox(
    "Period",
    options,
    index=options.index(due_period) if due_period in options else 0,
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

context = (code, period)
state = st.session_state
if state.get("update_context") != context:
    # A new initiative or period: load what is held now into the form.
    measures = book.measures[book.measures["initiative"] == code]
    state["update_context"] = context
    state["update_round"] = state.get("update_round", 0) + 1
    state["update_values"] = update_grids.values_grid(
        measures, book.points, period, frequency, today
    )
    state["update_milestones"] = update_grids.milestones_grid(
        book.milestones[book.milestones["initiative"] == code]
    )
    held = book.check_ins[
        (book.check_ins["initiative"] == code)
        & (pd.to_datetime(book.check_ins["period"]).dt.date == period)
    ]
    now = held.iloc[0] if len(held) else None
    state["update_rag"] = None if now is None else str(now["rag"])
    state["update_confidence"] = 3 if now is None else int(now["confidence"])
    state["update_author"] = str(item["lead"]) if now is None else str(now["author"])
    for field in NARRATIVE:
        state[f"update_{field}"] = "" if now is None else str(now[field])
    state["update_loaded_values"] = state["update_values"]
    state["update_loaded_milestones"] = state["update_milestones"]
    state["update_read_at"] = read_at
    state.pop("update_errors", None)
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
with st.form("update_form"):
    st.subheader("Measure values")
    st.caption(
        "Type each value as a plain number (76.4, not 76.4% or 76,4). Leave a value empty and "
        "give a missing reason if there is none. Changing a held value needs a note saying why; "
        "the old value is kept in its history."
    )
    values = st.data_editor(
        state["update_values"],
        key=f"update_values_{round_}",
        hide_index=True,
        column_order=["Measure", "Period", "Unit", "Recent", *VALUE_COLUMNS.values(), "Problem"],
        disabled=["Measure", "Period", "Unit", "Recent", "Problem"],
        column_config={
            "Measure": st.column_config.TextColumn("Measure", width="medium"),
            "Period": st.column_config.TextColumn("Period", width="small"),
            "Unit": st.column_config.TextColumn("Unit (allowed)", width="small"),
            "Recent": st.column_config.TextColumn(
                "Last 3 periods", width="small", help="The three earlier values, oldest first."
            ),
            "Value": st.column_config.TextColumn("Value", width="small", help="A plain number."),
            "Missing reason": st.column_config.TextColumn("Missing reason", width="small"),
            "Note": st.column_config.TextColumn(
                "Note", width="small", help="Why a held value changed, or any comment."
            ),
            "Problem": st.column_config.TextColumn("⚠ Problem", width="medium"),
        },
    )
    st.subheader("Milestones")
    milestone_grid = state["update_milestones"]
    if milestone_grid.empty:
        st.caption("No open milestones.")
        edited_milestones = milestone_grid
    else:
        st.caption("A later forecast needs a new reason for change; complete needs a date.")
        edited_milestones = st.data_editor(
            milestone_grid,
            key=f"update_milestones_{round_}",
            hide_index=True,
            column_order=["Milestone", "Owner", "Baseline", *MILESTONE_COLUMNS.values(), "Problem"],
            disabled=["Milestone", "Owner", "Baseline", "Problem"],
            column_config={
                "Milestone": st.column_config.TextColumn("Milestone", width="medium"),
                "Owner": st.column_config.TextColumn("Owner", width="small"),
                "Reason for change": st.column_config.TextColumn(
                    "Reason for change", width="medium"
                ),
                "Baseline": st.column_config.DateColumn("Baseline", format="D MMM YYYY"),
                "Forecast": st.column_config.DateColumn("Forecast", format="D MMM YYYY"),
                "Completed": st.column_config.DateColumn("Completed", format="D MMM YYYY"),
                "Status": st.column_config.SelectboxColumn(
                    "Status", options=[s.value for s in MilestoneStatus], required=True
                ),
                "Problem": st.column_config.TextColumn("⚠ Problem", width="large"),
            },
        )
    st.subheader("Check-in")
    left, right, author_col = st.columns(3)
    left.radio(
        "RAG",
        [r.value for r in Rag],
        format_func=widgets.rag_text,
        horizontal=True,
        key="update_rag",
    )
    right.select_slider(
        "Confidence of delivery",
        list(CONFIDENCE),
        format_func=CONFIDENCE.get,
        key="update_confidence",
    )
    author_col.text_input("Author", key="update_author")
    for field, label in NARRATIVE.items():
        st.text_area(label, key=f"update_{field}", height=90)
    first, second, _ = st.columns([1, 1, 4])
    preview_clicked = first.form_submit_button("Preview", key="update_preview", width="stretch")
    save_clicked = second.form_submit_button(
        "Save update", type="primary", key="update_save", width="stretch"
    )

if preview_clicked or save_clicked or overwrite:
    points, value_errors = _check_values(values, today)
    milestones, milestone_errors = _check_milestones(edited_milestones, today)
    check_in, check_in_errors = _check_in()
    found = (
        update_grids.messages(values, value_errors, edited_milestones, milestone_errors)
        + check_in_errors
    )
    if found or check_in is None:
        state["update_values"] = update_grids.problems(values, value_errors, VALUE_COLUMNS)
        state["update_milestones"] = update_grids.problems(
            edited_milestones, milestone_errors, MILESTONE_COLUMNS
        )
        state["update_errors"] = found
        state["update_round"] = round_ + 1
        st.rerun()
    lines = _summary(points, milestones, check_in)
    if preview_clicked:
        state.pop("update_errors", None)
        st.info("**Preview: nothing is saved yet.**" + bullets(lines))
        st.markdown(
            f"#### {widgets.rag_text(check_in.rag)} · confidence {check_in.confidence}/5\n"
            + "".join(
                f"\n**{label}.** {usertext.markdown(getattr(check_in, field)) or '–'}\n"
                for field, label in NARRATIVE.items()
            )
        )
    else:
        try:
            batches.save_update(
                database(),
                points,
                milestones,
                check_in,
                get_settings().user,
                read_at=state["update_read_at"],
            )
        except EditConflict as err:
            # Kept without its traceback, which would pin this run's frames in the session.
            state["update_conflict"] = err.with_traceback(None)
            state["update_values"] = values.assign(Problem="")
            state["update_milestones"] = edited_milestones.assign(Problem="")
            state["update_round"] = round_ + 1
            st.rerun()
        except TrackerError as err:
            st.error(f"Nothing was saved: {usertext.markdown(err)}")
        else:
            cache.clear()
            state["update_saved"] = lines
            state.pop("update_context", None)
            st.rerun()
