"""The words, symbol and colour of every closed vocabulary a reader sees, defined once per enum."""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from tracker.attention import ExceptionKind
from tracker.due import DueStatus
from tracker.models import (
    PROGRESS_SCORES,
    ActDecision,
    DriverKind,
    LinkStrength,
    MilestoneStatus,
    Rag,
)
from tracker.progress import GoalStatus
from tracker.risks import Band, Movement
from tracker.spc_settings import AssuranceIcon, PointType, VariationFamily, VariationIcon

# Making Data Count colours: MDC XmR checklist and NHSRplotthedots R/ptd_spc_colours.R, the
# blue, orange and grey each darkened to reach 3:1 against white and the charts' light bands
# (WCAG 1.4.11; MDC's #00B0F0, #E46C0A and #A6A6A6 reach 2.5, 3.3 and 2.4): same hues, same
# meaning. tests/charts/test_contrast.py checks every chart colour.
IMPROVEMENT_BLUE = "#0090D0"
CONCERN_ORANGE = "#D45F09"
NEUTRAL_PURPLE = "#490092"
COMMON_CAUSE_GREY = "#858585"
# NHS identity colours (https://www.england.nhs.uk/nhsidentity/), for RAG and plain states.
NHS_RED = "#D5281B"
WARM_YELLOW = "#FFB81C"
NHS_GREEN = "#007F3B"
NHS_BLUE = "#005EB8"
TEXT_BLACK = "#212B32"


@dataclass(frozen=True)
class Term:
    """How one enum member is shown: words, a symbol beside them and a colour.

    The symbol goes with the colour wherever a colour is used, so no reader relies on colour
    alone (colour-blind readers, black-and-white printing).
    """

    label: str
    symbol: str
    colour: str
    description: str = ""  # a longer plain-English reading, where a page explains the term
    marker: str = ""  # plotly marker shape, for terms drawn as chart points
    emoji: str = ""  # a coloured symbol for screens that cannot colour text (Streamlit tables)

    @property
    def text(self) -> str:
        """Return the symbol and the words: "✘ Off track"."""
        return f"{self.symbol} {self.label}"


POINT_TYPES: Mapping[PointType, Term] = {
    # Marker shapes differ as well as colours; the symbol is the marker's shape in text.
    PointType.common_cause: Term(
        "Common cause",
        "●",
        COMMON_CAUSE_GREY,
        description="Common cause variation",
        marker="circle",
    ),
    PointType.special_cause_improvement: Term(
        "Special cause improvement",
        "◆",
        IMPROVEMENT_BLUE,
        description="Special cause improvement",
        marker="diamond",
    ),
    PointType.special_cause_concern: Term(
        "Special cause concern",
        "■",
        CONCERN_ORANGE,
        description="Special cause concern",
        marker="square",
    ),
    PointType.special_cause_neutral_high: Term(
        "Special cause neutral (high)",
        "▲",
        NEUTRAL_PURPLE,
        description="Special cause variation (high), neither better nor worse",
        marker="triangle-up",
    ),
    PointType.special_cause_neutral_low: Term(
        "Special cause neutral (low)",
        "▼",
        NEUTRAL_PURPLE,
        description="Special cause variation (low), neither better nor worse",
        marker="triangle-down",
    ),
}

