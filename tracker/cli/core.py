"""Core commands: init, demo, import, serve."""

from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer

from tracker import clock, demo, formatting, importers
from tracker.cli.app import AsOption, DbOption, acting, app, db_path, echo, user_errors
from tracker.config import get_settings
from tracker.errors import TrackerError
from tracker.importers import preview
from tracker.store import Database, batches


@app.command()
def init(db: DbOption = None) -> None:
    """Create an empty database, or bring an older one up to the current schema.

    Example: tracker init --db data/tracker.duckdb
    """
    with user_errors(), Database(db_path(db)) as database:
        echo(f"Database ready: {database.path}")


@app.command("demo")
def demo_command(
    db: DbOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the whole database file with the sample.")
    ] = False,
) -> None:
    """Load the sample programme, its dates moved so its latest period is the last complete one.

    Example: tracker demo --db data/demo.duckdb
    """
    path = db_path(db)
    with user_errors():
        if force and isinstance(path, str):
            raise TrackerError(
                "--force replaces a database file; a PostgreSQL database is emptied by its "
                "administrator (drop and create it), then `tracker demo` loads the sample."
            )
        if force and isinstance(path, Path):
            for leftover in (path, path.with_name(path.name + ".wal")):
                leftover.unlink(missing_ok=True)
        with Database(path) as database:
            counts = demo.load_sample(database, clock.today(), get_settings().user)
    summary = ", ".join(f"{n} {name}" for name, n in counts.items())
    echo(f"Loaded the sample programme into {path}: {summary}")


BATCHES_LISTED = 20
"""How many recent import batches `tracker import --list` prints."""

CHANGES_LISTED = 20
"""How many changed values a dry run prints (old → new); the counts cover the rest."""


