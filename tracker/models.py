"""Domain model: pydantic v2 models and fixed vocabularies that validate every input at the edge."""

import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from tracker.periods import Frequency, period_start_error

__all__ = [
    "BASELINE_YEARS",
    "CODE_PATTERN",
    "EARLIEST_DATE",
    "MAX_MAGNITUDE",
    "VALUE_AND_MISSING_REASON",
    "actions_text",
    "Benefit",
    "BenefitCategory",
    "BenefitMonth",
    "MATRIX_SIDE",
    "NPSA_BANDS",
    "NPSA_ESCALATION",
    "Risk",
    "RiskAction",
    "RiskResponse",
    "RiskSettings",
    "RiskStatus",
    "Annotation",
    "AnnotationKind",
    "ActDecision",
    "CheckIn",
    "DriverKind",
    "DriverLink",
    "DriverNode",
    "LinkStrength",
    "PdsaCycle",
    "PROGRESS_SCORES",
    "score_problem",
    "Code",
    "DataPoint",
    "Direction",
    "Email",
    "Frequency",
    "Goal",
    "Grant",
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
    "control_character_problem",
    "earliest_period",
    "implausible_problem",
    "many_lines",
    "plain_number",
    "plausible_range",
    "too_early_problem",
]


def _normal_code(value: object) -> object:
    return value.strip().upper() if isinstance(value, str) else value


CODE_PATTERN = r"^[A-Z0-9][A-Z0-9-]{0,23}$"
"""Letters, digits and hyphens, starting with a letter or digit, at most 24 characters."""

Code = Annotated[str, BeforeValidator(_normal_code), StringConstraints(pattern=CODE_PATTERN)]
"""A short human code such as UEC-01: letters, digits and hyphens, at most 24 characters."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters (C0, DEL, C1) that no typed text holds; tab, LF and CR are matched apart."""
_LINE_BREAK_OR_TAB = re.compile(r"[\t\n\r]")


def control_character_problem(text: str, multi_line: bool) -> str | None:
    """Return why `text` may not be stored (a NUL or other control character), or None.

    Tabs and line breaks are allowed only where text may run over several lines.
    """
    found = _CONTROL.search(text)
    if found:
        return (
            f"holds a control character (U+{ord(found.group()):04X}) at character "
            f"{found.start() + 1}; remove it (it is often left by a copy from another system)"
        )
    if not multi_line and _LINE_BREAK_OR_TAB.search(text):
        return "holds a line break or tab; keep it on one line"
    return None


def _one_line(text: str) -> str:
    problem = control_character_problem(text, multi_line=False)
    if problem:
        raise ValueError(problem)
    return text


def many_lines(text: str) -> str:
    """Return text that may run over several lines; raise ValueError if it holds a control character."""
    problem = control_character_problem(text, multi_line=True)
    if problem:
        raise ValueError(problem)
    return text


Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=500),
    AfterValidator(_one_line),
]
LongText = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=20_000), AfterValidator(many_lines)
]
Person = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=120),
    AfterValidator(_one_line),
]
ShortNote = Annotated[str, StringConstraints(max_length=500), AfterValidator(_one_line)]
"""Optional one-line text, such as a data point's missing_reason."""
Note = Annotated[str, StringConstraints(max_length=2000), AfterValidator(many_lines)]
"""An optional note of a few lines, such as on a data point."""

MAX_MAGNITUDE = 1e12
"""The largest size any number may have: above every NHS figure (the NHS budget is under £0.2
trillion), yet small enough that sums and charts of thousands of values stay finite and exact to
the penny (well inside a float's 2**53)."""

Number = Annotated[float, Field(allow_inf_nan=False, ge=-MAX_MAGNITUDE, le=MAX_MAGNITUDE)]
"""A finite number of a size the tracker can chart and sum; 1e308 or inf is refused."""

EARLIEST_DATE = date(2000, 1, 1)
"""The earliest date any field may hold: before every programme this tracker serves, so that a
slip such as 1779 is refused; the set-up forms' date pickers start here too."""

