"""Page being written."""

import streamlit as st

st.title("audit")
