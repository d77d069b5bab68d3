"""Domain model: pydantic v2 models and fixed vocabularies that validate every input at the edge."""

from datetime import date
from enum import StrEnum
from typing import Annotated, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from tracker.periods import Frequency, period_start_error

__all__ = [
    "Annotation",
    "AnnotationKind",
    "CheckIn",
    "Code",
    "DataPoint",
    "Direction",
    "Frequency",
    "Goal",
    "Initiative",
    "InitiativeStatus",
    "Measure",
    "MeasureType",
    "Milestone",
    "MilestoneStatus",
    "Programme",
    "Rag",
    "Role",
    "Target",
    "TrajectoryPoint",
    "Unit",
    "User",
]


def _normal_code(value: object) -> object:
    return value.strip().upper() if isinstance(value, str) else value


Code = Annotated[
    str,
    BeforeValidator(_normal_code),
    StringConstraints(pattern=r"^[A-Z0-9][A-Z0-9-]{0,23}$"),
]
"""A short human code such as UEC-01: letters, digits and hyphens, at most 24 characters."""

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20_000)]
Person = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]


class InitiativeStatus(StrEnum):
    """Where an initiative is in its life."""

    proposed = "proposed"
    active = "active"
    paused = "paused"
    closed = "closed"


class MeasureType(StrEnum):
    """The family of a measure (Model for Improvement)."""

    outcome = "outcome"
    process = "process"
    balancing = "balancing"


class Unit(StrEnum):
    """Unit a measure is reported in."""

    percent = "%"
    count = "count"
    days = "days"
    minutes = "minutes"
    rate_per_1000 = "rate per 1,000"
    pounds = "£"


class Direction(StrEnum):
    """Which way is better for a measure (MDC improvement direction)."""

    increase = "increase"
    decrease = "decrease"
    neither = "neither"


class AnnotationKind(StrEnum):
    """What a dated note on a measure means for its chart."""

    recalculation = "recalculation"
    baseline = "baseline"
    intervention = "intervention"
    note = "note"


class MilestoneStatus(StrEnum):
    """Delivery status of a milestone."""

    not_started = "not started"
    on_track = "on track"
    at_risk = "at risk"
    late = "late"
    complete = "complete"


class Rag(StrEnum):
    """Red / amber / green rating an initiative lead gives in a check-in."""

    red = "red"
    amber = "amber"
    green = "green"


class Role(StrEnum):
    """What a user may do (enforced in a later release; every write already records its author)."""

    viewer = "viewer"
    editor = "editor"
    admin = "admin"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Programme(_Model):
    """A portfolio of initiatives with one senior responsible owner."""

    code: Code
    name: Text
    description: LongText = ""
    sro: Person


class Initiative(_Model):
    """A change project with an aim (what, how much, by when)."""

    code: Code
    programme: Code
    name: Text
    aim: LongText
    lead: Person
    sponsor: Person
    theme: Text
    organisation: Text
    start_date: date
    planned_end: date
    status: InitiativeStatus = InitiativeStatus.active
    checkin_frequency: Frequency = Frequency.monthly

    @model_validator(mode="after")
    def _end_after_start(self) -> Self:
        if self.planned_end < self.start_date:
            raise ValueError(
                f"planned_end {self.planned_end} is before start_date {self.start_date}"
            )
        return self


class Measure(_Model):
    """A measure with its operational definition and the way that counts as better."""

    code: Code
    initiative: Code
    name: Text
    definition: LongText
    type: MeasureType
    unit: Unit
    direction: Direction
    frequency: Frequency
    decimals: int = Field(default=1, ge=0, le=6)
    data_source: Text
    owner: Person
    update_lag_days: int = Field(
        default=10, ge=0, le=366, description="Days after period end by which data is due."
    )


class Target(_Model):
    """A target for a measure from a date; every revision is kept."""

    measure: Code
    value: float
    effective_from: date
    effective_to: date | None = None
    reason: Text
    set_by: Person

    @model_validator(mode="after")
    def _range(self) -> Self:
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError("effective_to is before effective_from")
        return self


class TrajectoryPoint(_Model):
    """An explicit planned value for one period of a goal's trajectory."""

    period: date
    value: float


class Goal(_Model):
    """A goal: move a measure from a baseline to a target by a date, along a trajectory."""

    code: Code
    initiative: Code
    statement: Text
    measure: Code
    baseline_value: float
    baseline_period: date
    target_value: float
    target_date: date
    trajectory: tuple[TrajectoryPoint, ...] = ()
    """Empty means linear from baseline to target."""

    @model_validator(mode="after")
    def _dates(self) -> Self:
        if self.target_date <= self.baseline_period:
            raise ValueError(
                f"target_date {self.target_date} must be after baseline_period "
                f"{self.baseline_period}"
            )
        return self


class DataPoint(_Model):
    """One value of a measure for one period (or an empty value with the reason it is missing)."""

    measure: Code
    period: date
    value: float | None
    missing_reason: Annotated[str, StringConstraints(max_length=500)] = ""
    note: Annotated[str, StringConstraints(max_length=2000)] = ""

    @model_validator(mode="after")
    def _value_or_reason(self) -> Self:
        if self.value is None and not self.missing_reason:
            raise ValueError("an empty value needs a missing_reason")
        if self.value is not None and self.value != self.value:
            raise ValueError("value is not a number")
        return self

    def period_problem(self, frequency: Frequency) -> str | None:
        """Return why `period` is not a period start for `frequency`, or None when it is."""
        return period_start_error(self.period, frequency)


class Annotation(_Model):
    """A dated note on a measure; a recalculation or baseline changes how limits are computed."""

    measure: Code
    date: date
    kind: AnnotationKind
    label: Text
    reason: LongText = ""

    @model_validator(mode="after")
    def _recalc_reason(self) -> Self:
        if self.kind is AnnotationKind.recalculation and not self.reason:
            raise ValueError("a recalculation needs a reason")
        return self


class Milestone(_Model):
    """A dated deliverable of an initiative; forecast changes are kept as versions."""

    code: Code
    initiative: Code
    title: Text
    owner: Person
    baseline_date: date
    forecast_date: date
    completed_date: date | None = None
    status: MilestoneStatus = MilestoneStatus.not_started
    change_reason: LongText = ""

    @model_validator(mode="after")
    def _complete(self) -> Self:
        if self.status is MilestoneStatus.complete and self.completed_date is None:
            raise ValueError("a complete milestone needs a completed_date")
        if self.completed_date is not None and self.status is not MilestoneStatus.complete:
            raise ValueError("a milestone with a completed_date must have status 'complete'")
        return self


class CheckIn(_Model):
    """The periodic update of an initiative: RAG, confidence and a four-part narrative."""

    initiative: Code
    period: date
    rag: Rag
    confidence: int = Field(ge=1, le=5)
    progress: LongText = ""
    risks: LongText = ""
    next_steps: LongText = ""
    asks: LongText = ""
    author: Person


class User(_Model):
    """Someone who uses the tracker."""

    name: Person
    email: Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    role: Role = Role.viewer