VARIATION_ICONS: Mapping[VariationIcon, Term] = {
    VariationIcon.common_cause: Term(
        "Common cause", "●", COMMON_CAUSE_GREY, "Common cause: no significant change"
    ),
    VariationIcon.improvement_high: Term(
        "Improvement (high)", "▲", IMPROVEMENT_BLUE, "Special cause improvement (high)"
    ),
    VariationIcon.improvement_low: Term(
        "Improvement (low)", "▼", IMPROVEMENT_BLUE, "Special cause improvement (low)"
    ),
    VariationIcon.concern_high: Term(
        "Concern (high)", "▲", CONCERN_ORANGE, "Special cause concern (high)"
    ),
    VariationIcon.concern_low: Term(
        "Concern (low)", "▼", CONCERN_ORANGE, "Special cause concern (low)"
    ),
    VariationIcon.neutral_high: Term(
        "Neutral (high)",
        "▲",
        NEUTRAL_PURPLE,
        "Special cause variation (high), neither improvement nor concern",
    ),
    VariationIcon.neutral_low: Term(
        "Neutral (low)",
        "▼",
        NEUTRAL_PURPLE,
        "Special cause variation (low), neither improvement nor concern",
    ),
    VariationIcon.none: Term("None", "–", TEXT_BLACK, "No variation icon (too few points)"),
}

VARIATION_FAMILIES: Mapping[VariationFamily, Term] = {
    VariationFamily.improvement: Term("Special cause improvement", "▲", IMPROVEMENT_BLUE),
    VariationFamily.concern: Term("Special cause concern", "▼", CONCERN_ORANGE),
    VariationFamily.neutral: Term("Special cause neutral", "◆", NEUTRAL_PURPLE),
    VariationFamily.common_cause: Term("Common cause", "●", COMMON_CAUSE_GREY),
    VariationFamily.none: Term("Too few points", "–", TEXT_BLACK),
}

ASSURANCE_ICONS: Mapping[AssuranceIcon, Term] = {
    AssuranceIcon.pass_: Term("Pass", "✔", IMPROVEMENT_BLUE, "Consistently passing the target"),
    AssuranceIcon.hit_and_miss: Term(
        "Hit and miss",
        "◐",
        COMMON_CAUSE_GREY,
        "Hit and miss: will sometimes meet the target",
    ),
    AssuranceIcon.fail: Term("Fail", "✘", CONCERN_ORANGE, "Consistently failing the target"),
    AssuranceIcon.none: Term("None", "–", TEXT_BLACK, "No assurance (no target or too few points)"),
}

GOAL_STATUSES: Mapping[GoalStatus, Term] = {
    GoalStatus.on_track: Term("On track", "✔", IMPROVEMENT_BLUE),
    GoalStatus.achieved: Term("Achieved", "★", NHS_GREEN),
    GoalStatus.at_risk: Term("At risk", "◐", WARM_YELLOW),
    GoalStatus.off_track: Term("Off track", "✘", CONCERN_ORANGE),
    GoalStatus.no_data: Term("No data", "–", COMMON_CAUSE_GREY),
}

RAGS: Mapping[Rag, Term] = {
    # The pack prints "●" in the colour; the screens show a coloured emoji instead.
    Rag.red: Term("Red", "●", NHS_RED, marker="square", emoji="🔴"),
    Rag.amber: Term("Amber", "●", WARM_YELLOW, marker="diamond", emoji="🟠"),
    Rag.green: Term("Green", "●", NHS_GREEN, marker="circle", emoji="🟢"),
}

