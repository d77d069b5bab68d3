"""Set-up pages: create an initiative, a measure and a target through the forms; bad forms write nothing."""

import json
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from tests.ui.conftest import ROOT
from tests.workbook_helpers import edited
from tests.xlsx_helpers import zip_bomb
from tracker.models import Initiative, PdsaCycle
from tracker.store import Database, queries
from tracker.ui.cache import database
from tracker.workbook import WorkbookContent, workbook_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def fill(at, key: str, values: dict) -> None:
    """Type `values` into the form `key`'s widgets (text, selectbox, date or number)."""
    for name, value in values.items():
        widget_key = f"{key}_{name}"
        for kind in ("text_input", "text_area", "selectbox", "date_input", "number_input"):
            found = [w for w in getattr(at, kind) if w.key == widget_key]
            if found:
                found[0].set_value(value)
                break
        else:
            raise AssertionError(f"no widget {widget_key}")


NEW_INITIATIVE = {
    "code": "uec-09",
    "name": "Frailty same day service",
    "aim": "Cut frail patients' ED stays over 12 hours from 20% to 10% by March 2027.",
    # People on the sample's people list: set-up pages pick them from it.
    "lead": "Aisha Bello",
    "sponsor": "Helen Ashworth",
    "theme": "Urgent and emergency care",
    "organisation": "North Weald Hospitals NHS Foundation Trust",
    "start_date": date(2026, 4, 1),
    "planned_end": date(2027, 3, 31),
}

NEW_MEASURE = {
    "code": "UEC-09-M1",
    "initiative": "UEC-09",
    "name": "Frail patients over 12 hours in ED",
    "definition": "Patients aged 75+ with a frailty score of 6 or more who spent over 12 hours.",
    "type": "outcome",
    "unit": "%",
    "direction": "decrease",
    "frequency": "monthly",
    "data_source": "ECDS",
    "owner": "Priya Raman",
}


def submit(at, key: str):
    at.button(key=f"{key}_submit").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_create_initiative_measure_and_target_then_see_them_on_the_overview(app, sample_db_path):
    at = app("setup")
    fill(at, "initiative_new0", NEW_INITIATIVE)
    submit(at, "initiative_new0")
    assert "Created initiative UEC-09." in [s.value for s in at.success]
    assert at.selectbox(key="pick_initiative").value == "UEC-09"

    at = app("setup_measures")
    fill(at, "measure_new0", NEW_MEASURE)
    submit(at, "measure_new0")
    assert "Created measure UEC-09-M1." in [s.value for s in at.success]

    at = app("setup_measures", measure="UEC-09-M1")
    assert at.selectbox(key="target_measure").value == "UEC-09-M1"
    key = "target_UEC-09-M1_new0"
    revision = {"value": 12.0, "effective_from": date(2026, 4, 1), "reason": "Plan 2026/27"}
    fill(at, key, revision)
    submit(at, key)
    assert any("Target for UEC-09-M1 saved: 12.0%" in s.value for s in at.success)
    fill(
        at,
        "target_UEC-09-M1_new1",
        {**revision, "value": 10.0, "effective_from": date(2026, 10, 1)},
    )
    submit(at, "target_UEC-09-M1_new1")
    targets_tab = next(t for t in at.tabs if t.label == "Targets")
    history = targets_tab.dataframe[0].value
    assert history["Target"].tolist() == ["12.0%", "10.0%"]
    assert set(history["State"]) == {"✔ Current"}

    at = app("overview")
    table = at.dataframe(key="initiatives").value
    assert "UEC-09" in set(table["Code"])
    assert any("12 initiatives, 46 measures" in c.value for c in at.caption)
    with Database(sample_db_path) as db:
        targets = queries.targets(db)
    assert targets[targets["measure"] == "UEC-09-M1"]["value"].tolist() == [12.0, 10.0]


def test_bad_initiative_form_shows_each_problem_under_its_field_and_writes_nothing(
    app, sample_db_path
):
    at = app("setup")
    with Database(sample_db_path) as db:
        counter = queries.write_counter(db)
    fill(
        at,
        "initiative_new0",
        {**NEW_INITIATIVE, "code": "bad code!", "name": " ", "planned_end": date(2025, 1, 1)},
    )
    submit(at, "initiative_new0")
    errors = {e.value for e in at.error}
    assert any(e.startswith("Nothing was saved: 3 problem(s)") for e in errors)
    assert any("'BAD CODE!' is not a valid code" in e for e in errors)
    # Each names its field: a screen reader announces the message without the field beside it.
    assert "Name: required; fill it in" in errors
    assert any("planned_end 2025-01-01 is before start_date" in e for e in errors)
    order = [getattr(e, "key", None) or getattr(e, "value", None) for e in _walk(at)]
    assert order.index("initiative_new0_code") < _first(order, "is not a valid code")
    assert _first(order, "is not a valid code") < order.index("initiative_new0_programme")
    assert order.index("initiative_new0_planned_end") < _first(order, "planned_end 2025-01-01")
    with Database(sample_db_path) as db:
        assert queries.write_counter(db) == counter
        assert "BAD CODE!" not in set(queries.initiatives(db)["code"])


