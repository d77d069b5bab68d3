"""The store: the only package that imports duckdb or holds SQL (schema, migrations, reads, writes)."""

from tracker.store.db import Database

__all__ = ["Database"]