BASELINE_YEARS = 5
"""How far before its initiative's start a measure may have data or targets: a baseline (an SPC
chart wants 20 or more points) and comparisons with years before, e.g. before the pandemic."""


def too_early_problem(day: date) -> str | None:
    """Return why `day` is refused when it is before EARLIEST_DATE, else None."""
    if day >= EARLIEST_DATE:
        return None
    return (
        f"{day.isoformat()} is before {EARLIEST_DATE.day} {EARLIEST_DATE:%b %Y}, the earliest "
        "date the tracker takes; check the year"
    )


def _not_too_early(day: date) -> date:
    problem = too_early_problem(day)
    if problem:
        raise ValueError(problem)
    return day


Day = Annotated[date, AfterValidator(_not_too_early)]
"""A date no earlier than EARLIEST_DATE."""


def earliest_period(start: date) -> date:
    """Return the earliest period or date a measure of an initiative starting `start` may have."""
    try:
        back = start.replace(year=start.year - BASELINE_YEARS)
    except ValueError:  # 29 February
        back = start.replace(year=start.year - BASELINE_YEARS, day=28)
    return max(back, EARLIEST_DATE)


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
    # The member hides str.count on units (nothing counts within a unit's text); a plain name wins.
    count = "count"  # type: ignore[assignment]
    days = "days"
    minutes = "minutes"
    rate_per_1000 = "rate per 1,000"
    pounds = "£"


PERCENT_RANGE = (0.0, 100.0)
"""A share of a whole."""
MOST_COUNT = 1e9
"""A billion: above a year's GP appointments in England (about 350 million)."""
MOST_DAYS = 3653.0
"""Ten years: longer than any wait or stay an improvement measure tracks."""
MOST_MINUTES = 366 * 24 * 60.0
"""A leap year: a longer time would be reported in days."""
MOST_RATE_PER_1000 = 1e6
"""A thousand events for each of the thousand counted."""

UNIT_RANGES: dict[Unit, tuple[float, float]] = {
    Unit.percent: PERCENT_RANGE,
    Unit.count: (0.0, MOST_COUNT),
    Unit.days: (0.0, MOST_DAYS),
    Unit.minutes: (0.0, MOST_MINUTES),
    Unit.rate_per_1000: (0.0, MOST_RATE_PER_1000),
    # Money may be negative (savings, deficits, variances).
    Unit.pounds: (-MAX_MAGNITUDE, MAX_MAGNITUDE),
}
"""The values a measure in each unit may take unless the measure sets its own min and max."""


def plausible_range(
    unit: Unit | str, min_value: float | None = None, max_value: float | None = None
) -> tuple[float, float]:
    """Return (least, most) a measure's values may be: its own bounds, else its unit's."""
    low, high = UNIT_RANGES[Unit(unit)]
    return (
        low if min_value is None else min_value,
        high if max_value is None else max_value,
    )


UNIT_RANGES_HELP = "; ".join(
    f"{unit.value} {low:,.0f} to {high:,.0f}" if low >= 0 else f"{unit.value} any amount"
    for unit in Unit
    for low, high in [plausible_range(unit)]
)
"""Each unit's plausible range in words, for the help of a measure's min and max."""


def plain_number(value: float) -> str:
    """Return a number as people write a bound: 3,653 or 0.5, with no exponent."""
    return f"{value:,.0f}" if float(value).is_integer() and abs(value) < 1e15 else f"{value:,g}"


def implausible_problem(
    value: float,
    unit: Unit | str,
    min_value: float | None = None,
    max_value: float | None = None,
    measure: str = "",
) -> str | None:
    """Return why `value` is refused for a measure (outside its plausible range), else None."""
    low, high = plausible_range(unit, min_value, max_value)
    if low <= value <= high:
        return None
    if min_value is None and max_value is None:
        whose, action = f"for a {Unit(unit).value} measure (its plausible range)", "set"
    else:
        whose, action = f"for measure {measure} (its own plausible range)", "change"
    return (
        f"{value:g} is outside {plain_number(low)}–{plain_number(high)} {whose}; check the "
        f"value, or {action} the measure's min_value and max_value"
    )


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
    """What a person may do: see tracker.access_rules for each role's actions."""

    viewer = "viewer"
    editor = "editor"
    admin = "admin"


