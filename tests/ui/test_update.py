"""Update page: a check-in is saved through the form; a bad cell blocks the save and keeps the typing."""

from datetime import date

import pandas as pd
import pytest

from tests.conftest import sample_rows, sample_value
from tracker.formatting import uk_date
from tracker.store import Database, queries

OCT = date(2026, 10, 1)
HELD = sample_value("ELE-02-M1", OCT)
"""The October value of ELE-02-M1 (the page's first row) as the sample holds it: tests change it."""

SLIPPING = next(m for m in sample_rows("milestones.csv") if m["code"] == "ELE-02-MS3")
"""The milestone in the page's first row, whose forecast the tests move."""

MONDAYS_IN_OCTOBER = sum(date(2026, 10, day).weekday() == 0 for day in range(1, 32))
"""Weekly periods start on Mondays: a weekly measure owes one value for each in the month."""


def edits(rows: dict[int, dict[str, str]]) -> dict:
    return {"edited_rows": rows, "added_rows": [], "deleted_rows": []}


def fill_check_in(at, progress: str = "Validation cleared 400 pathways.") -> None:
    at.radio(key="update_rag").set_value("amber")
    at.select_slider(key="update_confidence").set_value(4)
    at.text_area(key="update_progress").input(progress)
    at.text_area(key="update_asks").input("=Board to fund validation")


@pytest.fixture
def update(app):
    at = app("update", initiative="ELE-02")
    grid = at.dataframe[0].value
    assert grid["measure"].iloc[0] == "ELE-02-M1" and grid["Value"].iloc[0] == HELD
    return at


def test_page_defaults_to_the_overdue_check_in_period_with_context(update):
    assert update.selectbox(key="update_period_ELE-02").value == OCT
    assert "⚠ due 10 Nov 2026 (overdue)" in update.caption[0].value
    grid = update.dataframe[0].value
    recent = [sample_value("ELE-02-M1", date(2026, month, 1)) for month in (7, 8, 9)]
    assert grid["Recent"].iloc[0] == " · ".join(f"{value}%" for value in recent)
    assert grid["Unit"].iloc[0] == "% (0–100)"
    # A weekly measure gets a row for each week starting in the month.
    assert (grid["measure"] == "ELE-02-M5").sum() == MONDAYS_IN_OCTOBER


def test_check_in_with_a_correction_and_a_slip_is_saved_in_one_go(update, sample_db_path):
    update.session_state["update_values_1"] = edits({0: {"Value": "62", "Note": "Validated"}})
    update.session_state["update_milestones_1"] = edits(
        {0: {"Forecast": "2026-12-18", "Reason for change": "Consultant job plans agreed late"}}
    )
    fill_check_in(update)
    update.button(key="update_save").click().run()
    assert not update.exception and not update.error
    receipt = update.success[0].value
    # In words: ELE-02-M1 is a monthly percentage, named by its month, its values in per cent.
    assert (
        f"Measure value ELE-02-M1, Oct 2026 · Value: {float(HELD):.1f}% → 62.0%; "
        "Note: (empty) → Validated" in receipt
    )
    forecast = uk_date(date.fromisoformat(SLIPPING["forecast_date"]))
    assert f"Milestone ELE-02-MS3 · Forecast date: {forecast} → 18 Dec 2026" in receipt
    assert "Check-in Oct 2026 · new, amber with confidence 4/5" in receipt
    assert "✔ no check-in owed" in update.caption[0].value
    db = Database(sample_db_path)
    check_in = queries.check_ins(db).query("initiative == 'ELE-02'").iloc[-1]
    assert (check_in["rag"], check_in["confidence"], check_in["asks"]) == (
        "amber",
        4,
        "=Board to fund validation",
    )
    history = queries.value_history(db, "ELE-02-M1", OCT)
    assert history["value"].tolist() == [float(HELD), 62.0]
    assert history["note"].tolist() == ["", "Validated"]
    slipped = queries.milestones(db).set_index("code").loc["ELE-02-MS3"]
    assert pd.Timestamp(slipped["forecast_date"]).date() == date(2026, 12, 18)
    log = queries.audit_log(db, who="test.user")
    assert sorted(log["entity"]) == ["check_in", "data_point", "milestone_version"]


