"""Each kind of record the store writes, as a spec of the one write engine (derived from its model)."""

from pydantic import BaseModel

from tracker.access_rules import Action
from tracker.models import (
    Annotation,
    Benefit,
    BenefitMonth,
    CheckIn,
    DataPoint,
    DriverNode,
    Goal,
    Grant,
    Initiative,
    Measure,
    Milestone,
    PdsaCycle,
    Programme,
    Risk,
    RiskSettings,
    Target,
    User,
)
from tracker.store.engine import Ref, Spec

_MEASURE = Ref("measure", "measure")
_INITIATIVE = Ref("initiative", "initiative")

DATA_POINTS = Spec(
    "data_point",
    DataPoint,
    keys=("measure", "period"),
    refs=(_MEASURE,),
    batched=True,
    code="measure || ' ' || CAST(period AS VARCHAR)",
    action=Action.values,
)
TARGETS = Spec(
    "target",
    Target,
    keys=("measure", "effective_from"),
    refs=(_MEASURE,),
    batched=True,
    code="measure",
)
MILESTONES = Spec(
    "milestone_version",
    Milestone,
    keys=("code",),
    refs=(Ref("code", "milestone"),),
    identity=(_INITIATIVE,),
    batched=True,
    code="code",
    action=Action.milestones,
)
CHECK_INS = Spec("check_in", CheckIn, keys=("initiative", "period"), refs=(_INITIATIVE,),
                 code="initiative", action=Action.check_ins)  # fmt: skip
ANNOTATIONS = Spec(
    "annotation",
    Annotation,
    keys=("measure", "date", "kind"),
    refs=(_MEASURE,),
    in_place=True,
    audit_keys=("date", "kind"),
    code="measure",
    action=Action.annotations,
)
PROGRAMMES = Spec("programme", Programme, keys=("code",), in_place=True, create_keys=("code",),
                  code="code")  # fmt: skip
INITIATIVES = Spec(
    "initiative",
    Initiative,
    keys=("code",),
    refs=(Ref("programme", "programme"),),
    in_place=True,
    create_keys=("code",),
    code="code",
)
MEASURES = Spec("measure", Measure, keys=("code",), refs=(_INITIATIVE,), in_place=True,
                create_keys=("code",), code="code")  # fmt: skip
GOALS = Spec(
    "goal",
    Goal,
    keys=("code",),
    refs=(_INITIATIVE, _MEASURE),
    in_place=True,
    create_keys=("code",),
    code="code",
)
USERS = Spec("person", User, keys=("email",), in_place=True, code="email", action=Action.access)
GRANTS = Spec("access_grant", Grant, keys=("email", "scope"), code="email", action=Action.access)
DIAGRAM_NODES = Spec(
    "diagram_node_version",
    DriverNode,
    keys=("code",),
    refs=(Ref("code", "diagram_node"),),
    identity=(_INITIATIVE,),
    code="code",
)
"""A driver diagram's nodes: each belongs to its initiative through its identity row."""
PDSA_CYCLES = Spec(
    "pdsa_cycle_version",
    PdsaCycle,
    keys=("code",),
    refs=(Ref("code", "pdsa_cycle"),),
    identity=(Ref("change_idea", "diagram_node"),),
    code="code",
    # A lead updates the cycles that are running in the check-in.
    action=Action.check_ins,
)
"""PDSA cycles: each belongs to its change idea (a diagram node), and so to its initiative."""

ENTITIES: tuple[Spec, ...] = (PROGRAMMES, INITIATIVES, MEASURES, GOALS)
"""Coded entities, parents first: each is written before the kinds that refer to it."""

OF_MODEL: dict[type[BaseModel], Spec] = {
    s.model: s
    for s in (
        DATA_POINTS,
        TARGETS,
        MILESTONES,
        CHECK_INS,
        ANNOTATIONS,
        *ENTITIES,
        USERS,
        GRANTS,
        DIAGRAM_NODES,
        PDSA_CYCLES,
    )
}
"""The spec each model is written by."""

IMPORTED: dict[str, Spec] = {
    "datapoints": DATA_POINTS,
    "targets": TARGETS,
    "milestones": MILESTONES,
}
"""The kinds an import batch may hold, by the batch's kind."""

# Governance registers (issue 18). A risk names its programme and, unless it is the programme's
# own, its initiative; a benefit its initiative; so each row leads to its initiative or programme.
RISKS = Spec(
    "risk",
    Risk,
    keys=("code",),
    refs=(Ref("programme", "programme"), _INITIATIVE),
    code="code",
    # A lead reviews their initiative's risks in the check-in.
    action=Action.check_ins,
)
RISK_SETTINGS = Spec("risk_setting", RiskSettings, keys=("programme",),
                     refs=(Ref("programme", "programme"),), in_place=True, code="programme")  # fmt: skip
BENEFITS = Spec("benefit", Benefit, keys=("code",), refs=(_INITIATIVE, _MEASURE), in_place=True,
                create_keys=("code",), code="code")  # fmt: skip
BENEFIT_MONTHS = Spec(
    "benefit_month",
    BenefitMonth,
    keys=("benefit", "month"),
    refs=(Ref("benefit", "benefit"),),
    code="benefit || ' ' || CAST(month AS VARCHAR)",
    # A lead enters a month's actual and forecast in the check-in.
    action=Action.check_ins,
)
REGISTERS: tuple[Spec, ...] = (RISK_SETTINGS, RISKS, BENEFITS, BENEFIT_MONTHS)
"""The registers' kinds, parents first."""
OF_MODEL.update({s.model: s for s in REGISTERS})