EXCEPTION_KINDS: Mapping[ExceptionKind, Term] = {
    # Every exception is a call for attention, so all share the warning sign and MDC's orange,
    # but for hit and miss, which MDC draws grey.
    ExceptionKind.special_cause_concern: Term("Special cause concern", "⚠", CONCERN_ORANGE),
    ExceptionKind.assurance_fail: Term("Failing the target", "⚠", CONCERN_ORANGE),
    ExceptionKind.assurance_hit_and_miss: Term(
        "Hit and miss against the target", "⚠", COMMON_CAUSE_GREY
    ),
    ExceptionKind.goal_off_track: Term("Goal off track", "⚠", CONCERN_ORANGE),
    ExceptionKind.milestone_late: Term("Milestone late", "⚠", CONCERN_ORANGE),
    ExceptionKind.milestone_slipped: Term("Milestone slipped", "⚠", CONCERN_ORANGE),
    ExceptionKind.checkin_overdue: Term("Check-in overdue", "⚠", CONCERN_ORANGE),
    ExceptionKind.data_overdue: Term("Data overdue", "⚠", CONCERN_ORANGE),
    ExceptionKind.risk_above_line: Term("Risk above the escalation line", "⚠", CONCERN_ORANGE),
    ExceptionKind.risk_score_up: Term("Risk score up since the last pack", "⚠", CONCERN_ORANGE),
    ExceptionKind.benefit_claimed_with_concern: Term(
        "Benefit claimed while its measure shows concern", "⚠", CONCERN_ORANGE
    ),
    ExceptionKind.benefit_behind_plan: Term("Benefit behind plan", "⚠", CONCERN_ORANGE),
    ExceptionKind.risk_action_overdue: Term("Risk action overdue", "⚠", CONCERN_ORANGE),
    ExceptionKind.risk_review_overdue: Term("Risk review overdue", "⚠", CONCERN_ORANGE),
    ExceptionKind.pdsa_awaiting_study: Term("PDSA awaiting study", "⚠", CONCERN_ORANGE),
    ExceptionKind.pdsa_none_in_90_days: Term("No PDSA in 90 days", "⚠", CONCERN_ORANGE),
}

MILESTONE_STATUSES: Mapping[MilestoneStatus, Term] = {
    MilestoneStatus.not_started: Term("Not started", "○", COMMON_CAUSE_GREY),
    MilestoneStatus.on_track: Term("On track", "●", NHS_BLUE),
    MilestoneStatus.at_risk: Term("At risk", "◐", WARM_YELLOW),
    MilestoneStatus.late: Term("Late", "⚠", CONCERN_ORANGE),
    MilestoneStatus.complete: Term("Complete", "✔", NHS_GREEN),
}

DUE_STATUSES: Mapping[DueStatus, Term] = {
    DueStatus.overdue: Term("Overdue", "⚠", CONCERN_ORANGE),
    DueStatus.due: Term("Due", "⏳", NHS_BLUE),
}

DRIVER_KINDS: Mapping[DriverKind, Term] = {
    # A diagram's columns, left to right after the aim; each drawn in its own colour.
    DriverKind.primary: Term("Primary driver", "▶", NHS_BLUE),
    DriverKind.secondary: Term("Secondary driver", "▷", IMPROVEMENT_BLUE),
    DriverKind.change_idea: Term("Change idea", "◆", NEUTRAL_PURPLE),
}

LINK_STRENGTHS: Mapping[LinkStrength, Term] = {
    # IHI draws a strong link solid and a hypothesis dotted; plotly's dash name is the marker.
    LinkStrength.strong: Term("Strong", "━", TEXT_BLACK, marker="solid"),
    LinkStrength.hypothesised: Term("Hypothesised", "┅", COMMON_CAUSE_GREY, marker="dot"),
}

ACT_DECISIONS: Mapping[ActDecision, Term] = {
    ActDecision.adopt: Term("Adopt", "✔", NHS_GREEN, marker="triangle-up"),
    ActDecision.adapt: Term("Adapt", "↻", NHS_BLUE, marker="hexagon"),
    ActDecision.abandon: Term("Abandon", "✘", CONCERN_ORANGE, marker="x"),
}

PDSA_RUNNING = Term("Running", "⏳", COMMON_CAUSE_GREY, marker="circle")
"""A PDSA cycle with no act decision yet, as a chart and a list show it."""

PROGRESS_SCORE_WORDS: Mapping[float, str] = dict(
    zip(
        PROGRESS_SCORES,
        (
            "Intent to participate",
            "Forming team",
            "Planning for the project has begun",
            "Activity, but no changes",
            "Changes tested, but no improvement",
            "Modest improvement",
            "Improvement",
            "Significant improvement",
            "Sustainable improvement",
            "Outstanding sustainable results",
        ),
        strict=True,
    )
)
"""The IHI project progress scale's wording (as Life QI shows it), by score."""


