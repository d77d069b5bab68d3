"""Shared widgets: portfolio filters, the As at day, page links, the RAG label and help marks."""

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.elements.lib.column_types import ColumnConfig

from tracker import access, clock, formatting, reports, usertext
from tracker.charts.describe import ChartWords
from tracker.screen_words import rag_text as rag_text  # pages call it here with the other widgets
from tracker.store import queries
from tracker.ui.cache import database

PAGES_DIR = Path(__file__).resolve().parent / "pages"
"""The page scripts, found beside this file wherever the package is installed."""

PAGE_CSS = Path(__file__).resolve().parent / "page.css"
"""The app's layout for a laptop screen and its print stylesheet (CSS only, no user text)."""

PAGES = {
    name: str(PAGES_DIR / f"{name}.py")
    for name in (
        "overview",
        "initiative",
        "measure",
        "milestones",
        "exceptions",
        "update",
        "my_updates",
        "public_packs",
        "risks",
        "benefits",
    )
}
"""Pages other pages link to, by absolute path: Streamlit resolves a relative one against the
entry script's folder, which differs between `tracker serve` and the tests' app.py."""

FILTERS = [
    ("programme", "Programme"),
    ("theme", "Theme"),
    ("organisation", "Organisation"),
    ("lead", "Lead"),
]


def page_style() -> None:
    """Apply the app's layout and print stylesheet to the page being drawn."""
    st.html(PAGE_CSS)


def filters_label() -> str:
    """Return the filter button's label: 'all initiatives' or the filters now chosen."""
    chosen = [
        usertext.markdown(st.session_state[f"filter_{column}"], inline=True)
        for column, _ in FILTERS
        if st.session_state.get(f"filter_{column}") is not None
    ]
    return f"Filtered: {' · '.join(chosen)}" if chosen else "Filter: all initiatives"


def portfolio_filters(initiatives: pd.DataFrame) -> reports.Filters:
    """Return the filters (programme, theme, organisation, lead) chosen under a filter button.

    The choices open from a button rather than sitting in the sidebar: a page's first draw then
    loads no drop-down code, one of the two largest costs of the overview for a new visitor.
    """
    chosen = {}
    with st.popover(
        filters_label(),
        icon=":material/filter_list:",
        help="Narrow the page to one programme, theme, organisation or lead.",
    ):
        for column, label in FILTERS:
            options = sorted(initiatives[column].dropna().unique())
            chosen[column] = st.selectbox(
                label, options, index=None, placeholder="All", key=f"filter_{column}"
            )
    return reports.Filters(**chosen)


def help_marks(helps: Mapping[str, str]) -> dict[str, ColumnConfig]:
    """Return a table's column_config giving each header in `helps` its help mark."""
    return {header: st.column_config.Column(help=text) for header, text in helps.items()}


PAGE_ROWS = 25
"""Rows a table shows at once, about two laptop screens: a longer table turns pages instead
of scrolling inside a box."""


PAGER_WIDTH_PX = 200
"""The rows picker needs room for "101–125 of 1,000", not the page's width."""


