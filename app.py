"""Streamlit entry point (`streamlit run app.py`): the app itself is tracker/ui/entry/app.py."""

from tracker.ui.entry.app import main

main()
