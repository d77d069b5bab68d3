"""Import page: the preview shows the right counts for a prepared file; confirm commits; revert."""

import io
from datetime import date

import openpyxl
import pandas as pd

from tests.conftest import sample_rows, sample_value
from tests.damage_helpers import damage_table
from tests.xlsx_helpers import zip_bomb
from tracker.store import Database, qi, queries

SEPTEMBER = sample_value("UEC-01-M1", date(2026, 9, 1))
"""UEC-01-M1's September 2026 value as the sample gives it: the value the tests correct."""

PREPARED = (
    "measure,period,value,note\n"
    "UEC-01-M1,2026-09-01,80.5,corrected\n"  # change: the sample's value → 80.5
    f"UEC-01-M1,2026-08-01,{sample_value('UEC-01-M1', date(2026, 8, 1))},\n"  # unchanged
    "UEC-01-M1,2024-04-01,81,\n"  # add: the sample starts in May 2024 (November is still open)
).encode()


def upload(at, name: str, data: bytes):
    at.get("file_uploader")[0].upload(name, data, "application/octet-stream")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_preview_counts_a_prepared_file_and_confirm_commits(app, sample_db_path):
    db = Database(sample_db_path)
    at = upload(app("import_data"), "prepared.csv", PREPARED)
    assert metrics(at) == {"➕ To add": "1", "✎ To change (old kept)": "1", "= Unchanged": "1"}
    changes = at.dataframe[0].value
    assert changes["Values"].tolist() == [f"value {SEPTEMBER} → 80.5; note (empty) → corrected"]
    before = queries.write_counter(db)
    at.button(key="confirm").click().run()
    assert "Imported prepared.csv as batch" in at.success[0].value
    assert "1 added, 1 changed (previous values kept), 1 unchanged" in at.success[0].value
    assert queries.write_counter(db) > before
    history = queries.value_history(db, "UEC-01-M1", pd.Timestamp("2026-09-01").date())
    assert history["value"].tolist() == [float(SEPTEMBER), 80.5]


def test_errors_are_listed_with_row_column_and_reason_and_nothing_is_written(app, sample_db_path):
    db = Database(sample_db_path)
    before = queries.write_counter(db)
    bad = b"measure,period,value\nUEC-01-M1,2026-09-01,N/A\nUEC-01-M1,2026-09-15,5\n"
    at = upload(app("import_data"), "bad.csv", bad)
    assert "rejected and nothing was written" in at.error[0].value
    errors = at.table[0].value
    assert errors.values.tolist()[:2] == [
        ["2", "value", "'N/A' is not a number; enter digits only (e.g. 76.4)"],
        [
            "3",
            "period",
            "2026-09-15 is not a period start (monthly periods start on the 1st); use 2026-09-01",
        ],
    ]
    assert not [b for b in at.button if b.key == "confirm"]
    assert queries.write_counter(db) == before


def test_page_opened_for_one_initiative_refuses_another(app):
    at = app("import_data", initiative="UEC-01")
    assert at.selectbox(key="import_initiative").value == "UEC-01"
    at = upload(at, "mixed.csv", b"measure,period,value\nELE-01-M1,2026-09-01,5\n")
    assert "belongs to ELE-01, not UEC-01" in at.table[0].value["What to fix"].iloc[0]


def test_xlsx_with_several_sheets_is_refused_naming_them(app):
    book = openpyxl.Workbook()
    book.active.title = "Aug"
    book.create_sheet("Sep")
    out = io.BytesIO()
    book.save(out)
    at = upload(app("import_data"), "two.xlsx", out.getvalue())
    assert "('Aug', 'Sep')" in at.table[0].value["What to fix"].iloc[0]


def test_a_zip_bomb_is_refused_naming_the_limit(app):
    at = upload(app("import_data"), "bomb.xlsx", zip_bomb())
    assert "nothing was written" in at.error[0].value
    assert at.table[0].value["What to fix"].tolist() == [
        "the workbook unpacks to 301 MB; the limit is 300 MB (about a million data points). "
        "Split it into smaller workbooks, or save the data as CSV"
    ]


def test_templates_are_offered_for_one_initiative(app):
    at = app("import_data", initiative="PRV-01")
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["⬇ Excel template (.xlsx)", "⬇ CSV template"]


def test_revert_from_the_page(app, sample_db_path):
    at = upload(
        app("import_data"), "one.csv", b"measure,period,value,note\nUEC-01-M1,2026-09-01,80.5,x\n"
    )
    at.button(key="confirm").click().run()
    batch = int(at.success[0].value.split("batch ")[1].split(":")[0])
    at.selectbox(key="revert_batch").set_value(batch).run()
    assert not at.text_input  # one value: no name to type
    assert at.button(key="revert").disabled
    at.checkbox(key=f"revert_sure_{batch}").check().run()
    at.button(key="revert").click().run()
    assert f"Reverted batch {batch}: 1 value(s) restored, 0 withdrawn" in at.success[0].value
    db = Database(sample_db_path)
    assert queries.data_points(db, measure_codes=["UEC-01-M1"]).set_index("period").loc[
        pd.Timestamp("2026-09-01"), "value"
    ] == float(SEPTEMBER)
    listing = at.dataframe[-1].value.set_index("Batch")
    assert listing.loc[batch, "State"].startswith("↩ reverted by batch")


