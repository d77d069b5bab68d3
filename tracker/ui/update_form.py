"""The Update page's form (values, milestones, check-in) and its preview, drawn from page state."""

import pandas as pd
import streamlit as st

from tracker import formatting, usertext
from tracker.checkin_grids import MILESTONE_COLUMNS, VALUE_COLUMNS
from tracker.checkins import NARRATIVE, Checked
from tracker.models import PROGRESS_SCORES, MilestoneStatus, Rag
from tracker.ui import register_forms, widgets
from tracker.vocabulary import progress_score_text

CONFIDENCE = {1: "1 · very low", 2: "2 · low", 3: "3 · medium", 4: "4 · high", 5: "5 · very high"}
BOXES = "Type in labelled boxes, not the grids"
"""The switch to the form's keyboard and screen-reader path: the grids are drawn on a canvas."""


def bullets(lines: list[str]) -> str:
    """Return lines as a markdown list, each shown as typed: they quote what people entered."""
    return "".join(f"\n- {usertext.markdown(line, inline=True)}" for line in lines)


def _shown(grid: pd.DataFrame, columns: list[str]) -> list[str]:
    """Return the grid's columns to show: `columns`, then Problem only once a row has one (the
    problems are also listed above the form), so that an empty column takes no room."""
    return [*columns, "Problem"] if grid["Problem"].astype(bool).any() else columns


def show_form(
    round_: int,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame, bool, bool]:
    """Draw the form from session state; return the edited values, milestones, risk review and
    benefit grids, and whether Preview or Save was clicked. Grids are keyed by `round_`, so a
    new round shows the grids held in state rather than the edits of the last."""
    state = st.session_state
    boxes = st.toggle(
        BOXES,
        key="update_boxes",
        help="Each value, reason and note, and each milestone's dates, status and reason, in "
        "a box of its own with its name: for the keyboard and screen readers. Switch before "
        "typing: what is typed in one view is not carried to the other.",
    )
    # No border: its padding would take room the grids need on a laptop
    with st.form("update_form", border=False):
        st.header("Measure values")
        st.caption(
            "Type each value as a plain number (76.4, not 76.4% or 76,4). Leave a value empty "
            "and give a missing reason if there is none. Changing a held value needs a note "
            "saying why; the old value is kept in its history. Last 3 periods are the three "
            "earlier values, oldest first."
        )
        if boxes:
            values = _value_boxes(state["update_values"], round_)
        else:
            values = st.data_editor(
                state["update_values"],
                key=f"update_values_{round_}",
                hide_index=True,
                column_order=_shown(
                    state["update_values"],
                    ["Measure", "Period", "Unit", "Recent", *VALUE_COLUMNS.values()],
                ),
                disabled=["Measure", "Period", "Unit", "Recent", "Problem"],
                # No fixed widths: each column is as wide as its longest text, so Measure, Period
                # and the reasons are read in full on a laptop.
                height="content",
                column_config={
                    "Unit": st.column_config.TextColumn(
                        "Unit", help="The unit of the value, and the values it may take."
                    ),
                    "Recent": st.column_config.TextColumn(
                        "Last 3 periods", help="The three earlier values, oldest first."
                    ),
                    "Value": st.column_config.TextColumn("Value", help="A plain number."),
                    "Note": st.column_config.TextColumn(
                        "Note", help="Why a held value changed, or any comment."
                    ),
                    "Problem": st.column_config.TextColumn("⚠ Problem"),
                },
            )
            # A cleared cell comes back as None: kept as '' so a refused save shows it empty.
            typed = list(VALUE_COLUMNS.values())
            values[typed] = values[typed].fillna("")
        st.header("Milestones")
        milestones = state["update_milestones"]
        if milestones.empty:
            st.caption("No open milestones.")
        else:
            st.caption("A later forecast needs a new reason for change; complete needs a date.")
        if boxes and not milestones.empty:
            milestones = _milestone_boxes(milestones, round_)
        elif not milestones.empty:
            # A title or reason is often longer than a grid cell shows: here both read in full.
            widgets.table(
                milestones[["Milestone", "Reason for change"]].replace("", "–"), "held_reasons"
            )
            milestones = st.data_editor(
                milestones,
                key=f"update_milestones_{round_}",
                hide_index=True,
                height="content",
                column_order=_shown(
                    milestones, ["Milestone", "Owner", "Baseline", *MILESTONE_COLUMNS.values()]
                ),
                disabled=["Milestone", "Owner", "Baseline", "Problem"],
                column_config={
                    # Fixed widths: their texts are read in full in the table above
                    "Milestone": st.column_config.TextColumn("Milestone", width="medium"),
                    "Reason for change": st.column_config.TextColumn(
                        "Reason for change", width="medium"
                    ),
                    "Baseline": st.column_config.DateColumn("Baseline", format="D MMM YYYY"),
                    "Forecast": st.column_config.DateColumn("Forecast", format="D MMM YYYY"),
                    "Completed": st.column_config.DateColumn("Completed", format="D MMM YYYY"),
                    "Status": st.column_config.SelectboxColumn(
                        "Status", options=[s.value for s in MilestoneStatus], required=True
                    ),
                    "Problem": st.column_config.TextColumn("⚠ Problem"),
                },
            )
            milestones["Reason for change"] = milestones["Reason for change"].fillna("")
        st.header("Check-in")
        # Beside the fields they are about, as the grids' problems are beside their rows.
        for problem in state.get("update_check_in_errors", []):
            st.error(usertext.markdown(problem, inline=True))
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
        author_col.text_input(
            "Written on behalf of",
            key="update_on_behalf_of",
            help="Leave empty when it is your own check-in; you are recorded as its author.",
        )
        left.selectbox(
            "Progress score (IHI scale)",
            [None, *PROGRESS_SCORES],
            format_func=lambda s: "Not given" if s is None else progress_score_text(s),
            key="update_progress_score",
            help="The team's own judgement of how far the project has come, 0.5 (intent to "
            "participate) to 5 (outstanding sustainable results).",
        )
        for field, label in NARRATIVE.items():
            st.text_area(label, key=f"update_{field}", height=90)
        # In the same form, so saved in the check-in's one transaction: a refused review
        # writes nothing of the check-in either.
        st.header("Risks and benefits")
        reviews = register_forms.reviews(state["update_reviews"], round_, boxes)
        benefits = register_forms.months(
            state["update_benefits"], state["update_month"], round_, boxes
        )
        first, second, _ = st.columns([1, 1, 4])
        preview = first.form_submit_button("Preview", key="update_preview", width="stretch")
        save = second.form_submit_button(
            "Save update", type="primary", key="update_save", width="stretch"
        )
    return values, milestones, reviews, benefits, preview, save


