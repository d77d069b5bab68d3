"""The Streamlit entry script, in a folder of its own: beside a `pages/` folder Streamlit would run
a page linked to directly as a script of its own, without the navigation, set-up and error panel."""