def test_a_quote_that_never_closes_is_named_on_the_page_and_nothing_is_written(app, sample_db_path):
    # Issue 21: this file used to import as "1 added", its other rows lost inside row 2's note.
    db = Database(sample_db_path)
    before = queries.write_counter(db)
    rows = "".join(f"DIS-01-M3,2025-{m:02d}-01,7.{m},\n" for m in range(1, 12))
    bad = f'measure,period,value,note\nDIS-01-M3,2026-11-01,7.7,"12 screens checked\n{rows}'
    at = upload(app("import_data"), "bad.csv", bad.encode())
    assert "rejected and nothing was written" in at.error[0].value
    assert at.table[0].value.values.tolist() == [
        [
            "2",
            "note",
            'opens a quote (") that is never closed, so the rest of the file would be read into '
            "this value; add the closing quote, or remove the opening one",
        ]
    ]
    assert not [b for b in at.button if b.key == "confirm"]
    assert queries.write_counter(db) == before


def test_a_large_batch_needs_its_name_typed_and_its_revert_can_be_reverted(app, sample_db_path):
    at = app("import_data")
    sample = at.selectbox(key="revert_batch").value  # every row of the sample's datapoints.csv
    values = len(sample_rows("datapoints.csv"))
    assert at.text_input(key=f"revert_name_{sample}").placeholder == "sample programme"
    at.checkbox(key=f"revert_sure_{sample}").check().run()
    for typed in ("", "sample", "Sample programme"):
        at.text_input(key=f"revert_name_{sample}").set_value(typed).run()
        assert at.button(key="revert").disabled, typed
    at.text_input(key=f"revert_name_{sample}").set_value("sample programme").run()
    at.button(key="revert").click().run()
    assert (
        f"Reverted batch {sample}: 0 value(s) restored, {values} withdrawn" in at.success[0].value
    )
    db = Database(sample_db_path)
    assert queries.data_points(db).empty
    undo = at.selectbox(key="revert_batch").value
    [offered] = at.selectbox(key="revert_batch").options  # the sample's batch is reverted
    assert offered.startswith(f"batch {undo}: revert of batch {sample} (")
    at.text_input(key=f"revert_name_{undo}").set_value(f"revert of batch {sample}")
    at.checkbox(key=f"revert_sure_{undo}").check().run()
    at.button(key="revert").click().run()
    assert f"Reverted batch {undo}: {values} value(s) restored, 0 withdrawn" in at.success[0].value
    assert len(queries.data_points(db)) == values


def test_a_damaged_database_is_named_on_the_page_not_a_traceback(app, sample_db_path):
    damage_table(sample_db_path, "data_point")
    at = app("import_data")
    assert "is damaged: a block's checksum does not match its contents" in at.error[0].value
    assert not at.get("file_uploader")  # nothing offered that would write


def test_a_correction_without_a_note_is_refused_as_on_the_update_page(app, sample_db_path):
    db = Database(sample_db_path)
    before = queries.write_counter(db)
    at = upload(app("import_data"), "fix.csv", b"measure,period,value\nUEC-01-M1,2026-09-01,80.5\n")
    assert "rejected and nothing was written" in at.error[0].value
    assert at.table[0].value.values.tolist() == [
        [
            "2",
            "note",
            "you changed 77.7 to 80.5; say why in the note (the old value is kept in the history)",
        ]
    ]
    assert not [b for b in at.button if b.key == "confirm"]
    assert queries.write_counter(db) == before


def test_driver_diagram_nodes_are_offered_previewed_and_imported(app, sample_db_path):
    at = app("import_data", initiative="UEC-01")
    at.selectbox(key="import_kind").select("drivers").run()
    assert [b.label for b in at.get("download_button")] == [
        "⬇ Excel template (.xlsx)",
        "⬇ CSV template",
    ]
    renamed = (
        b"code,initiative,kind,title,position,parents,measures\n"
        b"UEC-01-P1,UEC-01,primary,Patients needing same day care reach SDEC,1,,UEC-01-M2\n"
    )
    upload(at, "drivers.csv", renamed)
    assert metrics(at) == {"➕ To add": "0", "✎ To change (old kept)": "1", "= Unchanged": "0"}
    at.button(key="confirm").click().run()
    assert "Imported drivers.csv: 0 added, 1 changed" in at.success[0].value
    nodes = qi.diagram_nodes(Database(sample_db_path), "UEC-01").set_index("code")
    assert nodes.loc["UEC-01-P1", "title"] == "Patients needing same day care reach SDEC"


def test_a_pdsa_file_whose_owner_is_not_on_the_people_list_is_previewed_with_a_warning(app):
    at = app("import_data", initiative="UEC-01")
    at.selectbox(key="import_kind").select("pdsa").run()
    cycle = (
        b"code,change_idea,number,objective,prediction,start_date,end_date,owner\n"
        b"UEC-01-C12-1,UEC-01-C12,1,Board at 08:30,Earlier discharges,2026-11-02,2026-11-27,"
        b"Dr Priya Raman\n"
    )
    upload(at, "pdsa.csv", cycle)
    # The sample has a people list without her: the row is still offered, with a warning.
    assert metrics(at) == {"➕ To add": "1", "✎ To change (old kept)": "0", "= Unchanged": "0"}
    [warning] = at.warning
    assert "Dr Priya Raman (owner of PDSA cycle UEC-01-C12-1) is not on the people list" in (
        warning.value
    )
    assert [b.key for b in at.button if b.key == "confirm"] == ["confirm"]
