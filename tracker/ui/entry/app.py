"""Streamlit entry point: page set-up, navigation and the shared error panel; nothing else."""

import streamlit as st

from tracker.errors import TrackerError
from tracker.ui import widgets


def _page(name: str, title: str, icon: str, default: bool = False) -> st.Page:
    return st.Page(widgets.PAGES_DIR / f"{name}.py", title=title, icon=icon, default=default)


def main() -> None:
    """Set up the page, run the page the visitor chose, and show a TrackerError as a message."""
    st.set_page_config(
        page_title="Improvement tracker", page_icon=":material/show_chart:", layout="wide"
    )
    pages = {
        "Board view": [
            _page("overview", "Overview", ":material/dashboard:", default=True),
            _page("exceptions", "Exceptions", ":material/warning:"),
            _page("initiative", "Initiative", ":material/flag:"),
            _page("measure", "Measure", ":material/show_chart:"),
            _page("milestones", "Milestones", ":material/event:"),
        ],
        "Updates": [
            _page("my_updates", "My updates", ":material/inbox:"),
            _page("update", "Update", ":material/edit_note:"),
            _page("import_data", "Import", ":material/upload_file:"),
            _page("audit", "Audit", ":material/history:"),
        ],
        "Board pack": [
            _page("board_pack", "Board pack", ":material/slideshow:"),
        ],
        "Help": [
            _page("glossary", "Glossary", ":material/menu_book:"),
        ],
        "Set-up": [
            _page("setup", "Initiatives", ":material/settings:"),
            _page("setup_measures", "Measures and targets", ":material/rule:"),
            _page("setup_goals", "Goals and milestones", ":material/task_alt:"),
            _page("setup_method", "Driver diagrams and PDSAs", ":material/account_tree:"),
            _page("setup_workbook", "Programme workbook", ":material/table:"),
        ],
    }
    page = st.navigation(pages, expanded=True)
    widgets.page_style()
    try:
        if page.url_path in {board.url_path for board in pages["Board view"]}:
            widgets.as_at_control()
            widgets.as_at_notice()
        page.run()
    except TrackerError as err:
        st.error(f"{err}")


if __name__ == "__main__":  # Streamlit runs this file as __main__ under `tracker serve`
    main()