def test_existing_code_is_refused_for_a_new_item(app, sample_db_path):
    at = app("setup")
    fill(at, "initiative_new0", {**NEW_INITIATIVE, "code": "UEC-01"})
    submit(at, "initiative_new0")
    assert any("UEC-01 already exists" in e.value for e in at.error)
    with Database(sample_db_path) as db:
        names = queries.initiatives(db).set_index("code")["name"]
    assert names["UEC-01"] != NEW_INITIATIVE["name"]


def _walk(at):
    """Yield every element of the main area in page order."""
    stack = [at.main]
    while stack:
        node = stack.pop(0)
        children = getattr(node, "children", None)
        if children:
            stack[:0] = list(children.values())
        else:
            yield node


def _first(order: list, text: str) -> int:
    return next(i for i, v in enumerate(order) if isinstance(v, str) and text in v)


def one_initiative_book(code: str = "UEC-09", status: str = "active") -> bytes:
    item = Initiative(**{**NEW_INITIATIVE, "code": code, "status": status}, programme="NWICS")
    return workbook_bytes(WorkbookContent({"Initiatives": (item,)}))


def test_workbook_upload_shows_a_preview_then_loads_on_confirming(app, sample_db_path):
    at = app("setup_workbook")
    at.file_uploader[0].upload("new.xlsx", one_initiative_book(), XLSX).run()
    preview = at.dataframe[0].value.set_index("Sheet")
    assert preview.loc["Initiatives", "Created"] == 1
    assert preview.loc["Initiatives", "Which were created"] == "UEC-09"
    with Database(sample_db_path) as db:
        assert "UEC-09" not in set(queries.initiatives(db)["code"])
    at.button(key="workbook_load").click().run()
    assert any(s.value.startswith("Loaded new.xlsx.") for s in at.success)
    with Database(sample_db_path) as db:
        assert "UEC-09" in set(queries.initiatives(db)["code"])


def test_workbook_upload_with_problems_lists_them_and_offers_no_load(app):
    bad = edited(one_initiative_book(), "Initiatives", {"K2": "sometimes", "B2": "NOPE"})
    at = app("setup_workbook")
    at.file_uploader[0].upload("bad.xlsx", bad, XLSX).run()
    assert "2 problem(s)" in at.error[0].value
    problems = at.table[0].value
    assert problems["Column"].tolist() == ["programme", "status"]
    assert not [b for b in at.button if b.key == "workbook_load"]


def test_a_zip_bomb_workbook_is_refused_naming_the_limit(app):
    at = app("setup_workbook")
    at.file_uploader[0].upload("bomb.xlsx", zip_bomb(one_initiative_book()), XLSX).run()
    assert "nothing has been written" in at.error[0].value
    problems = at.table[0].value
    assert problems["Sheet"].tolist() == ["file"]
    limit = "the workbook unpacks to 301 MB; the limit is 300 MB"
    assert problems["What to fix"].iloc[0].startswith(limit)
    assert not [b for b in at.button if b.key == "workbook_load"]


def test_moving_a_milestone_forecast_needs_a_new_reason(app, sample_db_path):
    at = app("setup_goals", milestone="UEC-02-MS3")
    key = "milestone_UEC-02-MS3"
    current = at.date_input(key=f"{key}_forecast_date").value
    fill(at, key, {"forecast_date": date(current.year + 1, current.month, 1)})
    submit(at, key)
    assert any("the forecast date moved; say why" in e.value for e in at.error)
    fill(at, key, {"change_reason": "Supplier delay"})
    submit(at, key)
    assert "Saved milestone UEC-02-MS3." in [s.value for s in at.success]
    with Database(sample_db_path) as db:
        history = queries.milestone_history(db, "UEC-02-MS3")
    assert history["change_reason"].iloc[-1] == "Supplier delay"
    assert len(history) >= 2