def test_bad_cell_blocks_the_save_and_keeps_what_was_typed(update, sample_db_path):
    db = Database(sample_db_path)
    before = queries.write_counter(db)
    update.session_state["update_values_1"] = edits(
        {
            0: {"Value": "N/A"},
            1: {"Value": "1,700", "Note": "Late validation"},
            2: {"Value": "12,5"},
        }
    )
    fill_check_in(update, progress="Typed narrative that must survive")
    update.button(key="update_save").click().run()
    assert not update.exception
    message = update.error[0].value
    assert "Nothing was saved" in message
    assert (
        "ELE-02-M1 · RTT pathways within 18 weeks, Oct 2026, Value: 'N/A' is not a number"
        in message
    )
    assert "'12,5' uses a decimal comma; use a full stop (12.5)" in message
    grid = update.dataframe[0].value
    assert grid["Value"].tolist()[:3] == ["N/A", "1,700", "12,5"]
    assert grid["Note"].iloc[1] == "Late validation"
    assert grid["Problem"].iloc[0].startswith("Value: 'N/A' is not a number")
    assert grid["Problem"].iloc[1] == ""
    assert update.text_area(key="update_progress").value == "Typed narrative that must survive"
    assert update.radio(key="update_rag").value == "amber"
    assert queries.write_counter(db) == before


def test_changing_a_held_value_needs_a_note_and_a_slip_needs_a_reason(update, sample_db_path):
    update.session_state["update_values_1"] = edits({0: {"Value": "65"}})
    update.session_state["update_milestones_1"] = edits({0: {"Forecast": "2027-01-29"}})
    fill_check_in(update)
    update.button(key="update_save").click().run()
    message = update.error[0].value
    assert f"Note: you changed {HELD} to 65; say why in the note" in message
    assert (
        "Milestone ELE-02-MS3, Reason for change: forecast moved from "
        f"{SLIPPING['forecast_date']} to 2027-01-29" in message
    )
    assert "Reason for change: forecast moved" in update.dataframe[1].value["Problem"].iloc[0]


def test_rag_is_required(update):
    update.button(key="update_save").click().run()
    assert "RAG: choose red, amber or green." in update.error[0].value


def test_preview_shows_the_changes_and_writes_nothing(update, sample_db_path):
    db = Database(sample_db_path)
    before = queries.write_counter(db)
    update.session_state["update_values_1"] = edits({0: {"Value": "62", "Note": "Validated"}})
    fill_check_in(update)
    update.button(key="update_preview").click().run()
    assert "Preview: nothing is saved yet." in update.info[0].value
    assert f"Value: {float(HELD):.1f}% → 62.0%" in update.info[0].value
    assert any("Validation cleared 400 pathways." in m.value for m in update.markdown)
    assert queries.write_counter(db) == before


@pytest.fixture
def conflicted(app, monkeypatch, sample_db_path):
    """Two people open ELE-02's October check-in; Ana saves first, then Bo's save is refused."""
    ana, bo = app("update", initiative="ELE-02"), app("update", initiative="ELE-02")
    monkeypatch.setenv("TRACKER_USER", "ana")
    ana.session_state["update_values_1"] = edits({0: {"Value": "62", "Note": "Validated"}})
    fill_check_in(ana, progress="Ana's narrative")
    ana.button(key="update_save").click().run()
    assert ana.success and not ana.error
    counter = queries.write_counter(Database(sample_db_path))

    monkeypatch.setenv("TRACKER_USER", "bo")
    bo.session_state["update_values_1"] = edits(
        {0: {"Value": "63", "Note": "Bo's count"}, 1: {"Value": "1700", "Note": "Late"}}
    )
    fill_check_in(bo, progress="Bo's narrative")
    bo.radio(key="update_rag").set_value("red")
    bo.button(key="update_save").click().run()
    assert not bo.exception
    assert queries.write_counter(Database(sample_db_path)) == counter
    return bo


def test_second_save_of_the_same_check_in_shows_what_changed_and_writes_nothing(conflicted):
    warning = conflicted.warning[0].value
    assert "Someone else saved this while you were editing it" in warning
    assert "Measure value ELE-02-M1, 1 Oct 2026 · Value: 62.0% (ana, " in warning
    assert "Measure value ELE-02-M1, 1 Oct 2026 · Note: Validated (ana," in warning
    assert "Check-in ELE-02, 1 Oct 2026 · RAG: amber (ana," in warning
    assert "Check-in ELE-02, 1 Oct 2026 · Progress: Ana's narrative (ana," in warning
    # Only what Ana changed is listed: Bo's second row was no one else's change.
    assert "1,700" not in warning and "ELE-02-M2" not in warning
    # Bo's typing is still in the form.
    assert conflicted.dataframe[0].value["Value"].tolist()[:2] == ["63", "1700"]
    assert conflicted.text_area(key="update_progress").value == "Bo's narrative"


