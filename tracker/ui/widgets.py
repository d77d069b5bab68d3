"""Shared widgets: filters, icon badges, links to pages and the plain-text RAG label."""

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


def filters_sidebar(initiatives: pd.DataFrame) -> reports.Filters:
    """Return the overview filters chosen in the sidebar (programme, theme, organisation, lead)."""
    chosen = {}
    with st.sidebar:
        st.subheader("Filters")
        for column, label in [
            ("programme", "Programme"),
            ("theme", "Theme"),
            ("organisation", "Organisation"),
            ("lead", "Lead"),
        ]:
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


def code_from_query(param: str, names: dict[str, str], label: str) -> str | None:
    """Return the code chosen in a selectbox that starts from ?param= and keeps the URL in step.

    `names` maps each code to its name, shown beside the code in the list.
    """
    options = list(names)
    wanted = st.query_params.get(param)
    index = options.index(wanted) if wanted in options else 0 if options else None
    code = st.selectbox(
        label,
        options,
        index=index,
        key=f"pick_{param}",
        format_func=lambda c: f"{c} · {names[c]}",
    )
    if code is not None and st.query_params.get(param) != code:
        st.query_params[param] = code
    return code
