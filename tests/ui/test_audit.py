"""Audit page: filter by person, initiative, entity and date; before → after reads plainly."""

from datetime import date

import pytest

from tracker.store import Database, writes


@pytest.fixture
def corrected(sample_db_path):
    import pandas as pd

    with Database(sample_db_path) as db:
        writes.write_data_points(
            db,
            pd.DataFrame(
                {
                    "measure": ["UEC-01-M1"],
                    "period": [date(2026, 9, 1)],
                    "value": [80.5],
                    "missing_reason": [""],
                    "note": ["validated"],
                }
            ),
            "ana.analyst",
        )


def test_filters_narrow_the_log_and_changes_read_old_to_new(app, corrected):
    at = app("audit")
    assert len(at.dataframe[0].value) == 1000
    at.selectbox(key="audit_who").set_value("ana.analyst").run()
    rows = at.dataframe[0].value
    assert rows[["Who", "Action", "What", "Code"]].values.tolist() == [
        ["ana.analyst", "✎ Changed", "Measure value", "UEC-01-M1 2026-09-01"]
    ]
    assert rows["Before → after"].iloc[0] == "value 77.7 → 80.5; note (empty) → validated"


def test_filter_by_initiative_and_entity(app):
    at = app("audit")
    at.selectbox(key="audit_initiative").set_value("UEC-01")
    at.selectbox(key="audit_entity").set_value("milestone_version").run()
    rows = at.dataframe[0].value
    assert set(rows["What"]) == {"Milestone"}
    assert rows["Code"].str.startswith("UEC-01-MS").all() and len(rows) == 5
    assert rows["Before → after"].str.contains("forecast_date").all()


def test_filter_by_date_with_nothing_found(app):
    at = app("audit")
    at.date_input(key="audit_dates").set_value((date(2025, 1, 1), date(2025, 1, 31))).run()
    assert "No audit rows match these filters." in at.info[0].value
