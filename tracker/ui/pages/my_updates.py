"""Page being written."""

import streamlit as st

st.title("my_updates")
