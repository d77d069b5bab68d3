"""Set-up commands: `tracker template` (an empty programme workbook) and `tracker load`."""

from pathlib import Path
from typing import Annotated

import typer

from tracker import clock
from tracker.cli.app import AsOption, DbOption, acting, app, db_path, echo, user_errors
from tracker.errors import TrackerError
from tracker.store import Database
from tracker.workbook import programme, workbook_bytes


@app.command("template")
def template_command(
    out: Annotated[Path, typer.Option("--out", help="The .xlsx file to write.")],
) -> None:
    """Write an empty programme workbook: a documented sheet per entity, a README, drop-down lists.

    Example: tracker template --out programme.xlsx
    """
    with user_errors():
        if out.suffix.lower() != ".xlsx":
            raise TrackerError(f"{out} should end in .xlsx (it is an Excel workbook).")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(workbook_bytes())
    echo(f"Wrote an empty programme workbook to {out}; its README sheet explains each column.")


@app.command("load")
def load_command(
    file: Annotated[Path, typer.Argument(help="Programme workbook (.xlsx), as from `template`.")],
    db: DbOption = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Check it and say what would change; write nothing."),
    ] = False,
    person: AsOption = None,
) -> None:
    """Create and update everything in a programme workbook by code, in one transaction.

    Any problem anywhere rejects the whole workbook and lists each one as
    `sheet, row, column: reason`; nothing is written. Changed targets, milestones and data
    values keep their earlier versions.

    Example: tracker load programme.xlsx --dry-run --db data/tracker.duckdb
    """
    with user_errors():
        if not file.exists():
            raise TrackerError(f"No file at {file}.")
        with Database(db_path(db)) as database:
            result = programme.load(
                database,
                file.read_bytes(),
                acting(person),
                clock.today(),
                source=file.name,
                dry_run=dry_run,
            )
    verb = "Would load" if dry_run else "Loaded"
    echo(f"{verb} {file.name}" + (" (dry run: nothing written):" if dry_run else ":"))
    for line in programme.summary_lines(result):
        echo(f"  {line}")
    for warning in result.warnings:
        echo(f"Warning: {warning}")
