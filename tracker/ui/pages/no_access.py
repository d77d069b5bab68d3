"""Ask for access: what a signed-in person with no role sees, and nothing else."""

import streamlit as st

from tracker import usertext
from tracker.ui import acting

st.title("Ask for access")
who = usertext.markdown(acting.who(), inline=True)
st.write(
    f"You are signed in as **{who}**, but you have no access to the tracker yet. Ask your "
    "programme office for access: an admin can make you a viewer (the board pages), or an "
    "editor of your initiatives (updates and imports)."
)