def show_preview(checked: Checked) -> None:
    """Show what a save would change, and the check-in as the board would read it."""
    new = checked.check_in
    st.info("**Preview: nothing is saved yet.**" + bullets(checked.lines))
    st.markdown(
        # Bold, not a heading: the RAG line belongs to the Check-in section, not a new one.
        f"**{widgets.rag_text(new.rag)} · confidence {new.confidence}/5**\n"
        + "".join(
            f"\n**{label}.** {usertext.markdown(getattr(new, field)) or '–'}\n"
            for field, label in NARRATIVE.items()
        )
    )


def _value_boxes(grid: pd.DataFrame, round_: int) -> pd.DataFrame:
    """Draw each measure period's value, missing reason and note in boxes named for it, with
    its problem under them; return the grid as typed.

    The keyboard and screen-reader path: a grid's cells are drawn on a canvas, which a screen
    reader cannot read and whose keyboard editing loses edits (README, Accessibility).
    """
    typed = grid.copy()
    for i, row in grid.iterrows():
        where = f"{row['measure']} · {row['Period']}"
        st.markdown(
            f"**{usertext.markdown(row['Measure'], inline=True)}** · {row['Period']} · "
            f"{row['Unit']} · last 3 periods, oldest first: {row['Recent']}"
        )
        for column, name in zip(st.columns(3), VALUE_COLUMNS.values(), strict=True):
            typed.at[i, name] = column.text_input(
                f"{name} · {where}",
                value=_text(row[name]),
                key=f"update_box_{round_}_{i}_{name}",
            )
        if row["Problem"]:
            st.error(f"{where}: {usertext.markdown(row['Problem'], inline=True)}")
    return typed


def _milestone_boxes(grid: pd.DataFrame, round_: int) -> pd.DataFrame:
    """Draw each open milestone's forecast, status, completion date and reason for change in
    boxes named for it, with its problem under them; return the grid as typed."""
    typed = grid.copy()
    statuses = [s.value for s in MilestoneStatus]
    for i, row in grid.iterrows():
        code = row["code"]
        st.markdown(
            f"**{usertext.markdown(row['Milestone'], inline=True)}** · owner "
            f"{usertext.markdown(row['Owner'], inline=True)} · baseline "
            f"{formatting.uk_date(row['Baseline'])}"
        )
        forecast, status, completed = st.columns(3)
        typed.at[i, "Forecast"] = forecast.date_input(
            f"Forecast · {code}",
            value=formatting.as_date(row["Forecast"]),
            format="DD/MM/YYYY",
            key=f"update_box_{round_}_{i}_Forecast",
        )
        typed.at[i, "Status"] = status.selectbox(
            f"Status · {code}",
            statuses,
            index=statuses.index(row["Status"]),
            key=f"update_box_{round_}_{i}_Status",
        )
        typed.at[i, "Completed"] = completed.date_input(
            f"Completed · {code}",
            value=formatting.as_date(row["Completed"]),
            format="DD/MM/YYYY",
            key=f"update_box_{round_}_{i}_Completed",
        )
        typed.at[i, "Reason for change"] = st.text_input(
            f"Reason for change · {code}",
            value=_text(row["Reason for change"]),
            key=f"update_box_{round_}_{i}_Reason",
        )
        if row["Problem"]:
            st.error(f"{code}: {usertext.markdown(row['Problem'], inline=True)}")
    return typed


def _text(cell: object) -> str:
    """Return a grid cell as the text a box starts with ('' when empty)."""
    return "" if cell is None or pd.isna(cell) else str(cell)  # type: ignore[call-overload]  # pd.isna takes any one cell
