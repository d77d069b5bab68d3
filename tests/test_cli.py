"""CLI: every command has help with an example; demo, import and export work end to end."""

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from typer.testing import CliRunner

from tests.damage_helpers import damage_table
from tracker.cli import app
from tracker.cli.app import COMMANDS
from tracker.store.migrations import latest

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def exported(db: Path, out: Path) -> dict[str, pd.DataFrame]:
    result = run("export", out, "--db", db)
    assert result.exit_code == 0, result.output
    return {p.stem: pd.read_csv(p) for p in sorted(out.glob("*.csv"))}


@pytest.fixture(scope="module")
def sample_export(sample_file: Path, tmp_path_factory: pytest.TempPathFactory):
    """Return the export of an untouched copy of the sample: every copy's 'before' export."""
    folder = tmp_path_factory.mktemp("sample_export")
    shutil.copy(sample_file, folder / "sample.duckdb")
    return exported(folder / "sample.duckdb", folder / "out")


def test_every_command_has_help_with_an_example():
    for name in COMMANDS:
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert "Example:" in result.output, f"{name} --help lacks an example"


def test_init_is_idempotent(db_path):
    assert run("init", "--db", db_path).exit_code == 0
    assert run("init", "--db", db_path).exit_code == 0


def test_demo_then_export_has_the_promised_size(db_path, tmp_path):
    result = run("demo", "--db", db_path)
    assert result.exit_code == 0, result.output
    tables = exported(db_path, tmp_path / "out")
    assert len(tables["initiatives"]) >= 8
    assert len(tables["measures"]) >= 40
    assert len(tables["milestones"]) >= 30
    assert len(tables["data_points"]) >= 1500
    assert len(tables["audit"]) >= len(tables["data_points"])
    # The registers (issue 18): 20–40 risks and a benefit for every initiative.
    assert 20 <= len(tables["risks"]) <= 40
    assert set(tables["benefits"]["initiative"]) == set(tables["initiatives"]["code"])
    assert len(tables["benefit_months"]) == 12 * len(tables["benefits"])


def test_demo_refuses_to_overwrite_without_force(sample_db_path):
    result = run("demo", "--db", sample_db_path)
    assert result.exit_code == 1
    assert "--force" in result.output
    assert run("demo", "--db", sample_db_path, "--force").exit_code == 0


def test_demo_latest_period_is_the_last_complete_month(sample_export):
    points = sample_export["data_points"]
    assert points["period"].max() in {"2026-10-01", "2026-11-16"}
    monthly = points[points["period"].str.endswith("-01")]
    assert monthly["period"].max() == "2026-10-01"


BAD_FILES = {
    "unknown measure": ("NOPE,2026-09-01,1", "row 3, column measure: unknown measure code"),
    "bad date": ("{m},Sept 2026,1", "row 3, column period: 'Sept 2026' is not a date"),
    "not a period start": ("{m},2026-09-02,1", "is not a period start"),
    "non-numeric": ("{m},2026-09-01,N/A", "row 3, column value: 'N/A' is not a number"),
    "duplicate row": ("{m},2026-09-01,70\n{m},2026-09-01,70", "row 4, column period: duplicate"),
    "percent over 100": ("{m},2026-09-01,120", "outside 0–100"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_import_is_rejected_and_writes_nothing(case, sample_db_path, sample_export, tmp_path):
    percent_measure = "UEC-01-M1"
    body, message = BAD_FILES[case]
    file = tmp_path / "bad.csv"
    good_row = f"{percent_measure},2026-08-01,50.5\n"
    file.write_text("measure,period,value\n" + good_row + body.format(m=percent_measure) + "\n")
    result = run("import", file, "--db", sample_db_path)
    assert result.exit_code == 1
    assert message in result.output
    after = exported(sample_db_path, tmp_path / "after")
    assert after.keys() == sample_export.keys()
    for name, table in sample_export.items():
        pd.testing.assert_frame_equal(table, after[name], obj=name)


def test_reimport_changed_value_versions_it_and_same_value_changes_nothing(
    sample_db_path, tmp_path
):
    file = tmp_path / "one.csv"
    file.write_text("measure,period,value,note\nUEC-01-M1,2026-09-01,12.5,corrected\n")
    first = run("import", file, "--db", sample_db_path)
    assert first.exit_code == 0 and "1 changed" in first.output
    again = run("import", file, "--db", sample_db_path)
    assert "0 added, 0 changed" in again.output and "1 unchanged" in again.output


def test_dry_run_writes_nothing(sample_db_path, sample_export, tmp_path):
    file = tmp_path / "one.csv"
    file.write_text("measure,period,value,note\nUEC-01-M1,2026-09-01,12.5,recounted\n")
    assert "dry run" in run("import", file, "--db", sample_db_path, "--dry-run").output
    after = exported(sample_db_path, tmp_path / "after")
    pd.testing.assert_frame_equal(sample_export["data_points"], after["data_points"])


def test_export_neutralises_formulas(small_db, db_path, tmp_path):
    from datetime import date

    from tracker.store import writes

    frame = pd.DataFrame(
        {
            "measure": ["UEC-01-M1"],
            "period": [date(2026, 9, 1)],
            "value": [70.0],
            "missing_reason": [""],
            "note": ["=cmd|' /C calc'!A0"],
        }
    )
    writes.write_data_points(small_db, frame, "x")
    small_db.close()
    points = exported(db_path, tmp_path / "out")["data_points"]
    assert points["note"].tolist() == ["'=cmd|' /C calc'!A0"]


def test_parquet_export(sample_db_path, tmp_path):
    assert (
        run("export", tmp_path / "pq", "--db", sample_db_path, "--format", "parquet").exit_code == 0
    )
    assert len(pd.read_parquet(tmp_path / "pq" / "measures.parquet")) >= 40


def test_export_of_a_damaged_file_says_damaged_not_a_traceback(sample_db_path, tmp_path):
    damage_table(sample_db_path, "data_point")
    result = run("export", tmp_path / "out", "--db", sample_db_path)
    assert result.exit_code == 1
    assert "is damaged: a block's checksum does not match" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_import_into_a_damaged_file_is_refused(sample_db_path, tmp_path):
    # The goals are damaged: an import never reads them, yet the file must not be written.
    damage_table(sample_db_path, "goal")
    file = tmp_path / "one.csv"
    file.write_text("measure,period,value\nUEC-01-M1,2026-09-01,80.5\n")
    result = run("import", file, "--db", sample_db_path)
    assert result.exit_code == 1
    assert "is damaged" in result.output and "Imported" not in result.output


def test_a_database_from_a_newer_tracker_is_refused_by_every_command(db_path, tmp_path):
    assert run("init", "--db", db_path).exit_code == 0
    newer = latest() + 1
    with duckdb.connect(str(db_path)) as conn:
        conn.execute("INSERT INTO schema_version VALUES (?, 'from the future', now())", [newer])
    for args in (("init",), ("export", tmp_path / "out"), ("import", "--list")):
        result = run(*args, "--db", db_path)
        assert result.exit_code == 1, args
        assert f"written by a newer tracker (schema {newer}); upgrade" in result.output
