"""Page being written."""

import streamlit as st

st.title("import_data")
