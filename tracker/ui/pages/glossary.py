"""Glossary: the statistics in plain words for a board member, and every term the pages explain."""

import streamlit as st

from tracker.glossary import GLOSSARY, GUIDE

st.title("Glossary")
st.caption(
    "What the charts and icons mean, in plain words. A ? beside a word on any page says the same."
)
for heading, paragraph in GUIDE:
    st.header(heading)
    st.markdown(paragraph)

st.header("Terms")
st.markdown("\n".join(f"- **{term}**: {meaning}" for term, meaning in GLOSSARY.items()))
