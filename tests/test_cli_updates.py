"""`tracker due`: the sample's deliberate gaps are listed as overdue, with who owes them."""

from typer.testing import CliRunner

from tests.conftest import sample_rows
from tracker.cli import app

runner = CliRunner()


def due(*args: str) -> str:
    result = runner.invoke(app, ["due", *map(str, args)])
    assert result.exit_code == 0, result.output
    return result.output


def _risk_reviews() -> tuple[list[str], list[str]]:
    """Return the sample's open risks of active initiatives (or the programme) whose review is
    overdue on 23 Nov 2026, and those due by 7 Dec (two weeks on), most overdue first."""
    active = {i["code"] for i in sample_rows("initiatives.csv") if i["status"] == "active"}
    held = [
        r for r in sample_rows("risks.csv")
        if r["status"] == "open" and (not r["initiative"] or r["initiative"] in active)
    ]  # fmt: skip
    day = sorted((r["next_review"], r["code"]) for r in held)
    late = [code for review, code in day if review < "2026-11-23"]
    soon = [code for review, code in day if "2026-11-23" <= review <= "2026-12-07"]
    return late, soon


def test_due_lists_the_overdue_items_the_sample_was_made_to_have(sample_db_path):
    out = due("--db", sample_db_path)
    lines = out.splitlines()
    late, soon = _risk_reviews()
    # Four data and check-ins, as the sample was made to owe, and the risks' reviews.
    assert lines[0] == (
        f"{4 + len(late) + len(soon)} update(s) owed on 23 Nov 2026, {4 + len(late)} overdue."
    )
    owed = [line.split(" · ")[1].split()[0] for line in lines[1:]]
    overdue = [o for o, line in zip(owed, lines[1:], strict=True) if "OVERDUE" in line]
    assert [o for o in overdue if "-R" not in o] == ["PRV-01-M1", "ELE-02", "MH-02", "UEC-03-M1"]
    assert [o for o in overdue if "-R" in o] == late
    assert [o for o in owed if o not in overdue] == soon
    assert "OVERDUE 39 days (was due 15 Oct 2026): data for Sep 2026 (+1 more)" in lines[1]
    claire = next(line for line in lines if " · ELE-02 " in line)
    assert "check-in for Oct 2026" in claire and "Claire Dunmore" in claire
    assert any(line.strip().startswith("OVERDUE") and "): risk review · " in line for line in lines)
    # DIS-02-M1 stops early too, and DIS-02-R22's review is late, but the initiative is
    # paused, so it owes nothing.
    assert "DIS-02" not in out


def test_due_filters_by_person_case_insensitively(sample_db_path):
    # Marek Nowak owns two measures behind with their data, and no risk or benefit.
    owners = {r["owner"] for r in sample_rows("risks.csv") + sample_rows("benefits.csv")}
    assert "Marek Nowak" not in owners
    out = due("--db", sample_db_path, "--person", "marek nowak")
    assert out.splitlines()[0] == "2 update(s) owed for marek nowak on 23 Nov 2026, 2 overdue."
    assert "PRV-01-M1" in out and "UEC-03-M1" in out and "ELE-02" not in out
    assert "0 update(s) owed" in due("--db", sample_db_path, "--person", "Nobody")


def test_due_agrees_with_the_overview_count(sample_db):
    from tests.conftest import TODAY
    from tracker import overview_view, registers_view, reports

    book = reports.portfolio(sample_db, TODAY)
    owed = overview_view.shown_owed(book, registers_view.load(sample_db, TODAY))
    tiles = overview_view.tile_values(book, owed)
    sample_db.close()
    out = due("--db", sample_db.path, "--overdue")
    assert out.splitlines()[0].endswith(f"{tiles['updates_overdue']} overdue.")
