"""`tracker due`: the sample's deliberate gaps are listed as overdue, with who owes them."""

from typer.testing import CliRunner

from tracker.cli import app

runner = CliRunner()


def due(*args: str) -> str:
    result = runner.invoke(app, ["due", *map(str, args)])
    assert result.exit_code == 0, result.output
    return result.output


def test_due_lists_the_overdue_items_the_sample_was_made_to_have(sample_db_path):
    out = due("--db", sample_db_path)
    lines = out.splitlines()
    assert lines[0] == "4 update(s) owed on 23 Nov 2026, 4 overdue."
    owed = [line.split(" · ")[1].split()[0] for line in lines[1:]]
    assert owed == ["PRV-01-M1", "ELE-02", "MH-02", "UEC-03-M1"]
    assert "OVERDUE 39 days (was due 15 Oct 2026): data for Sep 2026 (+1 more)" in lines[1]
    assert "check-in for Oct 2026" in lines[2] and "Claire Dunmore" in lines[2]
    # DIS-02-M1 stops early too, but its initiative is paused, so it owes nothing.
    assert "DIS-02" not in out


def test_due_filters_by_person_case_insensitively(sample_db_path):
    out = due("--db", sample_db_path, "--person", "marek nowak")
    assert out.splitlines()[0] == "2 update(s) owed for marek nowak on 23 Nov 2026, 2 overdue."
    assert "PRV-01-M1" in out and "UEC-03-M1" in out and "ELE-02" not in out
    assert "0 update(s) owed" in due("--db", sample_db_path, "--person", "Nobody")


def test_due_agrees_with_the_overview_count(sample_db):
    from tests.conftest import TODAY
    from tracker import reports

    tiles = reports.portfolio(sample_db, TODAY).tiles
    sample_db.close()
    out = due("--db", sample_db.path, "--overdue")
    assert out.splitlines()[0].endswith(f"{tiles['updates_overdue']} overdue.")
