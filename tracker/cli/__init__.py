"""Command line `tracker`: thin commands over the library, one module per group of commands."""

from tracker.cli import boardpack, core, setup, spc, updates  # noqa: F401  (each registers commands)
from tracker.cli.app import app

__all__ = ["app"]
