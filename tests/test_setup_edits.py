"""Set-up edits without a form: entered values checked by field, targets and notes recorded and said."""

from datetime import date

import pytest

from tracker.errors import EditConflict
from tracker.measure_view import annotation_rows
from tracker.models import Annotation, Target
from tracker.setup_edits import check, record_annotation, record_target, target_rows
from tracker.store import Database, queries
from tracker.workbook.layout import GOALS, TARGETS

APRIL = date(2026, 4, 1)


def target(value: float = 78, reason: str = "Agreed by the board") -> Target:
    return Target(
        measure="UEC-01-M1", value=value, effective_from=APRIL, reason=reason, set_by="Sam Owner"
    )


def note(label: str = "New triage", kind: str = "intervention") -> Annotation:
    return Annotation(measure="UEC-01-M1", date=date(2026, 5, 1), kind=kind, label=label)


def test_good_values_give_the_model_with_blanks_left_to_their_defaults():
    values = {
        "measure": " UEC-01-M1 ",
        "value": 78.0,
        "effective_from": APRIL,
        "effective_to": "",
        "reason": "Agreed",
        "set_by": "Sam Owner",
    }
    model, problems = check(TARGETS, values)
    assert problems == {}
    assert model == Target(
        measure="UEC-01-M1", value=78, effective_from=APRIL, reason="Agreed", set_by="Sam Owner"
    )


def test_every_bad_field_is_named_and_no_model_is_given():
    model, problems = check(TARGETS, {"measure": "UEC-01-M1", "value": 78.0, "reason": " "})
    assert model is None
    # A blank reason is left out, so it is missing like the dates and the person.
    assert {"effective_from", "reason", "set_by"} <= set(problems)
    assert "value" not in problems and "measure" not in problems


def test_an_unreadable_trajectory_is_named_once_under_its_field():
    model, problems = check(GOALS, {"code": "UEC-01-G1", "trajectory": "April is 74"})
    assert model is None
    assert len(problems["trajectory"]) == 1


def test_a_problem_found_by_the_page_comes_first_and_stops_the_save():
    values = {"measure": "UEC-01-M1", "value": 78.0, "effective_from": APRIL,
              "reason": "Agreed", "set_by": "Sam Owner"}  # fmt: skip
    model, problems = check(TARGETS, values, {"value": ["above the plausible range"]})
    assert model is None
    assert problems == {"value": ["above the plausible range"]}


def test_a_target_revision_is_recorded_said_in_the_unit_and_kept_when_revised(small_db: Database):
    assert record_target(small_db, "ana", target(), None) == (
        "Target for UEC-01-M1 saved: 78.0% from 1 Apr 2026. Earlier revisions are kept."
    )
    assert record_target(small_db, "ana", target(), None) == (
        "That target revision is already recorded for UEC-01-M1; nothing saved."
    )
    record_target(small_db, "ana", target(80, "Raised"), None)
    history = queries.target_history(small_db, "UEC-01-M1")
    rows = target_rows(history, "%", 1)
    assert list(rows["Target"]) == ["78.0%", "80.0%"]
    assert rows["State"].iloc[0].startswith("↺ Replaced ")
    assert rows["State"].iloc[1] == "✔ Current"
    assert list(rows["Reason"]) == ["Agreed by the board", "Raised"]


def test_a_revision_saved_meanwhile_refuses_the_save_and_writes_nothing(small_db: Database):
    read_at = queries.write_counter(small_db)
    record_target(small_db, "di", target(79, "Di's figure"), None)
    with pytest.raises(EditConflict):
        record_target(small_db, "ana", target(), read_at)
    history = queries.target_history(small_db, "UEC-01-M1")
    assert list(history["value"]) == [79]


def test_an_annotation_is_added_changed_by_date_and_kind_or_already_there(small_db: Database):
    assert record_annotation(small_db, "ana", note(), None) == (
        "Added the intervention 'New triage' to UEC-01-M1."
    )
    assert record_annotation(small_db, "ana", note(), None) == (
        "That annotation is already on UEC-01-M1; nothing added."
    )
    # The label is user text: markdown in it is shown as typed.
    assert record_annotation(small_db, "ana", note("Triage *v2*"), None) == (
        "Changed the intervention of 1 May 2026 on UEC-01-M1 to 'Triage \\*v2\\*'."
    )
    rows = annotation_rows(queries.annotations(small_db))
    assert rows.to_dict("records") == [
        {"Date": "1 May 2026", "Kind": "Intervention", "Label": "Triage *v2*", "Reason": ""}
    ]
