"""CLI: `tracker template`, `tracker export --format xlsx` and `tracker load` (dry run, rejection)."""

from io import BytesIO

import openpyxl
from typer.testing import CliRunner

from tests.workbook_helpers import edited, small_book
from tests.xlsx_helpers import zip_bomb
from tracker.cli import app
from tracker.store import Database, queries

runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def test_template_writes_an_empty_workbook_with_a_readme(tmp_path):
    out = tmp_path / "programme.xlsx"
    result = run("template", "--out", out)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(BytesIO(out.read_bytes()))
    assert book.sheetnames[:3] == ["README", "Programme", "Initiatives"]
    assert book["Measures"].max_row == 1


def test_template_refuses_a_name_that_is_not_xlsx(tmp_path):
    result = run("template", "--out", tmp_path / "programme.csv")
    assert result.exit_code == 1
    assert "should end in .xlsx" in result.output


def test_load_dry_run_prints_what_would_change_and_writes_nothing(tmp_path, db_path):
    book = tmp_path / "programme.xlsx"
    book.write_bytes(small_book())
    result = run("load", book, "--db", db_path, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Would load programme.xlsx (dry run: nothing written):" in result.output
    assert "Measures: 3 created, 0 changed, 0 left alone (created UEC-01-M1, UEC-01-M2, " \
        "UEC-01-M3)" in result.output  # fmt: skip
    with Database(db_path) as db:
        assert queries.is_empty(db)


def test_load_then_export_xlsx_gives_the_workbook_back(tmp_path, db_path):
    book = tmp_path / "programme.xlsx"
    book.write_bytes(small_book())
    assert run("load", book, "--db", db_path).exit_code == 0
    again = run("load", book, "--db", db_path)
    assert "Measures: 0 created, 0 changed, 3 left alone" in again.output
    result = run("export", tmp_path / "out", "--format", "xlsx", "--db", db_path)
    assert result.exit_code == 0, result.output
    exported = openpyxl.load_workbook(tmp_path / "out" / "programme.xlsx", read_only=True)
    codes = [r[0] for r in exported["Measures"].iter_rows(min_row=2, values_only=True)]
    assert codes == ["UEC-01-M1", "UEC-01-M2", "UEC-01-M3"]


def test_a_bad_workbook_is_rejected_listing_sheet_row_column_and_reason(tmp_path, db_path):
    book = tmp_path / "programme.xlsx"
    book.write_bytes(edited(small_book(), "Measures", {"B3": "UEC-99", "G2": "up"}))
    result = run("load", book, "--db", db_path)
    assert result.exit_code == 1
    assert "nothing was written: 2 problem(s)" in result.output
    assert "Measures, row 2, column direction: 'up' is not allowed" in result.output
    assert "Measures, row 3, column initiative: unknown initiative code 'UEC-99'" in result.output
    assert "Traceback" not in result.output
    with Database(db_path) as db:
        assert queries.is_empty(db)


def test_a_zip_bomb_is_refused_with_the_limit_and_nothing_is_written(tmp_path, db_path):
    book = tmp_path / "bomb.xlsx"
    book.write_bytes(zip_bomb(small_book()))
    result = run("load", book, "--db", db_path)
    assert result.exit_code == 1
    assert "file: the workbook unpacks to 301 MB; the limit is 300 MB" in result.output
    assert "Traceback" not in result.output
    with Database(db_path) as db:
        assert queries.is_empty(db)