def test_an_empty_database_starts_with_the_programme_form(db_path, monkeypatch):
    Database(db_path).close()
    monkeypatch.setenv("TRACKER_DB", str(db_path))
    monkeypatch.chdir(ROOT)
    database.clear()
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.switch_page("tracker/ui/pages/setup.py")
        at.run()
        assert any("Create the programme first" in i.value for i in at.info)
        fill(at, "programme_new0", {"code": "nw", "name": "North Weald", "sro": "Helen Ashworth"})
        submit(at, "programme_new0")
        assert "Created programme NW." in [s.value for s in at.success]
        assert not [i for i in at.info if "Create the programme first" in i.value]
        for page in ("setup_measures", "setup_goals", "setup_workbook"):
            at.switch_page(f"tracker/ui/pages/{page}.py")
            at.run()
            assert not at.exception, page
    finally:
        database.clear()


def test_delete_is_offered_only_for_an_unused_item_and_is_audited(app, sample_db_path):
    at = app("setup", initiative="UEC-01")
    assert any("so it stays" in i.value and "paused or closed" in i.value for i in at.info)
    assert not [b for b in at.button if b.key == "delete_initiative_UEC-01"]

    at = app("setup")
    fill(at, "initiative_new0", NEW_INITIATIVE)
    submit(at, "initiative_new0")
    at.checkbox(key="delete_initiative_UEC-09_sure").check().run()
    at.button(key="delete_initiative_UEC-09").click().run()
    assert "Deleted initiative UEC-09." in [s.value for s in at.success]
    assert at.selectbox(key="pick_initiative").value == "__new__"
    with Database(sample_db_path) as db:
        assert "UEC-09" not in set(queries.initiatives(db)["code"])
        assert queries.audit_log(db, entity="initiative").iloc[0]["action"] == "delete"


def test_closing_an_initiative_keeps_its_history(app, sample_db_path):
    with Database(sample_db_path) as db:
        before = len(queries.data_points(db))
    at = app("setup", initiative="UEC-03")
    fill(at, "initiative_UEC-03", {"status": "closed"})
    submit(at, "initiative_UEC-03")
    message = next(s.value for s in at.success)
    assert message.startswith("Saved initiative UEC-03. It is now closed.")
    with Database(sample_db_path) as db:
        assert queries.initiatives(db).set_index("code").at["UEC-03", "status"] == "closed"
        assert len(queries.data_points(db)) == before
    table = app("overview").dataframe(key="initiatives").value.set_index("Code")
    assert table.at["UEC-03", "Initiative"].endswith(" (closed)")


@pytest.fixture
def initiative_conflict(app, monkeypatch, sample_db_path):
    """Ana and Bo open UEC-03; Ana saves a new lead, then Bo's pause is refused."""
    ana, bo = app("setup", initiative="UEC-03"), app("setup", initiative="UEC-03")
    key = "initiative_UEC-03"
    monkeypatch.setenv("TRACKER_USER", "ana")
    fill(ana, key, {"lead": "Bethan Morgan"})
    submit(ana, key)
    assert "Saved initiative UEC-03." in [s.value for s in ana.success]
    with Database(sample_db_path) as db:
        counter = queries.write_counter(db)
    monkeypatch.setenv("TRACKER_USER", "bo")
    fill(bo, key, {"status": "paused"})
    submit(bo, key)
    with Database(sample_db_path) as db:
        assert queries.write_counter(db) == counter
    return bo


def test_a_set_up_save_over_someone_elses_shows_what_they_changed(initiative_conflict):
    warning = initiative_conflict.warning[0].value
    assert "Someone else saved this while you were editing it" in warning
    assert "Initiative UEC-03 · Lead: Bethan Morgan (ana, " in warning
    assert not initiative_conflict.success
    assert initiative_conflict.selectbox(key="initiative_UEC-03_status").value == "paused"


def test_keep_theirs_refills_the_set_up_form_with_their_values(initiative_conflict):
    initiative_conflict.button(key="initiative_UEC-03_theirs").click().run()
    assert not initiative_conflict.exception and not initiative_conflict.warning
    assert initiative_conflict.selectbox(key="initiative_UEC-03_lead").value == "Bethan Morgan"
    assert initiative_conflict.selectbox(key="initiative_UEC-03_status").value == "active"


def test_save_mine_over_a_set_up_item_keeps_theirs_in_the_audit_log(
    initiative_conflict, sample_db_path
):
    lead = initiative_conflict.selectbox(key="initiative_UEC-03_lead").value
    initiative_conflict.button(key="initiative_UEC-03_mine").click().run()
    assert not initiative_conflict.warning
    assert any(s.value.startswith("Saved initiative UEC-03.") for s in initiative_conflict.success)
    with Database(sample_db_path) as db:
        row = queries.initiatives(db).set_index("code").loc["UEC-03"]
        log = queries.audit_log(db, entity="initiative")
    assert lead != "Bethan Morgan" and (row["lead"], row["status"]) == (lead, "paused")
    changes = log[log["code"] == "UEC-03"].sort_values("id")
    assert changes["who"].tolist() == ["sample.loader", "ana", "bo"]
    assert json.loads(changes["after"].iloc[1])["lead"] == "Bethan Morgan"


