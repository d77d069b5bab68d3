"""`tracker export`: every current table and the audit log as files, or the programme workbook."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from tracker import exporters
from tracker.cli.app import DbOption, app, db_path, echo, user_errors
from tracker.store import Database, queries, registers


class ExportFormat(StrEnum):
    """File format of `tracker export`."""

    csv = "csv"
    parquet = "parquet"
    xlsx = "xlsx"


def export_workbook(database: Database, folder: Path) -> Path:
    """Return the path of the whole current programme written as a workbook into `folder`."""
    from tracker.workbook import programme  # openpyxl loads only for a workbook export

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / programme.FILE_NAME
    path.write_bytes(programme.export_bytes(database))
    return path


@app.command("export")
def export_command(
    out: Annotated[Path, typer.Argument(help="Folder to write the files into.")],
    db: DbOption = None,
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", help="csv, parquet, or xlsx (the programme workbook)."),
    ] = ExportFormat.csv,
) -> None:
    """Write every current table and the audit log to files in a folder.

    With --format xlsx, write the whole programme as one workbook (programme.xlsx) that
    `tracker load` reads back.

    Example: tracker export out/ --format parquet --db data/tracker.duckdb
    """
    with user_errors(), Database(db_path(db), read_only=True) as database:
        if fmt is ExportFormat.xlsx:
            paths = [export_workbook(database, out)]
        else:
            tables = {**queries.export_tables(database), **registers.export_tables(database)}
            paths = exporters.write_tables(tables, out, str(fmt))
    echo(f"Wrote {len(paths)} files to {out}")
