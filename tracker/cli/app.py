"""The typer application and the options every command shares; errors become messages here."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from tracker.config import get_settings
from tracker.errors import TrackerError

app = typer.Typer(
    help="Improvement-programme tracker: load, check and report an NHS improvement programme.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="DuckDB database file (default: $TRACKER_DB or data/tracker.duckdb)."),
]


def db_path(db: Path | None) -> Path:
    """Return the database path from --db, else from settings."""
    return db if db is not None else get_settings().db


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn a TrackerError into a clear message on stderr and exit code 1 (never a traceback)."""
    try:
        yield
    except TrackerError as err:
        typer.secho(f"Error: {err}", fg=typer.colors.RED, err=True)
        raise typer.Exit(code=1) from None


def echo(message: str) -> None:
    """Print one line of command output."""
    typer.echo(message)


Command = Callable[..., None]
