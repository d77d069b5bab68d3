"""Commands for boardpack (being written)."""
