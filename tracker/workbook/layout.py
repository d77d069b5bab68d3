"""The programme workbook's sheets and columns as data: names, kinds, allowed values and help text."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import UnionType
from typing import Annotated, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from tracker import vocabulary
from tracker.models import (
    CODE_PATTERN,
    Annotation,
    Benefit,
    BenefitMonth,
    DataPoint,
    DriverLink,
    DriverNode,
    Goal,
    Initiative,
    Measure,
    Milestone,
    PdsaCycle,
    Programme,
    Risk,
    RiskAction,
    RiskSettings,
    Target,
    TrajectoryPoint,
    many_lines,
)


class Kind(StrEnum):
    """What a column holds, which decides how a cell is read, written and checked."""

    code = "code"
    reference = "reference"
    text = "text"
    long_text = "long text"
    date = "date"
    number = "number"
    integer = "whole number"
    choice = "choice"
    trajectory = "trajectory"
    links = "links"
    codes = "codes"
    actions = "actions"
    boolean = "true or false"


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its header (a model field name), kind and the help shown to users."""

    name: str
    kind: Kind
    help: str
    choices: tuple[str, ...] = ()
    refers_to: str = ""
    """For a reference: the sheet whose codes it names (or the database's)."""

    @property
    def label(self) -> str:
        """Return the field in words, as forms and the README name it: 'Planned end'."""
        return vocabulary.field_words(self.name)


@dataclass(frozen=True)
class Sheet:
    """One entity sheet: the model its rows become, what a row is, and its columns in order."""

    name: str
    model: type[BaseModel]
    row: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    """Columns that identify a row: a second row with the same key is a duplicate."""

    def column(self, name: str) -> Column:
        """Return the column called `name`."""
        return next(c for c in self.columns if c.name == name)

    def required(self, name: str) -> bool:
        """Return True when a row must fill in this column (no default in the model)."""
        return self.model.model_fields[name].is_required()


def _choices(vocabulary: type[StrEnum]) -> tuple[str, ...]:
    return tuple(member.value for member in vocabulary)


CODE_HELP = "Letters, digits and hyphens, up to 24 characters, e.g. UEC-01. Unique; never reuse."
DATE_HELP = "A date: an Excel date, or text as YYYY-MM-DD (e.g. 2026-04-01)."

REFERENCES = {
    "programme": "Programme",
    "initiative": "Initiatives",
    "measure": "Measures",
    "change_idea": "Drivers",
    "benefit": "Benefits",
}
"""A code field named after a kind of record names one of them: the sheet its codes are on."""

_SUFFIX = {Kind.code: " " + CODE_HELP, Kind.date: " " + DATE_HELP}
"""Help every column of a kind ends with, after its field's own description."""


def _type(info: FieldInfo) -> tuple[object, list[object]]:
    """Return a field's type without `| None`, and its metadata with that of an inner Annotated."""
    annotation, metadata = info.annotation, list(info.metadata)
    if get_origin(annotation) in (Union, UnionType):
        annotation = next(a for a in get_args(annotation) if a is not type(None))
        metadata += list(getattr(annotation, "__metadata__", ()))
        annotation = get_args(annotation)[0] if get_origin(annotation) is Annotated else annotation
    return annotation, metadata


_LISTS: dict[object, Kind] = {
    TrajectoryPoint: Kind.trajectory, DriverLink: Kind.links, RiskAction: Kind.actions,
}  # fmt: skip
"""A field holding several items of a model, by the model: each kind is written as text its own
way; a field of several codes is Kind.codes."""


def _kind(name: str, info: FieldInfo) -> Kind:
    """Return what a model field holds, from its type: the model is the one definition."""
    annotation, metadata = _type(info)
    if isinstance(annotation, type) and issubclass(annotation, StrEnum):
        return Kind.choice
    if get_origin(annotation) is tuple:
        return _LISTS.get(get_args(annotation)[0], Kind.codes)
    simple: dict[object, Kind] = {
        bool: Kind.boolean,
        date: Kind.date,
        float: Kind.number,
        int: Kind.integer,
    }
    if annotation in simple:
        return simple[annotation]
    if any(getattr(m, "pattern", None) == CODE_PATTERN for m in metadata):
        return Kind.reference if name in REFERENCES else Kind.code
    if any(getattr(m, "func", None) is many_lines for m in metadata):
        return Kind.long_text
    return Kind.text


def columns_of(model: type[BaseModel]) -> tuple[Column, ...]:
    """Return a sheet's columns: the model's fields in order, each with its description as help."""
    found = []
    for name, info in model.model_fields.items():
        kind = _kind(name, info)
        choices = _choices(_type(info)[0]) if kind is Kind.choice else ()  # type: ignore[arg-type]
        found.append(
            Column(
                name,
                kind,
                (info.description or "") + _SUFFIX.get(kind, ""),
                choices,
                REFERENCES.get(name, "") if kind is Kind.reference else "",
            )
        )
    return tuple(found)


