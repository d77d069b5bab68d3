"""Models: codes normalised, unknown fields refused, cross-field rules enforced."""

from datetime import date

import pytest
from pydantic import ValidationError

from tracker.models import (
    EARLIEST_DATE,
    MAX_MAGNITUDE,
    Annotation,
    CheckIn,
    DataPoint,
    Goal,
    Measure,
    Milestone,
    Programme,
    Unit,
    plausible_range,
)


def test_code_is_normalised_and_checked():
    assert Programme(code=" uec-01 ", name="x", sro="y").code == "UEC-01"
    with pytest.raises(ValidationError, match="code"):
        Programme(code="UEC 01!", name="x", sro="y")


def test_unknown_field_is_refused():
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Programme(code="P", name="x", sro="y", colour="red")


def test_empty_value_needs_a_reason():
    with pytest.raises(ValidationError, match="missing_reason"):
        DataPoint(measure="M", period=date(2026, 1, 1), value=None)
    assert DataPoint(measure="M", period=date(2026, 1, 1), value=None, missing_reason="outage")


def test_recalculation_needs_a_reason():
    with pytest.raises(ValidationError, match="recalculation needs a reason"):
        Annotation(measure="M", date=date(2026, 1, 1), kind="recalculation", label="New model")


def test_complete_milestone_needs_a_completed_date():
    with pytest.raises(ValidationError, match="completed_date"):
        Milestone(
            code="MS-1",
            initiative="I",
            title="t",
            owner="o",
            baseline_date=date(2026, 1, 1),
            forecast_date=date(2026, 1, 1),
            status="complete",
        )


def test_confidence_is_one_to_five():
    with pytest.raises(ValidationError, match="confidence"):
        CheckIn(initiative="I", period=date(2026, 1, 1), rag="red", confidence=6, author="a")


def test_a_value_with_a_missing_reason_is_refused():
    with pytest.raises(ValidationError, match="a value needs no missing_reason"):
        DataPoint(measure="M", period=date(2026, 1, 1), value=5.0, missing_reason="outage")


@pytest.mark.parametrize("number", [float("inf"), float("-inf"), float("nan"), 1e308])
def test_a_number_must_be_finite_and_of_a_plausible_size(number):
    with pytest.raises(ValidationError, match="value"):
        DataPoint(measure="M", period=date(2026, 1, 1), value=number)
    with pytest.raises(ValidationError, match="baseline_value"):
        Goal(
            code="G",
            initiative="I",
            statement="s",
            measure="M",
            baseline_value=number,
            baseline_period=date(2026, 1, 1),
            target_value=1,
            target_date=date(2027, 1, 1),
        )


@pytest.mark.parametrize("text", ["a\x00b", "bell\x07", "escape\x1b[31m", "del\x7f", "c1\x85c1"])
def test_a_control_character_in_any_text_is_refused(text):
    with pytest.raises(ValidationError, match="control character"):
        DataPoint(measure="M", period=date(2026, 1, 1), value=1.0, note=text)
    with pytest.raises(ValidationError, match="control character"):
        Programme(code="P", name=text, sro="y")
    with pytest.raises(ValidationError, match="control character"):
        Programme(code="P", name="x", sro="y", description=text)


def test_line_breaks_and_tabs_are_kept_in_long_text_but_not_in_a_one_line_field():
    kept = Programme(code="P", name="x", sro="y", description="one\r\ntwo\tthree")
    assert kept.description == "one\r\ntwo\tthree"
    with pytest.raises(ValidationError, match="one line"):
        Programme(code="P", name="two\nlines", sro="y")


def test_a_date_before_the_earliest_is_refused():
    with pytest.raises(ValidationError, match="before 1 Jan 2000"):
        DataPoint(measure="M", period=date(1779, 1, 1), value=1.0)
    assert DataPoint(measure="M", period=EARLIEST_DATE, value=1.0)


def test_each_unit_has_a_plausible_range_and_a_measure_may_set_its_own():
    assert plausible_range(Unit.percent) == (0.0, 100.0)
    low, high = plausible_range(Unit.days)
    assert low == 0 and 365 < high < 1e308
    assert plausible_range(Unit.days, None, 30.0) == (0.0, 30.0)
    assert plausible_range(Unit.pounds)[0] < 0  # savings and deficits are negative
    assert all(plausible_range(unit)[1] <= MAX_MAGNITUDE for unit in Unit)


def test_a_measure_range_must_run_upwards():
    with pytest.raises(ValidationError, match="min_value 10 is not below max_value 5"):
        Measure(
            code="M",
            initiative="I",
            name="n",
            definition="d",
            type="outcome",
            unit="days",
            direction="decrease",
            frequency="monthly",
            data_source="s",
            owner="o",
            min_value=10,
            max_value=5,
        )