def _days_in_order(model: BaseModel, *names: str) -> None:
    """Raise ValueError naming the first of the model's day fields, in the order given, that is
    before the one given ahead of it (fields left empty are passed over)."""
    dated = [(n, getattr(model, n)) for n in names if getattr(model, n) is not None]
    for (before, early), (after, late) in zip(dated, dated[1:], strict=False):
        if late < early:
            raise ValueError(f"{after} {late} is before {before} {early}")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Programme(_Model):
    """A portfolio of initiatives with one senior responsible owner."""

    code: Code = Field(description="The programme's code.")
    name: Text = Field(description="The programme's name as the board knows it.")
    description: LongText = Field("", description="What the programme covers (optional).")
    sro: Person = Field(description="Senior responsible owner: the person accountable.")


class Initiative(_Model):
    """A change project with an aim (what, how much, by when)."""

    code: Code = Field(description="The initiative's code.")
    programme: Code = Field(description="Code of its programme.")
    name: Text = Field(description="Short name of the initiative.")
    aim: LongText = Field(description="The aim: what will improve, by how much, by when.")
    lead: Person = Field(description="The initiative lead, who gives the monthly check-in.")
    sponsor: Person = Field(description="The executive sponsor.")
    theme: Text = Field(description="Theme for grouping, e.g. Urgent and emergency care.")
    organisation: Text = Field(description="The organisation delivering it, e.g. a trust.")
    start_date: Day = Field(description="When the initiative started.")
    planned_end: Day = Field(description="When it is planned to end.")
    status: InitiativeStatus = Field(
        InitiativeStatus.active,
        description="Where it is in its life. Pausing or closing keeps all its history. "
        "Empty means active.",
    )
    checkin_frequency: Frequency = Field(
        Frequency.monthly, description="How often the lead checks in. Empty means monthly."
    )

    @model_validator(mode="after")
    def _end_after_start(self) -> Self:
        _days_in_order(self, "start_date", "planned_end")
        return self


class Measure(_Model):
    """A measure with its operational definition and the way that counts as better."""

    code: Code = Field(description="The measure's code, e.g. UEC-01-M1.")
    initiative: Code = Field(description="Code of its initiative.")
    name: Text = Field(description="Short name shown on charts.")
    definition: LongText = Field(
        description="Operational definition: numerator, denominator, inclusions and exclusions."
    )
    type: MeasureType = Field(description="Outcome, process or balancing (Model for Improvement).")
    unit: Unit = Field(description="The unit values are reported in.")
    direction: Direction = Field(
        description="Which way is better; neither gives no assurance icon."
    )
    frequency: Frequency = Field(
        description="How often it is reported: weekly periods start on a Monday, monthly on the 1st."
    )
    decimals: int = Field(
        default=1, ge=0, le=6, description="Decimal places to show, 0 to 6. Empty means 1."
    )
    data_source: Text = Field(description="Where the numbers come from, e.g. ECDS.")
    owner: Person = Field(description="Who supplies the data.")
    update_lag_days: int = Field(
        default=10,
        ge=0,
        le=366,
        description="Days after a period ends by which its value is due, 0 to 366. Empty means 10.",
    )
    min_value: Number | None = Field(
        None,
        description="The least plausible value: data or a target below it is refused as a slip. "
        f"Empty means the unit's ({UNIT_RANGES_HELP}).",
    )
    max_value: Number | None = Field(
        None,
        description="The most plausible value: data or a target above it is refused as a slip. "
        "Empty means the unit's.",
    )

    @model_validator(mode="after")
    def _range_upwards(self) -> Self:
        low, high = self.value_range
        if low >= high:
            raise ValueError(f"min_value {low:g} is not below max_value {high:g}")
        return self

    @property
    def value_range(self) -> tuple[float, float]:
        """Return (least, most) this measure's values and targets may be."""
        return plausible_range(self.unit, self.min_value, self.max_value)


