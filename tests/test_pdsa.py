"""PDSA cycle rules: steps in order, a ramp within one change idea, and the board's counts."""

from datetime import date

import pytest
from pydantic import ValidationError
from qi_helpers import cycle, diagram

from tracker import pdsa
from tracker.models import CheckIn

MEASURES = ["UEC-01-M1", "UEC-01-M2"]


def problems(cycles):
    return [(p.code, p.field) for p in pdsa.cycle_problems(cycles, diagram(), MEASURES)]


def test_an_end_date_before_the_start_is_refused():
    with pytest.raises(ValidationError, match="end_date 2026-09-30 is before start_date"):
        cycle("K1", end_date=date(2026, 9, 30))


def test_a_study_without_a_do_is_refused():
    with pytest.raises(ValidationError, match="a study needs a do"):
        cycle("K1", study_notes="It worked")


def test_an_act_needs_its_decision_and_date():
    studied = {"do_notes": "Done", "study_notes": "Better"}
    with pytest.raises(ValidationError, match="act_decision and its act_date"):
        cycle("K1", act_decision="adopt", **studied)
    assert cycle("K1", act_decision="adopt", act_date=date(2026, 11, 5), **studied)


def test_steps_dated_out_of_order_are_refused():
    with pytest.raises(ValidationError, match="study_date 2026-10-05 is before do_date"):
        cycle("K1", do_date=date(2026, 10, 10), study_date=date(2026, 10, 5), study_notes="x")


def test_a_ramp_within_one_change_idea_is_accepted():
    assert problems([cycle("K1"), cycle("K2", number=2, follows="K1")]) == []


def test_a_cycle_following_a_cycle_of_another_change_idea_is_refused():
    found = pdsa.cycle_problems(
        [cycle("K1", idea="C2"), cycle("K2", number=2, follows="K1")], diagram(), MEASURES
    )
    assert [(p.code, p.field) for p in found] == [("K2", "follows")]
    assert "another change idea" in found[0].reason


def test_a_cycle_numbered_before_the_one_it_follows_is_refused():
    assert problems([cycle("K1", number=3), cycle("K2", number=2, follows="K1")]) == [
        ("K2", "number")
    ]


def test_two_cycles_of_one_idea_with_one_number_are_refused():
    assert problems([cycle("K1"), cycle("K2")]) == [("K2", "number")]


def test_a_cycle_of_a_driver_rather_than_a_change_idea_is_refused():
    assert problems([cycle("K1", idea="S1")]) == [("K1", "change_idea")]


def test_a_measure_of_another_initiative_is_refused():
    assert problems([cycle("K1", measures=["UEC-02-M1"])]) == [("K1", "measures")]


def test_decisions_count_only_acts_inside_the_period():
    acted = {"do_notes": "Done", "study_notes": "Seen"}
    cycles = [
        cycle("K1", act_decision="adopt", act_date=date(2026, 11, 2), **acted),
        cycle("K2", idea="C2", act_decision="abandon", act_date=date(2026, 10, 31), **acted),
        cycle("K3", idea="C2", number=2),
    ]
    found = pdsa.decisions_between(cycles, date(2026, 11, 1), date(2026, 11, 30))
    assert found == {"adopt": 1, "adapt": 0, "abandon": 0}
    # K3 is under way with no act yet; K1 and K2 have been decided.
    assert pdsa.ideas_being_tested(cycles, date(2026, 11, 23)) == 1


@pytest.mark.parametrize("score", [0.5, 1.0, 2.5, 5.0])
def test_a_progress_score_on_the_scale_is_kept(score):
    assert check_in(score).progress_score == score


@pytest.mark.parametrize("score", [0.0, 0.75, 5.5, -1.0])
def test_a_progress_score_off_the_scale_is_refused(score):
    with pytest.raises(ValidationError, match="progress_score .* is not on the scale"):
        check_in(score)


def check_in(score: float) -> CheckIn:
    return CheckIn(
        initiative="UEC-01",
        period=date(2026, 10, 1),
        rag="green",
        confidence=3,
        author="Lee Lead",
        progress_score=score,
    )