@app.command("import")
def import_command(
    file: Annotated[
        Path | None,
        typer.Argument(help="CSV or .xlsx file; columns as in the template for --kind."),
    ] = None,
    db: DbOption = None,
    kind: Annotated[
        importers.ImportKind, typer.Option("--kind", help="What the file holds.")
    ] = importers.ImportKind.datapoints,
    initiative: Annotated[
        str | None,
        typer.Option("--initiative", help="Refuse rows that belong to another initiative."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check the file and show what would change.")
    ] = False,
    revert: Annotated[
        int | None,
        typer.Option("--revert", metavar="BATCH", help="Undo an earlier import batch."),
    ] = None,
    list_batches: Annotated[
        bool, typer.Option("--list", help="List recent import batches and exit.")
    ] = False,
    confirm: Annotated[
        str | None,
        typer.Option(
            "--confirm",
            metavar="NAME",
            help=(
                f"With --revert, the batch's name (its source, as --list shows it): needed to "
                f"revert a batch of more than {batches.CONFIRM_ABOVE} values."
            ),
        ),
    ] = None,
    person: AsOption = None,
) -> None:
    """Import data points, milestones, targets, driver diagram nodes or PDSA cycles from CSV or
    .xlsx, all or nothing.

    A changed value keeps its previous version; every import of values, milestones or targets
    is a batch that --revert undoes (as a new version: history is never deleted). A revert is a
    batch too, so it can be reverted in turn. Driver diagram nodes and PDSA cycles keep their
    versions as set-up edits do, and are changed by importing them again.

    Example: tracker import october.xlsx --kind datapoints --dry-run --db data/tracker.duckdb
    """
    from tracker import importing, owners  # the import actions load only for this command

    with user_errors(), Database(db_path(db)) as database:
        if list_batches:
            _print_batches(batches.import_batches(database))
            return
        if revert is not None:
            name = batches.name_to_confirm(database, revert)
            if name is not None and confirm is None:
                raise TrackerError(
                    f"Batch {revert} holds more than {batches.CONFIRM_ABOVE} values; to revert "
                    f'it, give its name: --confirm "{name}". Nothing was written.'
                )
            done = importing.revert_batch(database, acting(person), revert, confirm)
            echo(
                f"Reverted batch {done.reverted}: {done.restored} value(s) restored to their "
                f"earlier version, {done.withdrawn} withdrawn. Recorded as batch {done.batch_id}."
            )
            return
        if file is None:
            raise TrackerError("Give a FILE to import, or --revert BATCH, or --list.")
        if not file.exists():
            raise TrackerError(f"No file at {file}.")
        # Refused before reading, so a file past the limit is never loaded into memory.
        importers.check_size(file.stat().st_size, file.name)
        parsed = importing.parse_import(
            database, file.read_bytes(), file.name, kind, clock.today(), initiative
        )
        for warning in owners.import_warnings(database, kind, parsed.rows):
            echo(f"Warning: {warning}")
        if dry_run:
            checked = importing.preview_import(database, parsed)
            found = checked.counts
            echo(
                f"{file.name}: {len(checked.rows)} valid rows: {found['add']} to add, "
                f"{found['change']} to change, {found['unchanged']} unchanged; "
                "nothing written (dry run)."
            )
            classified = checked.classified
            changed = classified[classified["action"] == "change"].head(CHANGES_LISTED)
            for row, line in zip(changed["row"], preview.changes(changed), strict=True):
                echo(f"  row {row}: {line}")
            return
        result = importing.commit_import(database, acting(person), parsed)
    echo(
        f"Imported {file.name}: {result.added} added, {result.changed} changed "
        f"(previous values kept), {result.unchanged} unchanged."
        + (f" Batch {result.batch_id}." if result.batch_id else "")
    )


def _print_batches(found: pd.DataFrame) -> None:
    if found.empty:
        echo("No import batches yet.")
        return
    b: Any  # pandas types a row's fields as any scalar; these are the batch table's columns
    for b in found.head(BATCHES_LISTED).itertuples():
        state = f" (reverted by batch {int(b.reverted_by)})" if pd.notna(b.reverted_by) else ""
        undo = f" (reverts batch {int(b.reverts)})" if pd.notna(b.reverts) else ""
        echo(
            f"batch {b.id}: {b.kind} from {b.source} by {b.created_by} on "
            f"{formatting.uk_date(b.created_at)}: {b.added} added, {b.changed} changed"
            f"{undo}{state}"
        )


@app.command()
def serve(
    db: DbOption = None,
    port: Annotated[int, typer.Option(help="Port for the web app.")] = 8501,
    address: Annotated[
        str | None,
        typer.Option(
            help="Address to listen on (default 127.0.0.1: this computer only); another, such "
            "as 0.0.0.0, needs organisation sign-in configured."
        ),
    ] = None,
    secrets: Annotated[
        Path | None,
        typer.Option(
            help="Secrets file with the [auth] sign-in settings (default: Streamlit's "
            ".streamlit/secrets.toml in your home folder or here)."
        ),
    ] = None,
) -> None:
    """Run the web app on the given database.

    Without sign-in configured it listens on 127.0.0.1 only and refuses any other address.

    Example: tracker serve --port 8501 --db data/tracker.duckdb
    """
    from tracker.ui.server import checked_address
    from tracker.ui.server import serve as serve_app  # Streamlit loads only for this command

    found = db_path(db)
    path = found.resolve() if isinstance(found, Path) else found
    with user_errors():
        listen = checked_address(address, secrets)
    echo(f"Serving {path} on http://{listen}:{port}")
    serve_app(path, port, listen, secrets)


@app.command("copy")
def copy_command(
    source: Annotated[str, typer.Argument(help="The database to copy: a file or a URL.")],
    target: Annotated[str, typer.Argument(help="An empty database to copy into.")],
) -> None:
    """Copy a whole database into an empty one, between a DuckDB file and PostgreSQL.

    Every version, the audit log, import batches and published packs are copied, ids kept;
    a target that holds any data is refused.

    Example: tracker copy data/tracker.duckdb postgresql://tracker@db.example.nhs.uk/tracker
    """
    from tracker.config import database_location
    from tracker.store.copying import copy_database

    with user_errors():
        with Database(database_location(source), read_only=True) as found:
            with Database(database_location(target)) as into:
                copied = copy_database(found, into)
                where = into.path
    echo(f"Copied {sum(copied.values()):,} rows into {where}")
