"""Command line `tracker`: thin commands over the library, one module per group of commands.

Each module registers its commands when imported; tracker.cli.app.COMMANDS says which module
holds which command, so that a command's module loads only when it runs.
"""

from tracker.cli.app import app

__all__ = ["app"]