def test_a_target_revision_saved_meanwhile_for_the_same_date_is_not_replaced_unseen(
    app, sample_db_path
):
    ana, bo = (app("setup_measures", measure="UEC-01-M1") for _ in range(2))
    key = "target_UEC-01-M1_new0"
    revision = {"value": 80.0, "effective_from": date(2027, 4, 1), "reason": "Plan 2027/28"}
    fill(ana, key, revision)
    submit(ana, key)
    fill(bo, key, {**revision, "value": 82.0, "reason": "Stretch"})
    submit(bo, key)
    warning = bo.warning[0].value
    # UEC-01-M1 is a percentage, so its target reads in per cent.
    assert "Target UEC-01-M1 from 1 Apr 2027 · Value: 80.0% (test.user, " in warning
    assert "Target UEC-01-M1 from 1 Apr 2027 · Reason: Plan 2027/28 (" in warning
    with Database(sample_db_path) as db:
        targets = queries.targets(db)
    assert targets[targets["effective_from"] == "2027-04-01"]["value"].tolist() == [80.0]


def test_a_milestone_moved_meanwhile_is_named_with_its_new_forecast(app, sample_db_path):
    ana, bo = (app("setup_goals", milestone="UEC-02-MS3") for _ in range(2))
    key = "milestone_UEC-02-MS3"
    fill(ana, key, {"forecast_date": date(2027, 6, 1), "change_reason": "Supplier delay"})
    submit(ana, key)
    fill(bo, key, {"owner": "Daniel Osei"})
    submit(bo, key)
    warning = bo.warning[0].value
    assert "Milestone UEC-02-MS3 · Forecast date: 1 Jun 2027 (test.user, " in warning
    assert "Milestone UEC-02-MS3 · Reason for change: Supplier delay (" in warning
    with Database(sample_db_path) as db:
        current = queries.milestones(db).set_index("code").loc["UEC-02-MS3"]
    assert current["owner"] != "Daniel Osei"


def test_a_goal_on_another_initiatives_measure_is_refused_and_writes_nothing(app, sample_db_path):
    at = app("setup_goals", goal="UEC-01-G1")
    with Database(sample_db_path) as db:
        counter = queries.write_counter(db)
    fill(at, "goal_UEC-01-G1", {"measure": "UEC-02-M1"})
    submit(at, "goal_UEC-01-G1")
    assert any(
        "measure UEC-02-M1 belongs to initiative UEC-02, not UEC-01" in e.value for e in at.error
    )
    with Database(sample_db_path) as db:
        assert queries.write_counter(db) == counter


def test_a_measure_may_set_its_own_plausible_range(app, sample_db_path):
    at = app("setup_measures")
    measure = {**NEW_MEASURE, "initiative": "UEC-01", "unit": "days", "min_value": 10.0}
    fill(at, "measure_new0", {**measure, "max_value": 5.0})
    submit(at, "measure_new0")
    assert any("min_value 10 is not below max_value 5" in e.value for e in at.error)
    fill(at, "measure_new0", {"max_value": 50.0})
    submit(at, "measure_new0")
    assert "Created measure UEC-09-M1." in [s.value for s in at.success]
    with Database(sample_db_path) as db:
        stored = queries.measures(db).set_index("code").loc["UEC-09-M1"]
    assert (stored["min_value"], stored["max_value"]) == (10.0, 50.0)


def test_a_workbook_cycle_owner_not_on_the_people_list_is_previewed_with_a_warning(app):
    cycle = PdsaCycle(
        code="UEC-01-C12-1", change_idea="UEC-01-C12", number=1, objective="Board at 08:30",
        prediction="Earlier discharges", start_date=date(2026, 11, 2),
        end_date=date(2026, 11, 27), owner="Dr Priya Raman",
    )  # fmt: skip
    at = app("setup_workbook")
    book = workbook_bytes(WorkbookContent({"PDSA": (cycle,)}))
    at.file_uploader[0].upload("cycle.xlsx", book, XLSX).run()
    # Accepted (the load is offered), with a warning naming her and what she owns.
    assert at.dataframe[0].value.set_index("Sheet").loc["PDSA", "Created"] == 1
    [warning] = at.warning
    assert "Dr Priya Raman (owner of PDSA cycle UEC-01-C12-1) is not on the people list" in (
        warning.value
    )
    assert [b.key for b in at.button if b.key == "workbook_load"] == ["workbook_load"]
