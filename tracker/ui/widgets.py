"""Shared widgets: portfolio filters, icon badges, links to pages and the plain-text RAG label."""

import pandas as pd
import streamlit as st

from tracker import reports
from tracker.charts import assurance_icon_text, variation_icon_text

PAGES = {
    "overview": "tracker/ui/pages/overview.py",
    "initiative": "tracker/ui/pages/initiative.py",
    "measure": "tracker/ui/pages/measure.py",
    "milestones": "tracker/ui/pages/milestones.py",
    "exceptions": "tracker/ui/pages/exceptions.py",
}

RAG_TEXT = {"red": "🔴 Red", "amber": "🟠 Amber", "green": "🟢 Green"}
GOAL_TEXT = {
    "on_track": "✔ On track",
    "achieved": "★ Achieved",
    "at_risk": "◐ At risk",
    "off_track": "✘ Off track",
    "no_data": "– No data",
}


def rag_text(rag: object) -> str:
    """Return the RAG rating with a coloured symbol and its word ('–' when none)."""
    return RAG_TEXT.get(str(rag), "– None")


FILTERS = [
    ("programme", "Programme"),
    ("theme", "Theme"),
    ("organisation", "Organisation"),
    ("lead", "Lead"),
]


def filters_label() -> str:
    """Return the filter button's label: 'all initiatives' or the filters now chosen."""
    chosen = [
        str(st.session_state[f"filter_{column}"])
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


def icons_line(variation: str, assurance: str) -> str:
    """Return both MDC icons as symbol + words for one line of text."""
    return f"{variation_icon_text(variation)} · {assurance_icon_text(assurance)}"


def open_selected(event: object, frame: pd.DataFrame, page: str, param: str) -> None:
    """Go to `page` with ?param=CODE when a row of `frame` (with a Code column) was selected."""
    rows = getattr(getattr(event, "selection", None), "rows", [])
    if rows:
        st.switch_page(PAGES[page], query_params={param: frame.iloc[rows[0]]["Code"]})


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