def page_of(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """Return the rows of `frame` on the page the reader chose: all of them up to PAGE_ROWS,
    else PAGE_ROWS at a time, chosen under the table."""
    if len(frame) <= PAGE_ROWS:
        return frame
    starts = range(0, len(frame), PAGE_ROWS)
    start = st.selectbox(
        "Rows shown",
        starts,
        format_func=lambda n: f"{n + 1:,}–{min(n + PAGE_ROWS, len(frame)):,} of {len(frame):,}",
        key=f"{key}_rows",
        width=PAGER_WIDTH_PX,
    )
    return frame.iloc[start : start + PAGE_ROWS]


def table(frame: pd.DataFrame, key: str) -> None:
    """Draw a read-only table whose every cell is read in full: long texts wrap in their cell.

    st.table reads its cells as markdown, so each text is shown as typed (usertext.markdown).
    """
    shown = page_of(frame, key).map(
        lambda cell: usertext.markdown(cell, inline=True) if isinstance(cell, str) else cell
    )
    st.table(shown, hide_index=True)


def grid(
    frame: pd.DataFrame,
    key: str,
    helps: Mapping[str, str] | None = None,
    config: Mapping[str, ColumnConfig] | None = None,
) -> None:
    """Draw a read-only table as tall as its rows (PAGE_ROWS at most): nothing scrolls inside.

    `helps` gives headers their help marks (see help_marks); `config` sets other columns.
    """
    st.dataframe(
        page_of(frame, key),
        hide_index=True,
        height="content",
        key=key,
        column_config={**help_marks(helps or {}), **(config or {})},
    )


def row_links(
    frame: pd.DataFrame,
    key: str,
    page: str,
    param: str,
    helps: Mapping[str, str] | None = None,
    column: str = "Code",
    tab: str | None = None,
    column_order: Sequence[str] | None = None,
) -> None:
    """Draw `frame` as a table; selecting a row opens `page` with ?param= the row's `column`
    (its Code unless told), and ?tab=`tab` if given. `column_order` names the columns shown,
    if not all.

    `helps` gives headers their help marks (see help_marks). The table is as tall as its rows
    (PAGE_ROWS at most), so nothing scrolls inside it.
    """
    shown = page_of(frame, key)
    event = st.dataframe(
        shown,
        hide_index=True,
        height="content",
        on_select="rerun",
        selection_mode="single-row",
        key=key,
        column_order=column_order,
        column_config=help_marks(helps or {}),
    )
    rows = event.selection.rows
    if rows:
        query = {param: shown.iloc[rows[0]][column], **({"tab": tab} if tab else {})}
        st.switch_page(PAGES[page], query_params=query)


SHOW_THE_DATA = "Show the data"
"""The label of the expander under every chart that holds its data as a table."""


def chart_with_words(figure: go.Figure, words: ChartWords, key: str) -> None:
    """Draw a chart, its text alternative right under it and its data under "Show the data".

    The chart's accessible name says what it is and that the words follow; plotly's points
    cannot be reached by keyboard and its hover needs a mouse (plotly.js #562, #7708), so the
    words and the table are what a screen reader, a keyboard or a magnifier reads: the same
    information, from the same data (WCAG 1.1.1).
    """
    with st.container(key=f"{key}_with_words"):
        # theme=None: the chart keeps its own colours, whose contrast tests/charts checks;
        # Streamlit's theme would draw the axis labels in a grey under 4.5:1.
        st.plotly_chart(figure, key=key, alt=f"{words.what}, in words below the chart", theme=None)
        st.markdown(f"**In words:** {usertext.markdown(words.text, inline=True)}")
        with st.expander(SHOW_THE_DATA):
            st.dataframe(
                words.table,
                hide_index=True,
                key=f"{key}_data",
                column_config=help_marks(words.helps),
            )


def code_from_query(
    param: str, names: dict[str, str], label: str, folded: bool = False
) -> str | None:
    """Return the code chosen in a selectbox that starts from ?param= and keeps the URL in step.

    `names` maps each code to its name, shown beside the code in the list. A `folded` picker
    opens from an "Another …" button: board pages name the item in their title, and their first
    draw then needs no drop-down code.
    """
    options = list(names)
    wanted = st.query_params.get(param)
    index = options.index(wanted) if wanted in options else 0 if options else None
    holder = (
        st.popover(f"Another {label.lower()}", icon=":material/swap_horiz:")
        if folded
        else st.container()
    )
    code = holder.selectbox(
        label,
        options,
        index=index,
        key=f"pick_{param}",
        format_func=lambda c: f"{c} · {names[c]}",
    )
    if code is not None and st.query_params.get(param) != code:
        st.query_params[param] = code
    return code


AS_AT = "as_at"
"""Session key and URL parameter (?as_at=2026-10-31) of the past day the board pages show;
absent or None means today."""
AS_AT_PICKER = "as_at_picker"


def as_at() -> date | None:
    """Return the past day the board pages are shown as at, or None for today."""
    day = st.session_state.get(AS_AT)
    return day if isinstance(day, date) and day < clock.today() else None


def _keep_as_at() -> None:
    st.session_state[AS_AT] = st.session_state[AS_AT_PICKER]


def _back_to_today() -> None:
    st.session_state[AS_AT] = None
    st.session_state.pop(AS_AT_PICKER, None)


def _day_from_link() -> date | None:
    """Return the ?as_at= day of the link the page was opened with (None if it has none)."""
    text = st.query_params.get(AS_AT)
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        # The link may come from anyone: what it holds is shown as text, never as a link.
        st.warning(
            f"The link's as_at={usertext.markdown(text, inline=True)} is not a date such as "
            "2026-10-31; showing today."
        )
        return None


def as_at_control() -> None:
    """Put the "As at" day picker at the top right of the page: today by default, or any past
    day. It sits above the page, not in the sidebar, so a 720 px high screen shows it.

    The day is kept under AS_AT as well as in the picker, so it holds on every board page:
    Streamlit forgets a widget's value on pages that do not draw it (the update pages). It is
    also in the URL, so a link or a reload opens the same day.
    """
    if AS_AT not in st.session_state:
        st.session_state[AS_AT] = _day_from_link()
    day = as_at()
    if day is not None:
        st.query_params[AS_AT] = day.isoformat()
    elif AS_AT in st.query_params:
        del st.query_params[AS_AT]
    corner = st.container(key="as_at_corner")  # page.css places it beside the title
    with corner.popover(
        f"As at {formatting.uk_date(day)}" if day else "As at today",
        icon=":material/history:",
        help="See the board pages as they were recorded at the end of a past day.",
    ):
        st.date_input(
            "Show the board pages as recorded at the end of",
            value=day or clock.today(),
            max_value=clock.today(),
            format="DD/MM/YYYY",
            key=AS_AT_PICKER,
            on_change=_keep_as_at,
        )
        if day:
            st.button("Back to today", on_click=_back_to_today, key="as_at_today")


def as_at_notice() -> None:
    """Say, above a board page shown as at a past day, that it is the record of that day."""
    day = as_at()
    if day is None:
        return
    text = (
        f"**As recorded at the end of {formatting.uk_date(day)}.** Every figure, status and list "
        "below is what the tracker held then, judged on that day; later updates and corrections "
        "are not shown."
    )
    first = queries.first_recorded(database())
    if first is None:
        text += " No data or check-ins have been recorded yet."
    elif first > clock.end_of(day):
        text += (
            " Nothing had been recorded by then: the first data were recorded on "
            f"{formatting.uk_date(first.date())}."
        )
    st.info(text, icon="🕘")


def warnings(lines: Sequence[str]) -> None:
    """Show what a previewed load will keep as written but deserves a look, one line each as
    written: the lines quote what people typed. Nothing when there are none."""
    if lines:
        st.warning(
            "Will be loaded as written, but worth a look:"
            + "".join(f"\n- {usertext.markdown(line, inline=True)}" for line in lines),
            icon=":material/person_search:",
        )


def people_names() -> list[str]:
    """Return the names on the people list, sorted; empty when nobody is listed."""
    return sorted(set(access.people_by_name_and_email(database()).values()))


def person(container: Any, label: str, value: str, key: str, help: str) -> str:
    """Draw a person field in `container`: a type-ahead choice from the people list that also
    takes a name not on it (leads name clinicians who never sign in), or a text box while the
    list is empty; return the name chosen or typed ('' for none)."""
    names = people_names()
    if not names:
        return str(container.text_input(label, value, key=key, help=help))
    # One named before the list was kept, or never on it, stays offered.
    people = names if not value or value in names else [value, *names]
    chosen = container.selectbox(
        label,
        people,
        index=people.index(value) if value else None,
        accept_new_options=True,
        placeholder="Choose from the people list, or type a name",
        key=key,
        help=help,
    )
    return str(chosen or "")