class Target(_Model):
    """A target for a measure from a date; every revision is kept."""

    measure: Code = Field(description="Code of the measure.")
    value: Number = Field(description="The target value, in the measure's unit.")
    effective_from: Day = Field(description="The target applies from this date.")
    effective_to: Day | None = Field(None, description="Last date it applies (optional).")
    reason: Text = Field(description="Why this target: the plan or standard it comes from.")
    set_by: Person = Field(description="Who set it.")

    @model_validator(mode="after")
    def _range(self) -> Self:
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError("effective_to is before effective_from")
        return self


class TrajectoryPoint(_Model):
    """An explicit planned value for one period of a goal's trajectory."""

    period: Day
    value: Number


class Goal(_Model):
    """A goal: move a measure from a baseline to a target by a date, along a trajectory."""

    code: Code = Field(description="The goal's code, e.g. UEC-01-G1.")
    initiative: Code = Field(description="Code of its initiative.")
    statement: Text = Field(description="The goal in one sentence.")
    measure: Code = Field(description="Code of the measure it moves.")
    baseline_value: Number = Field(description="The measure's value at the baseline.")
    baseline_period: Day = Field(description="The period of the baseline.")
    target_value: Number = Field(description="The value to reach.")
    target_date: Day = Field(description="When to reach it.")
    trajectory: tuple[TrajectoryPoint, ...] = Field(
        (),
        description="Planned values by period as period=value pairs separated by semicolons, "
        "e.g. 2026-04-01=74; 2026-10-01=76. Empty means a straight line from baseline to target.",
    )
    """Empty means linear from baseline to target."""

    @model_validator(mode="after")
    def _dates(self) -> Self:
        if self.target_date <= self.baseline_period:
            raise ValueError(
                f"target_date {self.target_date} must be after baseline_period "
                f"{self.baseline_period}"
            )
        return self


VALUE_AND_MISSING_REASON = (
    "a value needs no missing_reason; clear it, or clear the value if it is really missing"
)
"""Why a data point may not have both: one says what it was, the other that it is missing."""


class DataPoint(_Model):
    """One value of a measure for one period (or an empty value with the reason it is missing)."""

    measure: Code = Field(description="Code of the measure.")
    period: Day = Field(
        description="Start of the period: a Monday (weekly), the 1st (monthly) or "
        "1 Jan/Apr/Jul/Oct (quarterly)."
    )
    value: Number | None = Field(description="The value, a number alone (no % or £ sign).")
    missing_reason: ShortNote = Field("", description="Why the value is empty, when it is.")
    note: Note = Field("", description="A note on this value (optional).")

    @model_validator(mode="after")
    def _value_or_reason(self) -> Self:
        if self.value is None and not self.missing_reason:
            raise ValueError("an empty value needs a missing_reason")
        if self.value is not None and self.missing_reason:
            raise ValueError(VALUE_AND_MISSING_REASON)
        return self

    def period_problem(self, frequency: Frequency) -> str | None:
        """Return why `period` is not a period start for `frequency`, or None when it is."""
        return period_start_error(self.period, frequency)


class Annotation(_Model):
    """A dated note on a measure; a recalculation or baseline changes how limits are computed."""

    measure: Code = Field(description="Code of the measure.")
    date: Day = Field(description="The date it applies from.")
    kind: AnnotationKind = Field(
        description="recalculation starts new limits; baseline fixes limits on the points up to "
        "the date; intervention and note only label the chart."
    )
    label: Text = Field(description="Short label shown on the chart.")
    reason: LongText = Field("", description="Why; required for a recalculation.")

    @model_validator(mode="after")
    def _recalc_reason(self) -> Self:
        if self.kind is AnnotationKind.recalculation and not self.reason:
            raise ValueError("a recalculation needs a reason")
        return self


