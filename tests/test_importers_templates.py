"""Templates: per initiative, owed periods pre-filled; they read back through the importer."""

import io
from datetime import date

import openpyxl
import pandas as pd

from tests.conftest import TODAY
from tracker import due, importers
from tracker.importers import ImportKind, preview, templates
from tracker.store import batches, queries


def make(
    db, kind: ImportKind, initiative: str, today: date = TODAY
) -> tuple[pd.DataFrame, pd.DataFrame]:
    measures = queries.measures(db)
    points = queries.data_points(db)
    owed = due.due_items(measures, points, queries.initiatives(db), queries.check_ins(db), today)
    return templates.template(
        kind,
        initiative,
        measures,
        points,
        queries.milestones(db),
        queries.targets(db),
        owed,
        today,
    )


def context(db, today: date = TODAY) -> importers.Context:
    return importers.Context(
        measures=queries.measures(db),
        initiatives=queries.initiatives(db),
        milestones=queries.milestones(db),
        today=today,
    )


def test_data_template_lists_the_owed_periods_empty(sample_db):
    rows, guide = make(sample_db, ImportKind.datapoints, "PRV-01")
    owed = rows[rows["measure"] == "PRV-01-M1"]
    assert owed["period"].astype(str).tolist() == ["2026-09-01", "2026-10-01"]
    assert owed["value"].isna().all()
    up_to_date = rows[rows["measure"] != "PRV-01-M1"]
    assert up_to_date["measure"].is_unique and up_to_date["value"].notna().all()
    assert set(guide["measure"]) == set(rows["measure"])
    assert list(rows.columns) == list(importers.LAYOUTS[ImportKind.datapoints].columns)


def test_filled_xlsx_template_reads_back_as_adds_and_unchanged(sample_db):
    rows, guide = make(sample_db, ImportKind.datapoints, "PRV-01")
    rows["value"] = rows["value"].fillna(55.5)
    data = templates.to_xlsx(rows, "DataPoints", guide)
    assert openpyxl.load_workbook(io.BytesIO(data)).sheetnames == ["DataPoints", "Guide"]
    parsed = importers.parse_file(data, "t.xlsx", ImportKind.datapoints, context(sample_db))
    found = preview.counts(batches.preview(sample_db, "datapoints", parsed))
    assert found == {"add": 2, "change": 0, "unchanged": len(rows) - 2}


def test_on_4_dec_the_template_asks_for_the_ended_week_not_the_open_one_and_reads_back(sample_db):
    # 4 Dec 2026 is a Friday: the week of 30 Nov ends on Sunday 6 Dec, so, as on the Update
    # page, the weekly measure is asked for up to the week of 23 Nov.
    dec_4 = date(2026, 12, 4)
    rows, guide = make(sample_db, ImportKind.datapoints, "ELE-02", dec_4)
    weekly = rows.loc[rows["measure"] == "ELE-02-M5", "period"].astype(str).tolist()
    assert weekly == ["2026-11-23"]
    assert "2026-11-30" not in rows["period"].astype(str).tolist()
    rows["value"] = rows["value"].fillna(40)
    data = templates.to_csv(rows)
    parsed = importers.parse_file(data, "t.csv", ImportKind.datapoints, context(sample_db, dec_4))
    assert len(parsed) == len(rows)


def test_milestone_and_target_templates_read_back_unchanged(sample_db):
    for kind in (ImportKind.milestones, ImportKind.targets):
        rows, guide = make(sample_db, kind, "UEC-01")
        assert len(rows) > 0
        for data, name in [
            (templates.to_xlsx(rows, importers.LAYOUTS[kind].sheet, guide), "t.xlsx"),
            (templates.to_csv(rows), "t.csv"),
        ]:
            parsed = importers.parse_file(data, name, kind, context(sample_db))
            found = preview.counts(batches.preview(sample_db, kind, parsed))
            assert found == {"add": 0, "change": 0, "unchanged": len(rows)}, (kind, name)


def test_xlsx_template_writes_formula_like_text_as_text():
    rows = pd.DataFrame({"measure": ["M"], "note": ["=1+1"]})
    book = openpyxl.load_workbook(io.BytesIO(templates.to_xlsx(rows, "DataPoints", rows)))
    cell = book["DataPoints"]["B2"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")


def test_csv_template_neutralises_formula_like_text():
    rows = pd.DataFrame({"measure": ["M"], "note": ["=1+1"]})
    assert templates.to_csv(rows).decode().splitlines()[1] == "M,'=1+1"


def test_file_name_names_initiative_and_kind():
    assert templates.file_name(ImportKind.targets, "UEC-01", "csv") == "UEC-01-targets-template.csv"