PROGRAMME = Sheet(
    name="Programme",
    model=Programme,
    row="programme: a portfolio of initiatives with one senior responsible owner",
    key=("code",),
    columns=columns_of(Programme),
)

INITIATIVES = Sheet(
    name="Initiatives",
    model=Initiative,
    row="initiative: a change project with an aim (what, how much, by when)",
    key=("code",),
    columns=columns_of(Initiative),
)

MEASURES = Sheet(
    name="Measures",
    model=Measure,
    row="measure, with its operational definition",
    key=("code",),
    columns=columns_of(Measure),
)

GOALS = Sheet(
    name="Goals",
    model=Goal,
    row="goal: move a measure from a baseline to a target by a date",
    key=("code",),
    columns=columns_of(Goal),
)

TARGETS = Sheet(
    name="Targets",
    model=Target,
    row="target revision of a measure; a later revision never overwrites an earlier one",
    key=("measure", "effective_from"),
    columns=columns_of(Target),
)

MILESTONES = Sheet(
    name="Milestones",
    model=Milestone,
    row="milestone: a dated deliverable of an initiative; forecast changes keep earlier versions",
    key=("code",),
    columns=columns_of(Milestone),
)

ANNOTATIONS = Sheet(
    name="Annotations",
    model=Annotation,
    row="annotation: a dated note on a measure's chart (a recalculation or baseline moves its limits)",
    key=("measure", "date", "kind"),
    columns=columns_of(Annotation),
)

DATA_POINTS = Sheet(
    name="DataPoints",
    model=DataPoint,
    row="measure and period: its value, or why it is missing",
    key=("measure", "period"),
    columns=columns_of(DataPoint),
)

DRIVERS = Sheet(
    name="Drivers",
    model=DriverNode,
    row="driver diagram node: a primary or secondary driver or a change idea, with its links",
    key=("code",),
    columns=columns_of(DriverNode),
)

PDSA = Sheet(
    name="PDSA",
    model=PdsaCycle,
    row="PDSA cycle testing a change idea; a changed cycle keeps its earlier versions",
    key=("code",),
    columns=columns_of(PdsaCycle),
)

RISK_SETTINGS = Sheet(
    name="RiskSettings",
    model=RiskSettings,
    row="programme's own risk bands and escalation line (a programme without one uses NPSA's)",
    key=("programme",),
    columns=columns_of(RiskSettings),
)

RISKS = Sheet(
    name="Risks",
    model=Risk,
    row="risk, with its scores and actions; a review keeps the earlier versions",
    key=("code",),
    columns=columns_of(Risk),
)

BENEFITS = Sheet(
    name="Benefits",
    model=Benefit,
    row="benefit an initiative delivers, with the months its planned profile covers",
    key=("code",),
    columns=columns_of(Benefit),
)

BENEFIT_MONTHS = Sheet(
    name="BenefitMonths",
    model=BenefitMonth,
    row="benefit and month: planned, actual and forecast outturn; changes keep earlier versions",
    key=("benefit", "month"),
    columns=columns_of(BenefitMonth),
)

SHEETS: tuple[Sheet, ...] = (
    PROGRAMME, INITIATIVES, MEASURES, GOALS, TARGETS, MILESTONES, ANNOTATIONS, DRIVERS, PDSA,
    RISK_SETTINGS, RISKS, BENEFITS, BENEFIT_MONTHS, DATA_POINTS,
)  # fmt: skip
"""Entity sheets in load order: every sheet refers only to sheets before it."""

SHEET_BY_MODEL: dict[type[BaseModel], Sheet] = {s.model: s for s in SHEETS}

README = "README"
LISTS = "Lists"
"""A hidden sheet holding the allowed values that the data-validation lists point at."""

INTRO = (
    "Programme workbook for the improvement tracker.",
    "Fill in one row per item on each sheet. Keep the header row as it is: its names are what "
    "the tracker reads. Leave a sheet empty (or delete it) when you have nothing for it.",
    "Codes are stable identifiers: a row whose code already exists updates that item; a new "
    "code creates one. Targets, milestone forecasts, PDSA cycles, risk reviews, benefit months "
    "and data values keep their earlier versions; nothing is overwritten silently. A row left "
    "off a sheet is kept as it is, not deleted.",
    "Load it with `tracker load FILE.xlsx --dry-run` to see what would change, then without "
    "--dry-run, or upload it on the Set-up › Programme workbook page. Every sheet is checked "
    "first; any problem rejects the whole workbook and lists each as sheet, row, column: reason.",
    "Dates are Excel dates or text as YYYY-MM-DD. Numbers are numbers alone, with no % or £ sign.",
    "Lists of codes are separated by semicolons (UEC-01-M1; UEC-01-M2); a risk's actions are one "
    "per line, as action | owner | due date | date done.",
)