class Milestone(_Model):
    """A dated deliverable of an initiative; forecast changes are kept as versions."""

    code: Code = Field(description="The milestone's code, e.g. UEC-01-MS1.")
    initiative: Code = Field(description="Code of its initiative.")
    title: Text = Field(description="What will be delivered.")
    owner: Person = Field(description="Who delivers it.")
    baseline_date: Day = Field(description="The date first agreed.")
    forecast_date: Day = Field(description="The date now expected.")
    completed_date: Day | None = Field(
        None, description="When it was done; only for a complete milestone."
    )
    status: MilestoneStatus = Field(
        MilestoneStatus.not_started, description="Delivery status. Empty means not started."
    )
    change_reason: LongText = Field("", description="Why the forecast moved (optional).")

    @model_validator(mode="after")
    def _complete(self) -> Self:
        if self.status is MilestoneStatus.complete and self.completed_date is None:
            raise ValueError("a complete milestone needs a completed_date")
        if self.completed_date is not None and self.status is not MilestoneStatus.complete:
            raise ValueError("a milestone with a completed_date must have status 'complete'")
        return self


PROGRESS_SCORES: tuple[float, ...] = tuple(n / 2 for n in range(1, 11))
"""The IHI project progress scale: 0.5 (intent to participate) to 5 (outstanding sustainable
results) in halves; vocabulary.PROGRESS_SCORE_WORDS gives each its wording."""


def score_problem(score: float) -> str | None:
    """Return why `score` is not on the IHI progress scale, or None when it is."""
    if score in PROGRESS_SCORES:
        return None
    return f"progress_score {score:g} is not on the scale: 0.5 to 5 in halves (0.5, 1, 1.5 … 5)"


class CheckIn(_Model):
    """The periodic update of an initiative: RAG, confidence and a four-part narrative."""

    initiative: Code
    period: Day
    rag: Rag
    confidence: int = Field(ge=1, le=5)
    progress: LongText = ""
    risks: LongText = ""
    next_steps: LongText = ""
    asks: LongText = ""
    author: Person = Field(description="Who wrote it: the person signed in when it was saved.")
    on_behalf_of: Person | Literal[""] = Field(
        "", description="Whom it was written for, if not the author (a lead away, say)."
    )
    progress_score: float | None = Field(
        None, description="The IHI project progress score, 0.5 to 5 in halves (optional)."
    )

    @model_validator(mode="after")
    def _score_on_scale(self) -> Self:
        problem = None if self.progress_score is None else score_problem(self.progress_score)
        if problem:
            raise ValueError(problem)
        return self


def _lower(text: str) -> str:
    return text.lower()


Email = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
    AfterValidator(_one_line),
    # Sign-in providers differ in the case they give an address in; a person is one address.
    AfterValidator(_lower),
]
"""An email address, lower-cased: how a person is known when they sign in."""


class User(_Model):
    """Someone who uses the tracker, known by their email; what they may do is in their grants."""

    name: Person
    email: Email


class Grant(_Model):
    """A role a person holds: over every initiative, or (an editor only) over one."""

    email: Email
    role: Role
    scope: Code | Literal[""] = Field(
        "", description="The initiative the role covers; empty for every initiative."
    )

    @model_validator(mode="after")
    def _scoped_editor(self) -> Self:
        if self.scope and self.role is not Role.editor:
            raise ValueError(
                f"a {self.role} role covers every initiative; only an editor is granted one"
            )
        return self


class DriverKind(StrEnum):
    """A node of a driver diagram, in the order the diagram reads left to right from the aim."""

    primary = "primary"
    secondary = "secondary"
    change_idea = "change idea"


DRIVER_PARENT: dict[DriverKind, DriverKind | None] = {
    DriverKind.primary: None,
    DriverKind.secondary: DriverKind.primary,
    DriverKind.change_idea: DriverKind.secondary,
}
"""The kind each kind of node links back to (a primary driver serves the aim itself)."""


class LinkStrength(StrEnum):
    """How sure the team is that a node drives the one it links to (solid or dotted line)."""

    strong = "strong"
    hypothesised = "hypothesised"


class DriverLink(_Model):
    """A link from a node to one it serves, with its strength."""

    code: Code
    strength: LinkStrength = LinkStrength.strong


