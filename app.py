"""Streamlit entry point (`streamlit run app.py`): the app itself is tracker/ui/app.py."""

from tracker.ui.app import main

main()