def test_keep_theirs_reloads_their_values_and_writes_nothing(conflicted, sample_db_path):
    counter = queries.write_counter(Database(sample_db_path))
    conflicted.button(key="update_conflict_theirs").click().run()
    assert not conflicted.exception and not conflicted.warning
    assert conflicted.dataframe[0].value["Value"].iloc[0] == "62"
    assert conflicted.text_area(key="update_progress").value == "Ana's narrative"
    assert conflicted.radio(key="update_rag").value == "amber"
    assert queries.write_counter(Database(sample_db_path)) == counter


def test_save_mine_puts_mine_over_theirs_and_keeps_both_in_history(conflicted, sample_db_path):
    conflicted.button(key="update_conflict_mine").click().run()
    assert not conflicted.exception and not conflicted.error and not conflicted.warning
    receipt = conflicted.success[0].value
    assert (
        "Measure value ELE-02-M1, Oct 2026 · Value: 62.0% → 63.0%; Note: Validated → Bo's count"
        in receipt
    )
    assert "Check-in Oct 2026 · RAG: amber → red" in receipt
    db = Database(sample_db_path)
    history = queries.value_history(db, "ELE-02-M1", OCT)
    assert history["value"].tolist() == [float(HELD), 62.0, 63.0]
    assert history["recorded_by"].tolist()[1:] == ["ana", "bo"]
    check_ins = (
        db.cursor()
        .execute(
            "SELECT recorded_by, rag, progress, is_current FROM check_in c "
            "JOIN initiative i ON i.id = c.initiative_id WHERE i.code = 'ELE-02' "
            "AND c.period = DATE '2026-10-01' ORDER BY c.recorded_at"
        )
        .fetchall()
    )
    assert check_ins == [
        ("ana", "amber", "Ana's narrative", None),
        ("bo", "red", "Bo's narrative", True),
    ]


def test_a_row_left_as_it_was_does_not_undo_their_change(app, sample_db_path):
    ana, bo = app("update", initiative="ELE-02"), app("update", initiative="ELE-02")
    ana.session_state["update_values_1"] = edits({0: {"Value": "62", "Note": "Validated"}})
    fill_check_in(ana)
    ana.button(key="update_save").click().run()
    # Bo changes only another measure's value; the check-in is saved whole, so it is the one
    # record both changed, and the one conflict.
    bo.session_state["update_values_1"] = edits({1: {"Value": "1700", "Note": "Late"}})
    fill_check_in(bo, progress="Bo's narrative")
    bo.button(key="update_save").click().run()
    warning = bo.warning[0].value
    assert "Check-in ELE-02, 1 Oct 2026 · RAG: amber" in warning
    assert "Measure value ELE-02-M1" not in warning
    bo.button(key="update_conflict_mine").click().run()
    assert not bo.error and bo.success
    db = Database(sample_db_path)
    assert queries.value_history(db, "ELE-02-M1", OCT)["value"].tolist() == [float(HELD), 62.0]
    held = float(sample_value("ELE-02-M2", OCT))
    assert queries.value_history(db, "ELE-02-M2", OCT)["value"].tolist() == [held, 1700.0]


def test_on_4_dec_the_grid_offers_the_week_of_23_nov_not_the_open_week_of_30_nov(app, monkeypatch):
    # A Friday: the week commencing 30 Nov 2026 ends on Sunday 6 Dec, so it has no value yet.
    monkeypatch.setenv("TRACKER_TODAY", "2026-12-04")
    at = app("update", initiative="ELE-02")
    at.selectbox(key="update_period_ELE-02").set_value(date(2026, 11, 1)).run()
    assert not at.exception, [e.message for e in at.exception]
    grid = at.dataframe[0].value
    weeks = grid.loc[grid["measure"] == "ELE-02-M5", "period"].tolist()
    assert weeks == ["2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"]


def test_a_check_in_carries_the_progress_score_chosen(update, sample_db_path):
    fill_check_in(update)
    update.selectbox(key="update_progress_score").set_value(3.5)
    update.button(key="update_save").click().run()
    assert not update.exception and not update.error
    check_in = queries.check_ins(Database(sample_db_path)).query("initiative == 'ELE-02'")
    assert check_in.iloc[-1]["progress_score"] == 3.5


