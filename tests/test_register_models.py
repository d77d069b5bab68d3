"""The registers' models refuse scores off the matrix, a target above the current score, dates
out of order, an action without an owner, and months that are not a month's 1st."""

from datetime import date

import pytest
from pydantic import ValidationError

from tests.register_fixtures import benefit, month, risk
from tracker.models import RiskAction, RiskSettings, actions_text


def test_a_risk_scores_likelihood_times_consequence():
    made = risk(current_likelihood=3, current_consequence=5)
    assert (made.current_score, made.target_score) == (15, 6)


@pytest.mark.parametrize(
    "field", ["initial_likelihood", "current_consequence", "target_likelihood"]
)
@pytest.mark.parametrize("score", [0, 6])
def test_a_score_off_the_five_by_five_matrix_is_refused(field, score):
    with pytest.raises(ValidationError) as raised:
        risk(**{field: score})
    assert raised.value.errors()[0]["loc"] == (field,)


def test_a_target_score_above_the_current_is_refused():
    with pytest.raises(ValidationError, match="target score 12 is above the current score 9"):
        risk(current_likelihood=3, current_consequence=3, target_likelihood=3, target_consequence=4)


def test_a_target_equal_to_the_current_score_is_allowed():
    assert risk(target_likelihood=4, target_consequence=4).target_score == 16


def test_a_next_review_before_the_last_review_is_refused():
    with pytest.raises(ValidationError, match="next_review 2026-09-30 is before last_reviewed"):
        risk(next_review=date(2026, 9, 30))


def test_an_action_without_an_owner_is_refused_at_its_field():
    with pytest.raises(ValidationError) as raised:
        RiskAction(action="Recruit", owner=" ", due=date(2026, 12, 31))
    assert raised.value.errors()[0]["loc"] == ("owner",)


def test_settings_default_to_the_npsa_bands_and_line():
    made = RiskSettings(programme="TEST")
    assert (made.moderate_from, made.high_from, made.extreme_from, made.escalation) == (
        4,
        8,
        15,
        15,
    )


def test_bands_out_of_order_are_refused():
    with pytest.raises(ValidationError, match="in order"):
        RiskSettings(programme="TEST", moderate_from=8, high_from=8)


def test_a_benefit_month_must_be_a_months_first_day():
    with pytest.raises(ValidationError, match="not the 1st of a month"):
        month(date(2026, 5, 2), actual=100)


def test_a_profile_ending_before_it_starts_is_refused():
    with pytest.raises(ValidationError, match="profile_to 2026-03-01 is before profile_from"):
        benefit(profile_to=date(2026, 3, 1))


@pytest.mark.parametrize("money", ["£1,000", "1.000,50", "1 000"])
def test_money_with_a_sign_or_foreign_separators_is_not_a_number(money):
    with pytest.raises(ValidationError) as raised:
        month(date(2026, 5, 1), actual=money)
    assert raised.value.errors()[0]["loc"] == ("actual",)


def test_actions_typed_as_text_are_read_one_per_line_and_written_back_the_same():
    typed = "Recruit four nurses | Hana HR | 2026-12-31\nOpen a bank | Bo Bank | 2026-06-30 | 2026-06-01"
    made = risk(actions=typed)
    assert [(a.owner, a.done) for a in made.actions] == [
        ("Hana HR", None),
        ("Bo Bank", date(2026, 6, 1)),
    ]
    assert actions_text(made.actions) == typed


def test_an_action_typed_without_an_owner_is_refused_at_its_place():
    with pytest.raises(ValidationError) as raised:
        risk(actions="Recruit four nurses |  | 2026-12-31")
    assert raised.value.errors()[0]["loc"] == ("actions", 0, "owner")
