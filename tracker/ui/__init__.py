"""Streamlit views: the only package that imports streamlit."""
