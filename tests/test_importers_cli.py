"""`tracker import`: every bad input of issue 5 is refused with a clear message and writes nothing;
.xlsx, --kind, --dry-run, --list and --revert work end to end."""

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from tests.conftest import engine_copy
from tests.xlsx_helpers import ole_file, zip_bomb
from tracker.cli import app
from tracker.store import Database, batches, queries

runner = CliRunner()
GOOD = "UEC-01-M1,2026-08-01,50.5\n"
HEADER = "measure,period,value\n"


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def exported(db: Path, out: Path) -> dict[str, pd.DataFrame]:
    result = run("export", out, "--db", db)
    assert result.exit_code == 0, result.output
    return {p.stem: pd.read_csv(p) for p in sorted(out.glob("*.csv"))}


def xlsx(sheets: dict[str, list[list[object]]], merge: str | None = None) -> bytes:
    book = openpyxl.Workbook()
    for index, (name, rows) in enumerate(sheets.items()):
        ws = book.active if index == 0 else book.create_sheet()
        ws.title = name
        for row in rows:
            ws.append(row)
        if merge:
            ws.merge_cells(merge)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


BAD = {
    "empty file": ("bad.csv", b"", "the file is empty"),
    "missing header": ("bad.csv", (GOOD * 2).encode(), "missing column 'measure'"),
    "wrong header": (
        "bad.csv",
        ("measure,date,value\n" + GOOD).encode(),
        "row 1, column period: missing column 'period'",
    ),
    "unknown measure": (
        "bad.csv",
        (HEADER + "NOPE-9,2026-08-01,1\n").encode(),
        "unknown measure code 'NOPE-9'",
    ),
    "not a period start": (
        "bad.csv",
        (HEADER + "UEC-01-M1,2026-08-15,1\n").encode(),
        "is not a period start (monthly periods start on the 1st); use 2026-08-01",
    ),
    "future period": (
        "bad.csv",
        (HEADER + "UEC-01-M1,2027-01-01,1\n").encode(),
        "Jan 2027 has not ended yet (it ends on 31 Jan 2027)",
    ),
    "N/A": (
        "bad.csv",
        (HEADER + "UEC-01-M1,2026-08-01,N/A\n").encode(),
        "row 2, column value: 'N/A' is not a number",
    ),
    "yes": ("bad.csv", (HEADER + "UEC-01-M1,2026-08-01,yes\n").encode(), "'yes' is not a number"),
    "12%": (
        "bad.csv",
        (HEADER + "UEC-01-M1,2026-08-01,12%\n").encode(),
        "'12%' has a % sign; enter the number alone (12)",
    ),
    "decimal comma": (
        "bad.csv",
        (HEADER + 'UEC-01-M1,2026-08-01,"12,5"\n').encode(),
        "'12,5' uses a decimal comma; use a full stop (12.5)",
    ),
    "unquoted decimal comma": (
        "bad.csv",
        (HEADER + "UEC-01-M1,2026-08-01,12,5\n").encode(),
        "has 4 cells but the header has 3",
    ),
    "percent over 100": (
        "bad.csv",
        (HEADER + "UEC-01-M1,2026-08-01,100.5\n").encode(),
        "100.5 is outside 0–100 for a % measure",
    ),
    "percent under 0": (
        "bad.csv",
        (HEADER + "UEC-01-M1,2026-08-01,-2\n").encode(),
        "-2 is outside 0–100",
    ),
    "duplicate rows": (
        "bad.csv",
        (HEADER + GOOD + GOOD).encode(),
        "row 3, column period: duplicate of row 2",
    ),
    "several sheets": (
        "bad.xlsx",
        xlsx({"Aug": [["measure", "period", "value"]], "Sep": [["measure", "period", "value"]]}),
        "the workbook has 2 sheets ('Aug', 'Sep')",
    ),
    "merged cells": (
        "bad.xlsx",
        xlsx(
            {
                "DataPoints": [
                    ["measure", "period", "value"],
                    ["UEC-01-M1", "2026-08-01", 5],
                    ["", "2026-09-01", 6],
                ]
            },
            merge="A2:A3",
        ),
        "cells A2:A3 on sheet 'DataPoints' are merged",
    ),
    "not a workbook": ("bad.xlsx", b"measure,period,value\n", "is not an Excel .xlsx workbook"),
    "quote never closed": (
        "bad.csv",
        (
            'measure,period,value,note\nDIS-01-M3,2026-11-01,7.7,"12 screens checked\n'
            + "".join(f"DIS-01-M3,2025-{m:02d}-01,7.{m},\n" for m in range(1, 12))
        ).encode(),
        'row 2, column note: opens a quote (") that is never closed',
    ),
    "stray quote": (
        "bad.csv",
        (HEADER + GOOD + 'UEC-01-M1,2026-09-01,5"1\n').encode(),
        'row 3, column value: this value has a quote (") but does not start with one',
    ),
    "short row": (
        "bad.csv",
        b"measure,period,value,note\nUEC-01-M1,2026-09-01\n",
        "row 2, column value: has 2 cells but the header has 4",
    ),
    "not text": (
        "bad.csv",
        xlsx({"DataPoints": [["measure", "period", "value"]]}),  # a workbook renamed .csv
        "row 1, column file: byte 0x03 is not text in UTF-8, UTF-16 or Windows-1252",
    ),
    "zip bomb": ("bomb.xlsx", zip_bomb(), "unpacks to 301 MB; the limit is 300 MB"),
    "password-protected": (
        "locked.xlsx",
        ole_file("EncryptionInfo", "EncryptedPackage"),
        "this workbook is password-protected (encrypted)",
    ),
}


