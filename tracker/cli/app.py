"""The typer application and the options every command shares; errors become messages here."""

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from typer import _click  # typer bundles click; TyperGroup's methods take that copy's classes
from typer.core import TyperCommand, TyperGroup

from tracker.errors import TrackerError


@dataclass(frozen=True)
class Listed:
    """A command as `tracker --help` lists it: the module that defines it, and its summary."""

    module: str
    summary: str
    """The first paragraph of the command's docstring (a test keeps the two the same)."""


COMMANDS: dict[str, Listed] = {
    "init": Listed(
        "tracker.cli.core",
        "Create an empty database, or bring an older one up to the current schema.",
    ),
    "demo": Listed(
        "tracker.cli.core",
        "Load the sample programme, its dates moved so its latest period is the last complete one.",
    ),
    "import": Listed(
        "tracker.cli.core",
        "Import data points, milestones, targets, driver diagram nodes or PDSA cycles from CSV or "
        ".xlsx, all or nothing.",
    ),
    "export": Listed(
        "tracker.cli.export", "Write every current table and the audit log to files in a folder."
    ),
    "serve": Listed("tracker.cli.core", "Run the web app on the given database."),
    "copy": Listed(
        "tracker.cli.core",
        "Copy a whole database into an empty one, between a DuckDB file and PostgreSQL.",
    ),
    "template": Listed(
        "tracker.cli.setup",
        "Write an empty programme workbook: a documented sheet per entity, a README, "
        "drop-down lists.",
    ),
    "load": Listed(
        "tracker.cli.setup",
        "Create and update everything in a programme workbook by code, in one transaction.",
    ),
    "due": Listed(
        "tracker.cli.updates",
        "List the data, check-ins, risk reviews and benefit actuals overdue or due in the next "
        "two weeks, and who owes them.",
    ),
    "audit": Listed(
        "tracker.cli.audit",
        "List who changed what and when, with each value before and after, newest first.",
    ),
    "spc": Listed(
        "tracker.cli.spc",
        "Analyse a measure's values as an XmR chart (or a run chart) and print the result.",
    ),
    "access": Listed(
        "tracker.cli.access",
        "Grant, revoke or list who may do what: admin, editor (of every initiative or one), viewer.",
    ),
    "board-pack": Listed(
        "tracker.cli.boardpack",
        "Write a period's board pack (PowerPoint with native charts, or PDF) frozen at its cut-off.",
    ),
    "pack-public": Listed(
        "tracker.cli.boardpack",
        "Mark a published board pack public, or not: readable without sign-in if "
        "TRACKER_PUBLIC is on.",
    ),
}
"""Every command, in the order `tracker --help` lists them."""


class LazyGroup(TyperGroup):
    """The `tracker` group: a command's module (and pandas, plotly...) loads only when it is used.

    `tracker --help` lists the commands from COMMANDS without importing any of them: it
    answers in about 0.05 s, where importing every command's libraries took 1–3 s.
    """

    def list_commands(self, ctx: _click.Context) -> list[str]:
        """Return every command's name, in the order of COMMANDS."""
        return list(COMMANDS)

    def get_command(self, ctx: _click.Context, cmd_name: str) -> _click.Command | None:
        """Return the command, importing its module first; an unknown name imports them all.

        With every command loaded, typer can suggest the nearest name for a mistyped one.
        """
        if cmd_name not in self.commands:
            listed = COMMANDS.get(cmd_name)
            modules = {listed.module} if listed else {c.module for c in COMMANDS.values()}
            for module in sorted(modules):
                importlib.import_module(module)
            self.commands.update(typer.main.get_group(app).commands)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        """Write the commands section of `tracker --help` from COMMANDS, importing nothing."""
        # As click lays it out: three times the usual spacing between name and summary.
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [
            (name, TyperCommand(name=name, help=listed.summary).get_short_help_str(limit))
            for name, listed in COMMANDS.items()
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


app = typer.Typer(
    cls=LazyGroup,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Rich draws help in boxes, but importing it adds about 0.1 s to every start of `tracker`.
    rich_markup_mode=None,
)


@app.callback()
def tracker() -> None:
    """Improvement-programme tracker: load, check and report an NHS improvement programme."""


DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="DuckDB database file, or postgresql://user@host:port/dbname (default: "
        "$TRACKER_DB or data/tracker.duckdb).",
    ),
]


AsOption = Annotated[
    str | None,
    typer.Option(
        "--as",
        metavar="EMAIL",
        help="Act as this person (default: $TRACKER_USER); refused what their role does not allow.",
    ),
]


def acting(person: str | None) -> str:
    """Return who a command acts as: --as, else TRACKER_USER."""
    from tracker.config import get_settings  # as in db_path: only when a command runs

    return person.strip() if person else get_settings().user


def db_path(db: str | None) -> Path | str:
    """Return the database from --db, else from settings: a file path or a PostgreSQL URL."""
    from tracker.config import database_location, get_settings  # pydantic-settings: 0.2 s

    return database_location(db if db is not None else get_settings().db)


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
