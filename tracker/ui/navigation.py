"""The pages a person is offered, from their role: a viewer never sees Update, Import or Set-up."""

import streamlit as st

from tracker.access_rules import Action, Standing

NEEDS: dict[str, Action] = {
    "update": Action.check_ins,
    "import_data": Action.import_data,
    "setup": Action.setup,
    "setup_measures": Action.setup,
    "setup_goals": Action.setup,
    "setup_workbook": Action.workbook,
    "people": Action.access,
}
"""Pages that only some roles are offered, by file name, with the action that needs; every
other page reads (every role: My updates too, the list of who owes what). A page hidden here
cannot be opened by its address either."""


def offered(pages: dict[str, list[st.Page]], standing: Standing) -> dict[str, list[st.Page]]:
    """Return the navigation's groups with only the pages the person may use (empty groups go)."""
    kept = {
        group: [
            page
            for page in listed
            if page.url_path not in NEEDS or standing.may_somewhere(NEEDS[page.url_path])
        ]
        for group, listed in pages.items()
    }
    return {group: listed for group, listed in kept.items() if listed}