@pytest.fixture(scope="module")
def shared_sample(
    sample_file: Path,
    tmp_path_factory: pytest.TempPathFactory,
    store_engine: str,
    request: pytest.FixtureRequest,
) -> Path | str:
    """One copy of the sample (per engine) for the rejection cases: none of them may write to it."""
    folder = tmp_path_factory.mktemp("rejections")
    return engine_copy(request, store_engine, sample_file, "pg_sample", folder)


@pytest.fixture(scope="module")
def untouched(shared_sample: Path | str) -> tuple[int, int, int]:
    """Return the shared copy's fingerprint before any case ran: every case must leave it so."""
    return fingerprint(shared_sample)


@pytest.fixture
def sample_export(sample_db_path: Path | str, tmp_path: Path):
    """Return the export of this test's copy of the sample before the test changes it (ids
    differ between a DuckDB file's sample and PostgreSQL's, so each is its own 'before')."""
    return exported(sample_db_path, tmp_path / "before")


def fingerprint(db: Path | str) -> tuple[int, int, int]:
    """Return (newest audit id, data points, import batches): any write changes one of them."""
    with Database(db, read_only=True) as database:
        batches_made = len(batches.import_batches(database))
        return queries.write_counter(database), len(queries.data_points(database)), batches_made


@pytest.mark.parametrize("case", BAD)
def test_bad_input_is_rejected_and_writes_nothing(case, shared_sample, untouched, tmp_path):
    name, data, message = BAD[case]
    file = tmp_path / name
    file.write_bytes(data)
    result = run("import", file, "--db", shared_sample)
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "nothing was written" in result.output
    assert fingerprint(shared_sample) == untouched


def test_rejected_import_leaves_every_export_equal(sample_db_path, sample_export, tmp_path):
    file = tmp_path / "bad.csv"
    file.write_text(HEADER + GOOD * 3 + "UEC-01-M1,2026-09-01,N/A\n")
    assert run("import", file, "--db", sample_db_path).exit_code == 1
    after = exported(sample_db_path, tmp_path / "after")
    assert after.keys() == sample_export.keys()
    for table, frame in sample_export.items():
        pd.testing.assert_frame_equal(frame, after[table], obj=table)


def test_file_mixing_initiatives_is_rejected_when_one_is_named(sample_db_path, tmp_path):
    file = tmp_path / "mixed.csv"
    file.write_text(HEADER + GOOD + "ELE-01-M1,2026-08-01,5\n")
    result = run("import", file, "--db", sample_db_path, "--initiative", "uec-01")
    assert result.exit_code == 1
    assert "row 3, column measure: measure ELE-01-M1 belongs to ELE-01, not UEC-01" in result.output


def test_huge_file_is_refused_before_reading(sample_db_path, tmp_path):
    file = tmp_path / "huge.csv"
    with file.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: 200 MB that take no disk and are never read
    result = run("import", file, "--db", sample_db_path)
    assert result.exit_code == 1
    assert "huge.csv is 200 MB; the limit is 100 MB. Split it into smaller files" in result.output


