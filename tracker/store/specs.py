"""Each kind of record the store writes, as a spec of the one write engine (derived from its model)."""

from pydantic import BaseModel

from tracker.access_rules import Action
from tracker.models import (
    Annotation,
    CheckIn,
    DataPoint,
    Goal,
    Grant,
    Initiative,
    Measure,
    Milestone,
    Programme,
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
    # As a value's audit has always been: the trail shows its fields in the model's order.
    compact_audit=True,
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

ENTITIES: tuple[Spec, ...] = (PROGRAMMES, INITIATIVES, MEASURES, GOALS)
"""Coded entities, parents first: each is written before the kinds that refer to it."""

OF_MODEL: dict[type[BaseModel], Spec] = {
    s.model: s
    for s in (DATA_POINTS, TARGETS, MILESTONES, CHECK_INS, ANNOTATIONS, *ENTITIES, USERS, GRANTS)
}
"""The spec each model is written by."""

IMPORTED: dict[str, Spec] = {
    "datapoints": DATA_POINTS,
    "targets": TARGETS,
    "milestones": MILESTONES,
}
"""The kinds an import batch may hold, by the batch's kind."""
