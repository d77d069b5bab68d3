"""Audit page: filter by person, initiative, entity and date; before → after reads plainly."""

import math
import re
from datetime import date

from tests.conftest import sample_rows, sample_value
from tracker.ui.widgets import PAGE_ROWS


def test_filters_narrow_the_log_and_changes_read_old_to_new(app, corrected):
    at = app("audit")
    # Loading the sample alone audits every data point, more rows than the page lists at once.
    count = next(c.value for c in at.caption if "older ones match too" in c.value)
    shown = int(re.search(r"The newest ([\d,]+) rows", count)[1].replace(",", ""))
    assert len(sample_rows("datapoints.csv")) > shown > PAGE_ROWS
    assert len(at.table[0].value) == PAGE_ROWS  # the newest page of them
    assert len(at.selectbox(key="audit_rows").options) == math.ceil(shown / PAGE_ROWS)
    at.selectbox(key="audit_who").set_value("ana.analyst").run()
    rows = at.table[0].value
    # UEC-01-M1 is a monthly percentage: its value is named by measure and month, in per cent.
    assert rows[["Who", "Action", "Record"]].values.tolist() == [
        ["ana.analyst", "✎ Changed", "Measure value UEC-01-M1, Sep 2026"]
    ]
    september = float(sample_value("UEC-01-M1", date(2026, 9, 1)))
    assert rows["Before → after"].iloc[0] == (
        f"Value: {september:.1f}% → 80.5%; Note: (empty) → validated"
    )


def test_filter_by_initiative_and_entity(app):
    at = app("audit")
    at.selectbox(key="audit_initiative").set_value("UEC-01")
    at.selectbox(key="audit_entity").set_value("milestone_version").run()
    rows = at.table[0].value
    # The sample's load writes one version of each milestone; nothing has changed them since.
    milestones = [m for m in sample_rows("milestones.csv") if m["initiative"] == "UEC-01"]
    assert rows["Record"].str.startswith("Milestone UEC-01-MS").all()
    assert len(rows) == len(milestones)
    # Each creation lists its fields in words, never by their stored names.
    assert rows["Before → after"].str.contains("Forecast date: ").all()
    assert not rows["Before → after"].str.contains("_").any()


def test_filter_by_date_with_nothing_found(app):
    at = app("audit")
    at.date_input(key="audit_dates").set_value((date(2025, 1, 1), date(2025, 1, 31))).run()
    assert "No audit rows match these filters." in at.info[0].value