def test_windows_1252_pound_sign_and_thousands_separator_are_read(sample_db_path, tmp_path):
    file = tmp_path / "win.csv"
    file.write_bytes(
        'measure,period,value,note\nELE-01-M5,2026-10-01,"1,234",£1 saved\n'.encode("cp1252")
    )
    assert run("import", file, "--db", sample_db_path).exit_code == 0
    points = exported(sample_db_path, tmp_path / "out")["data_points"]
    row = points[(points["measure"] == "ELE-01-M5") & (points["period"] == "2026-10-01")]
    assert row[["value", "note"]].values.tolist() == [[1234.0, "£1 saved"]]


@pytest.mark.parametrize(
    ("ending", "encoding"),
    [("\r", "utf-8"), ("\r\n", "utf-16")],
    ids=["old mac line endings", "utf-16"],
)
def test_old_mac_line_endings_and_utf16_files_import(sample_db_path, tmp_path, ending, encoding):
    file = tmp_path / "f.csv"
    # PRV-01-M1 has no values for September and October in the sample (they are owed), so both
    # rows are additions; November has not ended on the pinned 23 Nov 2026.
    lines = [
        "measure,period,value,note",
        "PRV-01-M1,2026-09-01,7,café £2",
        "PRV-01-M1,2026-10-01,70,",
    ]
    file.write_bytes(ending.join(lines).encode(encoding))
    result = run("import", file, "--db", sample_db_path)
    assert result.exit_code == 0, result.output
    assert "2 added" in result.output
    points = exported(sample_db_path, tmp_path / "out")["data_points"]
    points["note"] = points["note"].fillna("")
    added = points[points["measure"] == "PRV-01-M1"].set_index("period")
    assert added.loc[["2026-09-01", "2026-10-01"], ["value", "note"]].values.tolist() == [
        [7.0, "café £2"],
        [70.0, ""],
    ]


def test_formula_like_text_is_stored_as_text_and_neutralised_in_exports(sample_db_path, tmp_path):
    file = tmp_path / "f.csv"
    file.write_text(
        "measure,period,value,note\n"
        'UEC-01-M1,2026-05-01,70,"=HYPERLINK(""http://x"")"\n'
        "UEC-01-M1,2026-06-01,70,+1\nUEC-01-M1,2026-07-01,70,-1\nUEC-01-M1,2026-08-01,70,@SUM(A1)\n"
    )
    assert run("import", file, "--db", sample_db_path).exit_code == 0
    with Database(sample_db_path, read_only=True) as db:
        stored = queries.data_points(db, measure_codes=["UEC-01-M1"])
    assert set(stored["note"]) >= {'=HYPERLINK("http://x")', "+1", "-1", "@SUM(A1)"}
    notes = exported(sample_db_path, tmp_path / "out")["data_points"]["note"].dropna()
    assert {'\'=HYPERLINK("http://x")', "'+1", "'-1", "'@SUM(A1)"} <= set(notes)
    assert not notes.str.match(r"^[=+\-@]").any()


