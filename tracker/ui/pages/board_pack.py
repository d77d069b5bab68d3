"""Page being written."""

import streamlit as st

st.title("board_pack")
