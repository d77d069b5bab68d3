"""Preview summaries: counts by status and each row's old → new in words."""

from datetime import date

import pandas as pd

from tracker.importers import preview


def test_counts_and_changes_read_plainly():
    classified = pd.DataFrame(
        {
            "row": [2, 3, 4],
            "code": ["A 2026-10-01", "B 2026-10-01", "C 2026-10-01"],
            "action": ["change", "add", "unchanged"],
            "value": [80.5, 7.0, 1.0],
            "old_value": [77.7, None, 1.0],
            "note": ["fix", "", ""],
            "old_note": ["", None, ""],
            "when": [date(2026, 11, 23), None, None],
            "old_when": [date(2026, 10, 1), None, None],
        }
    )
    assert preview.counts(classified) == {"add": 1, "change": 1, "unchanged": 1}
    assert preview.changes(classified).tolist() == [
        "value 77.7 → 80.5; note (empty) → fix; when 1 Oct 2026 → 23 Nov 2026",
        "value 7",
        "",
    ]