def progress_score_text(score: object) -> str:
    """Return a progress score with its wording, "3.5 · Improvement"; "–" when none was given."""
    if score is None or score != score:  # None or NaN: no score given
        return "–"
    value = float(str(score))
    return f"{value:g} · {PROGRESS_SCORE_WORDS[value]}"


RISK_BANDS: Mapping[Band, Term] = {
    # NHS risk matrices colour the bands green, yellow, orange and red; the words always go with.
    Band.low: Term("Low", "○", NHS_GREEN, emoji="🟢"),
    Band.moderate: Term("Moderate", "◐", WARM_YELLOW, emoji="🟡"),
    Band.high: Term("High", "●", CONCERN_ORANGE, emoji="🟠"),
    Band.extreme: Term("Extreme", "⚠", NHS_RED, emoji="🔴"),
}

MOVEMENTS: Mapping[Movement, Term] = {
    Movement.up: Term("Up", "▲", CONCERN_ORANGE, "Score up since the last pack"),
    Movement.down: Term("Down", "▼", IMPROVEMENT_BLUE, "Score down since the last pack"),
    Movement.same: Term("Same", "▶", COMMON_CAUSE_GREY, "Score unchanged since the last pack"),
    Movement.new: Term("New", "★", NHS_BLUE, "New since the last pack"),
}

# Any: a mapping's key type is invariant, so Mapping[PointType, Term] is no Mapping[StrEnum, Term].
VOCABULARY: Mapping[type[StrEnum], Mapping[Any, Term]] = {
    PointType: POINT_TYPES,
    VariationIcon: VARIATION_ICONS,
    VariationFamily: VARIATION_FAMILIES,
    AssuranceIcon: ASSURANCE_ICONS,
    GoalStatus: GOAL_STATUSES,
    Rag: RAGS,
    ExceptionKind: EXCEPTION_KINDS,
    MilestoneStatus: MILESTONE_STATUSES,
    DueStatus: DUE_STATUSES,
    DriverKind: DRIVER_KINDS,
    LinkStrength: LINK_STRENGTHS,
    ActDecision: ACT_DECISIONS,
    Band: RISK_BANDS,
    Movement: MOVEMENTS,
}
"""Every enum shown to a reader → its terms; tests/test_vocabulary.py checks each is complete."""


def term(kind: type[StrEnum], value: object) -> Term:
    """Return how `value` (a member of `kind` or its stored text) is shown.

    Raises ValueError naming the allowed values when `value` is not one of them.
    """
    try:
        member = kind(str(value))
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise ValueError(f"{kind.__name__} {value!r} is not one of {allowed}") from None
    return VOCABULARY[kind][member]


def label(kind: type[StrEnum], value: object) -> str:
    """Return the words for `value`: "Off track"."""
    return term(kind, value).label


def text(kind: type[StrEnum], value: object) -> str:
    """Return the symbol and the words for `value`: "✘ Off track"."""
    return term(kind, value).text


def milestone_state(status: object, late: bool) -> str:
    """Return a milestone's state as symbol and words: "⚠ Late" once it is late, else its status.

    A complete milestone is never shown late; an open one past its forecast reads late whatever
    status its owner last set.
    """
    complete = str(status) == MilestoneStatus.complete
    return text(MilestoneStatus, MilestoneStatus.late if late and not complete else status)


RECORDS: Mapping[str, str] = {
    "programme": "Programme",
    "initiative": "Initiative",
    "measure": "Measure",
    "goal": "Goal",
    "target": "Target",
    "data_point": "Measure value",
    "milestone": "Milestone",
    "milestone_version": "Milestone",
    "check_in": "Check-in",
    "annotation": "Annotation",
    "app_user": "User",
    "person": "Person",
    "access_grant": "Access",
    "board_pack": "Board pack",
    "diagram_node": "Driver diagram node",
    "diagram_node_version": "Driver diagram node",
    "pdsa_cycle": "PDSA cycle",
    "pdsa_cycle_version": "PDSA cycle",
}
"""Each kind of record as people name it, by the table the audit log files it under."""