def test_a_held_progress_score_is_loaded_and_its_change_said(app):
    # UEC-01's October check-in scored 3.5 (sample_data/generate.py PROGRESS_SCORES).
    at = app("update", initiative="UEC-01", period="2026-10-01")
    picker = at.selectbox(key="update_progress_score")
    assert picker.value == 3.5
    picker.set_value(4.0)
    at.button(key="update_preview").click().run()
    assert any("Progress score: 3.5 → 4" in i.value for i in at.info)


@pytest.fixture
def boxes(update):
    """The Update page switched to its labelled boxes (the keyboard and screen-reader path)."""
    update.toggle(key="update_boxes").set_value(True).run()
    assert not update.exception
    return update


def test_boxes_name_each_value_and_milestone_field_and_replace_the_grids(boxes):
    # Grid mode draws two editors (values, milestones); the boxes draw none.
    assert len(boxes.dataframe) == 0
    first = boxes.text_input(key="update_box_1_0_Value")
    assert (first.label, first.value) == ("Value · ELE-02-M1 · Oct 2026", HELD)
    assert boxes.text_input(key="update_box_1_0_Note").label == "Note · ELE-02-M1 · Oct 2026"
    forecast = boxes.date_input(key="update_box_1_0_Forecast")
    assert (forecast.label, forecast.value) == (
        "Forecast · ELE-02-MS3",
        date.fromisoformat(SLIPPING["forecast_date"]),
    )
    assert boxes.selectbox(key="update_box_1_0_Status").value == SLIPPING["status"]


def test_boxes_save_a_correction_a_slip_and_the_check_in(boxes, sample_db_path):
    boxes.text_input(key="update_box_1_0_Value").input("62")
    boxes.text_input(key="update_box_1_0_Note").input("Validated")
    boxes.date_input(key="update_box_1_0_Forecast").set_value(date(2026, 12, 18))
    boxes.text_input(key="update_box_1_0_Reason").input("Consultant job plans agreed late")
    fill_check_in(boxes)
    boxes.button(key="update_save").click().run()
    assert not boxes.exception and not boxes.error
    db = Database(sample_db_path)
    assert queries.value_history(db, "ELE-02-M1", OCT)["value"].tolist() == [float(HELD), 62.0]
    slipped = queries.initiative_milestones(db, "ELE-02").set_index("code").loc["ELE-02-MS3"]
    assert (pd.Timestamp(slipped["forecast_date"]).date(), slipped["change_reason"]) == (
        date(2026, 12, 18),
        "Consultant job plans agreed late",
    )
    # Only the rows typed in are saved: the second measure's value is unchanged.
    assert len(queries.value_history(db, "ELE-02-M2", OCT)) == 1


def test_boxes_show_each_problem_under_its_row_and_keep_the_typing(boxes, sample_db_path):
    before = queries.write_counter(Database(sample_db_path))
    boxes.text_input(key="update_box_1_0_Value").input("N/A")
    fill_check_in(boxes)
    boxes.button(key="update_save").click().run()
    errors = [e.value for e in boxes.error]
    assert "ELE-02-M1 · Oct 2026: Value: 'N/A' is not a number" in " ".join(errors)
    # A new round: its boxes start from what was typed.
    assert boxes.text_input(key="update_box_2_0_Value").value == "N/A"
    assert queries.write_counter(Database(sample_db_path)) == before


def test_check_in_problems_are_shown_in_the_check_in_section_too(update):
    update.button(key="update_save").click().run()
    # Once in the list at the top, and once under the Check-in heading, beside its fields.
    assert [e.value for e in update.error].count("RAG: choose red, amber or green.") == 1


def test_a_cleared_cell_shows_empty_not_none_after_a_refused_save(update):
    # Row 0's value made bad, and row 1's note cleared (the grid gives a cleared cell as None).
    update.session_state["update_values_1"] = edits({0: {"Value": "N/A"}, 1: {"Note": None}})
    update.session_state["update_milestones_1"] = edits({0: {"Reason for change": None}})
    fill_check_in(update)
    update.button(key="update_save").click().run()
    assert "Nothing was saved" in update.error[0].value
    grid = update.dataframe[0].value
    assert grid["Note"].iloc[1] == ""
    assert not grid[["Value", "Missing reason", "Note"]].isna().any().any()
    milestones = next(t.value for t in update.dataframe if "Reason for change" in t.value.columns)
    assert milestones["Reason for change"].iloc[0] == ""