class DriverNode(_Model):
    """A primary or secondary driver or a change idea of an initiative's driver diagram."""

    code: Code = Field(description="The node's code, e.g. UEC-01-P1.")
    initiative: Code = Field(description="Code of its initiative.")
    kind: DriverKind = Field(description="primary, secondary or change idea.")
    title: Text = Field(description="What the driver or change idea is, in a few words.")
    position: int = Field(
        1, ge=1, le=999, description="Its place in its column, top first. Empty means 1."
    )
    parents: tuple[DriverLink, ...] = Field(
        (),
        description="The nodes it serves, as codes separated by semicolons, each optionally "
        "=hypothesised (a dotted line), e.g. UEC-01-P1; UEC-01-P2=hypothesised. A primary "
        "driver has none: it serves the aim.",
    )
    measures: tuple[Code, ...] = Field(
        (), description="Codes of the measures that show it working, separated by semicolons."
    )

    @model_validator(mode="after")
    def _parents_fit_kind(self) -> Self:
        wanted = DRIVER_PARENT[self.kind]
        if wanted is None and self.parents:
            raise ValueError("a primary driver serves the aim and links to no other node (parents)")
        if wanted is not None and not self.parents:
            raise ValueError(
                f"a {self.kind.value} needs at least one {wanted.value} it serves (parents)"
            )
        codes = [p.code for p in self.parents]
        if self.code in codes:
            raise ValueError(
                f"{self.code} cannot serve itself (parents): a node may not be its own ancestor"
            )
        if len(set(codes)) < len(codes):
            raise ValueError("parents names the same node twice")
        return self


class ActDecision(StrEnum):
    """What a PDSA cycle's act step decided about the change it tested."""

    adopt = "adopt"
    adapt = "adapt"
    abandon = "abandon"


class PdsaCycle(_Model):
    """One plan-do-study-act cycle testing a change idea; every version is kept."""

    code: Code = Field(description="The cycle's code, e.g. UEC-01-C1-1.")
    change_idea: Code = Field(description="Code of the change idea it tests.")
    number: int = Field(ge=1, le=999, description="The cycle's number within its change idea.")
    follows: Code | None = Field(
        None, description="Code of the cycle it follows in a ramp (same change idea; optional)."
    )
    objective: Text = Field(description="Plan: the objective or question the cycle answers.")
    prediction: LongText = Field(description="Plan: what the team predicts will happen.")
    start_date: Day = Field(description="Plan: when the test starts.")
    end_date: Day = Field(description="Plan: when the test ends.")
    owner: Person = Field(description="Who runs the cycle.")
    measures: tuple[Code, ...] = Field(
        (), description="Codes of the measures that will show the result, separated by semicolons."
    )
    do_date: Day | None = Field(None, description="Do: when it was carried out (optional).")
    do_notes: LongText = Field("", description="Do: what happened, including the unplanned.")
    study_date: Day | None = Field(None, description="Study: when the results were studied.")
    study_notes: LongText = Field("", description="Study: the results against the prediction.")
    act_date: Day | None = Field(None, description="Act: when the team decided.")
    act_decision: ActDecision | None = Field(None, description="Act: adopt, adapt or abandon.")
    act_notes: LongText = Field("", description="Act: what the next cycle will do.")

    @model_validator(mode="after")
    def _steps_in_order(self) -> Self:
        _days_in_order(self, "start_date", "end_date")
        if self.follows == self.code:
            raise ValueError(f"{self.code} cannot follow itself")
        done = self.do_date is not None or bool(self.do_notes)
        studied = self.study_date is not None or bool(self.study_notes)
        acted = self.act_date is not None or self.act_decision is not None or bool(self.act_notes)
        if studied and not done:
            raise ValueError("a study needs a do first: write what happened (do_notes, do_date)")
        if acted and not studied:
            raise ValueError("an act needs a study first: write the results (study_notes)")
        if (self.act_decision is None) != (self.act_date is None):
            raise ValueError("an act needs both its act_decision and its act_date")
        _days_in_order(self, "do_date", "study_date", "act_date")
        return self


# Governance registers (issue 18): risks on the NHS 5 × 5 matrix and benefits by month.

MATRIX_SIDE = 5
"""The NHS (NPSA 2008) risk matrix scores likelihood and consequence each from 1 to 5."""

MatrixScore = Annotated[int, Field(ge=1, le=MATRIX_SIDE)]
"""A likelihood or consequence on the NHS 5 × 5 matrix."""


