"""Streamlit entry point: page set-up, navigation and the shared error panel; nothing else."""

import streamlit as st

from tracker.config import get_settings
from tracker.errors import TrackerError
from tracker.ui import acting, identity, navigation, signin, widgets


def _page(name: str, title: str, icon: str, default: bool = False) -> st.Page:
    return st.Page(widgets.PAGES_DIR / f"{name}.py", title=title, icon=icon, default=default)


def main() -> None:
    """Set up the page, run the page the visitor chose, and show a TrackerError as a message."""
    st.set_page_config(
        page_title="Improvement tracker", page_icon=":material/show_chart:", layout="wide"
    )
    try:
        visitor = identity.current()
    except TrackerError as err:
        st.error(f"{err}")
        return
    # Only the public packs page, where switched on, is open to someone not signed in.
    public = (
        [_page("public_packs", "Public board packs", ":material/public:")]
        if get_settings().public
        else []
    )
    if visitor.email is None:
        chosen = st.navigation([_page("sign_in", "Sign in", ":material/login:"), *public])
        widgets.page_style()
        _run(chosen)
        return
    pages = {
        "Board view": [
            _page("overview", "Overview", ":material/dashboard:", default=True),
            _page("exceptions", "Exceptions", ":material/warning:"),
            _page("initiative", "Initiative", ":material/flag:"),
            _page("measure", "Measure", ":material/show_chart:"),
            _page("milestones", "Milestones", ":material/event:"),
            _page("risks", "Risks", ":material/crisis_alert:"),
            _page("benefits", "Benefits", ":material/savings:"),
        ],
        "Updates": [
            _page("my_updates", "My updates", ":material/inbox:"),
            _page("update", "Update", ":material/edit_note:"),
            _page("import_data", "Import", ":material/upload_file:"),
            _page("audit", "Audit", ":material/history:"),
        ],
        "Board pack": [
            _page("board_pack", "Board pack", ":material/slideshow:"),
            *public,
        ],
        "Help": [
            _page("glossary", "Glossary", ":material/menu_book:"),
        ],
        "Set-up": [
            _page("setup", "Initiatives", ":material/settings:"),
            _page("setup_measures", "Measures and targets", ":material/rule:"),
            _page("setup_goals", "Goals and milestones", ":material/task_alt:"),
            _page("setup_method", "Drivers and PDSAs", ":material/account_tree:"),
            _page("setup_workbook", "Programme workbook", ":material/table:"),
            _page("people", "People and access", ":material/group:"),
        ],
    }
    try:
        standing = acting.standing()
    except TrackerError as err:  # a damaged or unreadable database: say so, offer nothing
        widgets.page_style()
        st.error(f"{err}")
        st.stop()
    pages = (
        navigation.offered(pages, standing)
        if standing.has_access
        else {"Access": [_page("no_access", "Ask for access", ":material/lock:", default=True)]}
    )
    page = st.navigation(pages, expanded=True)
    widgets.page_style()
    signin.sidebar(visitor)
    signin.record(visitor)
    board = {p.url_path for p in pages.get("Board view", [])}
    _run(page, as_at=page.url_path in board)


def _run(page: st.Page, as_at: bool = False) -> None:
    """Run the chosen page (a board page with the As at day above it); a TrackerError is shown
    as its message."""
    try:
        if as_at:
            widgets.as_at_control()
            widgets.as_at_notice()
        page.run()
    except TrackerError as err:
        st.error(f"{err}")


if __name__ == "__main__":  # Streamlit runs this file as __main__ under `tracker serve`
    main()
