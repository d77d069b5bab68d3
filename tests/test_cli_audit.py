"""`tracker audit`: the Audit page's trail on the command line, filtered by person, initiative and day."""

import re
from datetime import date

from typer.testing import CliRunner

from tests.conftest import sample_rows, sample_value
from tracker.cli import app

runner = CliRunner()


def audit(path, *args: str) -> list[str]:
    result = runner.invoke(app, ["audit", *args, "--db", str(path)])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def test_a_persons_trail_is_their_one_correction_before_and_after(corrected):
    september = sample_value("UEC-01-M1", date(2026, 9, 1))
    heading, *rows = audit(corrected, "--person", "ana.analyst")
    assert heading == "1 audit row(s), newest first."
    [row] = rows
    assert " · ana.analyst · ✎ Changed · Measure value UEC-01-M1, Sep 2026 · " in row
    assert row.endswith(f"Value: {float(september):.1f}% → 80.5%; Note: (empty) → validated")


def test_an_initiatives_trail_holds_only_its_own_records(corrected):
    milestones = [m["code"] for m in sample_rows("milestones.csv") if m["initiative"] == "UEC-01"]
    _, *rows = audit(corrected, "--initiative", "uec-01", "--limit", "100000")
    # Each record is named in words with its code: "Milestone UEC-01-MS1", "Target UEC-01-M1 from …".
    codes = {re.search(r"\b[A-Z]+-\d+[\w-]*", row.split(" · ")[3])[0] for row in rows}
    assert codes and all(c == "UEC-01" or c.startswith("UEC-01-") for c in codes)
    assert set(milestones) <= codes  # each milestone was created when the sample loaded


def test_the_limit_says_older_rows_match_and_a_day_after_today_matches_nothing(corrected):
    heading, *rows = audit(corrected, "--limit", "3")
    assert len(rows) == 3 and "older rows match too" in heading
    assert audit(corrected, "--since", "2999-01-01") == ["0 audit row(s), newest first."]


def test_a_day_that_is_not_a_day_is_refused(corrected):
    result = runner.invoke(app, ["audit", "--since", "01/11/2026", "--db", str(corrected)])
    assert result.exit_code == 1
    assert "--since '01/11/2026' is not a day; write it as YYYY-MM-DD." in result.output