class RiskStatus(StrEnum):
    """Whether a risk is still managed."""

    open = "open"
    closed = "closed"


class RiskResponse(StrEnum):
    """How a risk is answered (the four Ts)."""

    treat = "treat"
    tolerate = "tolerate"
    transfer = "transfer"
    terminate = "terminate"


class RiskAction(_Model):
    """An action that brings a risk towards its target score."""

    action: Text = Field(description="What will be done.")
    owner: Person = Field(description="Who does it.")
    due: Day = Field(description="When it is due.")
    done: Day | None = Field(None, description="When it was done; empty while open.")


ACTION_SEPARATOR = "|"
"""Between an action's parts when actions are typed as text (a CSV cell, a workbook cell)."""
ACTION_PARTS = ("action", "owner", "due", "done")


def _actions_from_text(value: object) -> object:
    """Read actions typed one per line as `action | owner | due | done` (done optional)."""
    if not isinstance(value, str):
        return value
    found = []
    for line in value.splitlines():
        if line.strip():
            parts = [p.strip() for p in line.split(ACTION_SEPARATOR)]
            found.append({k: v for k, v in zip(ACTION_PARTS, parts, strict=False) if v})
    return tuple(found)


def actions_text(actions: "tuple[RiskAction, ...]") -> str:
    """Return actions as they are typed: one per line, `action | owner | due | done`."""
    return "\n".join(
        f" {ACTION_SEPARATOR} ".join(
            [a.action, a.owner, a.due.isoformat(), *([a.done.isoformat()] if a.done else [])]
        )
        for a in actions
    )


class Risk(_Model):
    """A risk to a programme or one of its initiatives; each review is kept as a version."""

    code: Code = Field(description="The risk's code, e.g. UEC-R01.")
    programme: Code = Field(description="Code of its programme.")
    initiative: Code | None = Field(
        None, description="Code of the initiative it threatens; empty for a programme risk."
    )
    title: Text = Field(description="The risk in a few words.")
    cause: LongText = Field(description="Because of … (the cause).")
    event: LongText = Field(description="… there is a risk that … (the event).")
    effect: LongText = Field(description="… which would lead to … (the effect).")
    category: Text = Field(description="Category, e.g. finance, workforce, quality.")
    owner: Person = Field(description="Who owns the risk.")
    identified: Day = Field(description="When it was identified.")
    last_reviewed: Day = Field(description="When it was last reviewed.")
    next_review: Day = Field(description="When it is next to be reviewed.")
    controls: LongText = Field("", description="Controls already in place and how well they work.")
    actions: Annotated[tuple[RiskAction, ...], BeforeValidator(_actions_from_text)] = Field(
        (),
        description="Actions, one per line: action | owner | due date | date done (if done).",
    )
    status: RiskStatus = Field(RiskStatus.open, description="Open or closed. Empty means open.")
    response: RiskResponse = Field(
        RiskResponse.treat, description="Treat, tolerate, transfer or terminate. Empty means treat."
    )
    initial_likelihood: MatrixScore = Field(description="Likelihood before any control, 1 to 5.")
    initial_consequence: MatrixScore = Field(description="Consequence before any control, 1 to 5.")
    current_likelihood: MatrixScore = Field(description="Likelihood now, 1 to 5.")
    current_consequence: MatrixScore = Field(description="Consequence now, 1 to 5.")
    target_likelihood: MatrixScore = Field(description="Likelihood after the actions, 1 to 5.")
    target_consequence: MatrixScore = Field(description="Consequence after the actions, 1 to 5.")
    review_note: LongText = Field("", description="What this review found (optional).")

    @property
    def current_score(self) -> int:
        """Return the current (residual) score, 1 to 25."""
        return self.current_likelihood * self.current_consequence

    @property
    def target_score(self) -> int:
        """Return the target score, 1 to 25."""
        return self.target_likelihood * self.target_consequence

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.target_score > self.current_score:
            raise ValueError(
                f"the target score {self.target_score} is above the current score "
                f"{self.current_score}; lower target_likelihood or target_consequence, since a "
                "target is where the risk's actions bring it down to"
            )
        _days_in_order(self, "last_reviewed", "next_review")
        _days_in_order(self, "identified", "last_reviewed")
        return self


