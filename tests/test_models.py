"""Models: codes normalised, unknown fields refused, cross-field rules enforced."""

from datetime import date

import pytest
from pydantic import ValidationError

from tracker.models import Annotation, CheckIn, DataPoint, Milestone, Programme


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
