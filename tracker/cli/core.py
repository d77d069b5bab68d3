"""Core commands: init, demo, import, export, serve."""

import os
import subprocess
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from tracker import clock, demo, exporters, importers
from tracker.cli.app import DbOption, app, db_path, echo, user_errors
from tracker.config import get_settings
from tracker.errors import TrackerError
from tracker.store import Database, queries, writes


class ExportFormat(StrEnum):
    """File format of `tracker export`."""

    csv = "csv"
    parquet = "parquet"


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
        if force:
            for leftover in (path, path.with_name(path.name + ".wal")):
                leftover.unlink(missing_ok=True)
        with Database(path) as database:
            counts = demo.load_sample(database, clock.today(), get_settings().user)
    summary = ", ".join(f"{n} {name}" for name, n in counts.items())
    echo(f"Loaded the sample programme into {path}: {summary}")


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="CSV with columns measure,period,value[,note].")],
    db: DbOption = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check the file and report; write nothing.")
    ] = False,
) -> None:
    """Import data points from CSV, all or nothing; a changed value keeps its previous version.

    Example: tracker import october.csv --db data/tracker.duckdb --dry-run
    """
    with user_errors():
        if not file.exists():
            raise TrackerError(f"No file at {file}.")
        importers.check_size(file.stat().st_size, file.name)
        with Database(db_path(db)) as database:
            points = importers.parse_data_points_csv(
                file.read_bytes(), queries.measures(database), clock.today()
            )
            if dry_run:
                echo(f"{file.name}: {len(points)} valid rows; nothing written (dry run).")
                return
            result = writes.write_data_points(
                database, points, get_settings().user, source=file.name
            )
    echo(
        f"Imported {file.name}: {result.added} added, {result.changed} changed "
        f"(previous values kept), {result.unchanged} unchanged."
        + (f" Batch {result.batch_id}." if result.batch_id else "")
    )


@app.command("export")
def export_command(
    out: Annotated[Path, typer.Argument(help="Folder to write the files into.")],
    db: DbOption = None,
    fmt: Annotated[ExportFormat, typer.Option("--format", help="csv or parquet.")] = (
        ExportFormat.csv
    ),
) -> None:
    """Write every current table and the audit log to files in a folder.

    Example: tracker export out/ --format parquet --db data/tracker.duckdb
    """
    with user_errors(), Database(db_path(db), read_only=True) as database:
        paths = exporters.write_tables(queries.export_tables(database), out, str(fmt))
    echo(f"Wrote {len(paths)} files to {out}")


@app.command()
def serve(
    db: DbOption = None,
    port: Annotated[int, typer.Option(help="Port for the web app.")] = 8501,
) -> None:
    """Run the web app on the given database.

    Example: tracker serve --port 8501 --db data/tracker.duckdb
    """
    path = db_path(db).resolve()
    app_file = Path(__file__).resolve().parents[2] / "app.py"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app_file),
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    echo(f"Serving {path} on http://localhost:{port}")
    raise typer.Exit(subprocess.call(command, env={**os.environ, "TRACKER_DB": str(path)}))