FIELDS: Mapping[str, str] = {
    "code": "Code",
    "programme": "Programme",
    "initiative": "Initiative",
    "measure": "Measure",
    "name": "Name",
    "description": "Description",
    "sro": "Senior responsible owner (SRO)",
    "aim": "Aim",
    "lead": "Lead",
    "sponsor": "Sponsor",
    "theme": "Theme",
    "organisation": "Organisation",
    "start_date": "Start date",
    "planned_end": "Planned end",
    "status": "Status",
    "checkin_frequency": "Check-in frequency",
    "definition": "Definition",
    "type": "Type",
    "unit": "Unit",
    "direction": "Which way is better",
    "frequency": "Frequency",
    "decimals": "Decimal places",
    "data_source": "Data source",
    "owner": "Owner",
    "update_lag_days": "Update lag (days)",
    "min_value": "Least plausible value",
    "max_value": "Most plausible value",
    "statement": "Statement",
    "baseline_value": "Baseline value",
    "baseline_period": "Baseline period",
    "target_value": "Target value",
    "target_date": "Target date",
    "trajectory": "Trajectory",
    "value": "Value",
    "effective_from": "From",
    "effective_to": "Until",
    "reason": "Reason",
    "set_by": "Set by",
    "period": "Period",
    "missing_reason": "Missing reason",
    "note": "Note",
    "date": "Date",
    "kind": "Kind",
    "label": "Label",
    "title": "Title",
    "baseline_date": "Baseline date",
    "forecast_date": "Forecast date",
    "completed_date": "Completed",
    "change_reason": "Reason for change",
    "rag": "RAG",
    "confidence": "Confidence",
    "progress": "Progress",
    "risks": "Risks and issues",
    "next_steps": "Next steps",
    "asks": "Asks of the board",
    "author": "Author",
    "on_behalf_of": "Written on behalf of",
    "scope": "Initiative covered",
    "email": "Email",
    "role": "Role",
    "cut_off": "Cut-off",
    "preset": "SPC rules",
    "filters": "Filters",
    "progress_score": "Progress score",
    "position": "Position",
    "parents": "Serves",
    "measures": "Measures",
    "change_idea": "Change idea",
    "number": "Cycle number",
    "follows": "Follows cycle",
    "objective": "Objective",
    "prediction": "Prediction",
    "end_date": "End date",
    "do_date": "Done",
    "do_notes": "Do: what happened",
    "study_date": "Studied",
    "study_notes": "Study: results",
    "act_date": "Decided",
    "act_decision": "Decision",
    "act_notes": "Act: next steps",
}
"""Every stored field as people name it; a field means the same wherever it is stored, so one
word serves every record. tests/test_vocabulary.py checks each audited model's fields are here.
CSV and Parquet exports keep the stored names: they are read by programs."""

REFERENCE_SUFFIX = "_id"
"""How the store names a field that refers to another record: initiative_id is the initiative."""


def record_words(entity: str) -> str:
    """Return a kind of record in words: 'milestone_version' → 'Milestone'.

    A table no word is known for reads as its own name in words, so an old audit row never hides.
    """
    return RECORDS.get(entity, entity.replace("_", " ").capitalize())


def field_words(field: str) -> str:
    """Return a stored field in words: 'forecast_date' → 'Forecast date', 'rag' → 'RAG'.

    A field that refers to another record reads as that record ('initiative_id' → 'Initiative');
    a field no word is known for reads as its own name in words.
    """
    name = field.removesuffix(REFERENCE_SUFFIX)
    return FIELDS.get(field, FIELDS.get(name, name.replace("_", " ").capitalize()))
