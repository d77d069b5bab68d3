"""Commands for setup (being written)."""
