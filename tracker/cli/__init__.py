"""Command line `tracker`: thin commands over the library, one module per group of commands."""

from tracker.cli import core, spc  # noqa: F401  (each registers its commands)
from tracker.cli.app import app

__all__ = ["app"]
