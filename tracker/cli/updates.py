"""Commands for updates (being written)."""