NPSA_BANDS = (4, 8, 15)
"""The scores where the NPSA bands moderate, high and extreme begin (1–3 low, 4–6 moderate,
8–12 high, 15–25 extreme: "A risk matrix for risk managers", 2008)."""

NPSA_ESCALATION = 15
"""The score from which a risk goes to the board unless the programme sets its own line."""

MOST_SCORE = MATRIX_SIDE * MATRIX_SIDE


class RiskSettings(_Model):
    """A programme's risk bands and the score from which a risk goes to the board."""

    programme: Code = Field(description="Code of the programme.")
    moderate_from: int = Field(
        NPSA_BANDS[0], ge=2, le=MOST_SCORE, description="The score where moderate begins (NPSA: 4)."
    )
    high_from: int = Field(
        NPSA_BANDS[1], ge=2, le=MOST_SCORE, description="The score where high begins (NPSA: 8)."
    )
    extreme_from: int = Field(
        NPSA_BANDS[2], ge=2, le=MOST_SCORE, description="The score where extreme begins (NPSA: 15)."
    )
    escalation: int = Field(
        NPSA_ESCALATION, ge=1, le=MOST_SCORE,
        description="The score from which an open risk goes to the board (NPSA: 15).",
    )  # fmt: skip

    @model_validator(mode="after")
    def _ascending(self) -> Self:
        if not self.moderate_from < self.high_from < self.extreme_from:
            raise ValueError(
                "the bands must begin in order: moderate_from < high_from < extreme_from"
            )
        return self


class BenefitCategory(StrEnum):
    """The kind of benefit (HM Treasury business-case guidance)."""

    cash_releasing = "cash-releasing"
    non_cash_releasing = "non-cash-releasing"
    quality = "quality"
    societal = "societal"


def _first_of_month(day: date) -> date:
    if day.day != 1:
        raise ValueError(f"{day.isoformat()} is not the 1st of a month; give the month's 1st")
    return day


Month = Annotated[date, AfterValidator(_not_too_early), AfterValidator(_first_of_month)]
"""A month, as its 1st day."""

Confidence = Annotated[int, Field(ge=1, le=5)]
"""How sure someone is, 1 (not at all) to 5 (certain), as in a check-in."""


class Benefit(_Model):
    """A benefit an initiative delivers, with the months its planned profile covers."""

    code: Code = Field(description="The benefit's code, e.g. UEC-01-B1.")
    initiative: Code = Field(description="Code of the initiative that delivers it.")
    title: Text = Field(description="The benefit in a few words.")
    category: BenefitCategory = Field(
        description="Cash-releasing, non-cash-releasing, quality or societal."
    )
    dis_benefit: bool = Field(
        False, description="True for a dis-benefit (a loss the change brings)."
    )
    owner: Person = Field(description="The responsible officer.")
    unit: Text = Field(
        "£", description="What it is counted in: £, bed days, hours … Empty means £."
    )
    recurrent: bool = Field(True, description="True if it recurs each year.")
    baseline: Number = Field(0.0, description="The value before the change, in the unit.")
    profile_from: Month = Field(description="The first month of its planned profile.")
    profile_to: Month = Field(description="The last month of its planned profile.")
    measure: Code | None = Field(
        None, description="Code of one of the initiative's measures that should show it (optional)."
    )

    @model_validator(mode="after")
    def _profile(self) -> Self:
        _days_in_order(self, "profile_from", "profile_to")
        return self


class BenefitMonth(_Model):
    """One month of a benefit: planned, actual, and the forecast outturn for its financial year."""

    benefit: Code = Field(description="Code of the benefit.")
    month: Month = Field(description="The month, as its 1st day.")
    planned: Number | None = Field(None, description="Planned for the month, in the unit.")
    actual: Number | None = Field(None, description="Delivered in the month, in the unit.")
    forecast: Number | None = Field(
        None, description="Forecast outturn for the financial year (April–March) as at this month."
    )
    confidence: Confidence | None = Field(None, description="Confidence in the forecast, 1 to 5.")