def test_xlsx_dry_run_shows_old_and_new_then_import_and_revert(
    sample_db_path, sample_export, tmp_path
):
    file = tmp_path / "sep.xlsx"
    file.write_bytes(
        xlsx(
            {
                "DataPoints": [
                    ["measure", "period", "value", "note"],
                    ["UEC-01-M1", "2026-09-01", 80.5, "fix"],
                ]
            }
        )
    )
    before = sample_export
    dry = run("import", file, "--db", sample_db_path, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert (
        "1 valid rows: 0 to add, 1 to change, 0 unchanged; nothing written (dry run)." in dry.output
    )
    assert "row 2: value 77.7 → 80.5; note (empty) → fix" in dry.output
    done = run("import", file, "--db", sample_db_path)
    assert "0 added, 1 changed" in done.output
    batch = done.output.split("Batch ")[1].strip(" .\n")
    listed = run("import", "--list", "--db", sample_db_path).output
    assert f"batch {batch}: datapoints from sep.xlsx" in listed
    undone = run("import", "--revert", batch, "--db", sample_db_path)
    assert undone.exit_code == 0, undone.output
    assert (
        f"Reverted batch {batch}: 1 value(s) restored to their earlier version, 0 withdrawn"
        in undone.output
    )
    after = exported(sample_db_path, tmp_path / "after")
    pd.testing.assert_frame_equal(
        before["data_points"].drop(columns=["recorded_at", "recorded_by", "batch_id"]),
        after["data_points"].drop(columns=["recorded_at", "recorded_by", "batch_id"]),
    )
    assert len(after["audit"]) == len(before["audit"]) + 2
    again = run("import", "--revert", batch, "--db", sample_db_path)
    assert again.exit_code == 1 and "already reverted" in again.output


def test_milestones_and_targets_import_with_kind(sample_db_path, tmp_path):
    file = tmp_path / "targets.csv"
    file.write_text(
        "measure,value,effective_from,reason,set_by\nUEC-01-M1,80,2027-04-01,Plan 2027/28,Board\n"
    )
    result = run("import", file, "--kind", "targets", "--db", sample_db_path)
    assert result.exit_code == 0 and "1 added" in result.output
    file = tmp_path / "milestones.csv"
    file.write_text(
        "code,initiative,title,owner,baseline_date,forecast_date,status\n"
        "UEC-01-MS9,UEC-01,Winter plan signed off,Sarah Whitfield,2026-12-01,2026-12-01,on track\n"
    )
    result = run("import", file, "--kind", "milestones", "--db", sample_db_path)
    assert result.exit_code == 0 and "1 added" in result.output
    tables = exported(sample_db_path, tmp_path / "out")
    assert "UEC-01-MS9" in set(tables["milestones"]["code"])
    assert 80.0 in set(tables["targets"]["value"])


def test_import_without_file_or_revert_says_what_to_give(sample_db_path):
    result = run("import", "--db", sample_db_path)
    assert (
        result.exit_code == 1
        and "Give a FILE to import, or --revert BATCH, or --list" in result.output
    )


def test_reverting_the_sample_batch_needs_its_name_and_the_revert_can_be_reverted(sample_db_path):
    with Database(sample_db_path, read_only=True) as database:
        sample = int(batches.import_batches(database)["id"].iloc[0])
    before = fingerprint(sample_db_path)
    asked = run("import", "--revert", sample, "--db", sample_db_path)
    assert asked.exit_code == 1
    assert '--confirm "sample programme"' in asked.output
    wrong = run("import", "--revert", sample, "--confirm", "sample", "--db", sample_db_path)
    assert wrong.exit_code == 1 and "type its name, sample programme" in wrong.output
    assert fingerprint(sample_db_path) == before
    done = run(
        "import", "--revert", sample, "--confirm", "sample programme", "--db", sample_db_path
    )
    assert done.exit_code == 0, done.output
    assert "0 value(s) restored to their earlier version, 3091 withdrawn" in done.output
    undo = done.output.split("Recorded as batch ")[1].strip(" .\n")
    back = run(
        "import", "--revert", undo, "--confirm", f"revert of batch {sample}", "--db", sample_db_path
    )
    assert back.exit_code == 0, back.output
    assert "3091 value(s) restored to their earlier version, 0 withdrawn" in back.output
    assert fingerprint(sample_db_path)[1] == before[1] == 3091


def test_an_import_that_changes_a_value_without_a_note_is_refused(sample_db_path, tmp_path):
    with Database(sample_db_path, read_only=True) as db:
        before = queries.data_points(db, measure_codes=["UEC-01-M1"])
    held = before[before["period"] == pd.Timestamp("2026-09-01")]["value"].iloc[0]
    file = tmp_path / "fix.csv"
    file.write_text(f"{HEADER}UEC-01-M1,2026-09-01,{held + 1:g}\n")
    result = run("import", file, "--db", sample_db_path)
    assert result.exit_code == 1
    assert (
        f"row 2, column note: you changed {held:g} to {held + 1:g}; say why in the note"
        in result.output
    )
    with Database(sample_db_path, read_only=True) as db:
        after = queries.data_points(db, measure_codes=["UEC-01-M1"])
    pd.testing.assert_frame_equal(before, after)
    file.write_text(f"{HEADER[:-1]},note\nUEC-01-M1,2026-09-01,{held + 1:g},recounted\n")
    assert "1 changed" in run("import", file, "--db", sample_db_path).output
