"""The shared page parts: a long table's pages are named with the UK's thousands separator."""

from streamlit.testing.v1 import AppTest


def _paged() -> None:
    """A page that shows a 1,234-row table a page at a time (run by AppTest on its own)."""
    import pandas as pd

    from tracker.ui import widgets

    widgets.page_of(pd.DataFrame({"n": range(1234)}), "long")


def test_the_pages_of_a_long_table_are_named_with_thousands_separated():
    at = AppTest.from_function(_paged).run()
    options = at.selectbox(key="long_rows").options
    # 25 rows a page: 49 pages of 25 and a last of 9
    assert options[0] == "1–25 of 1,234"
    assert options[40] == "1,001–1,025 of 1,234"
    assert options[-1] == "1,226–1,234 of 1,234" and len(options) == 50
