"""The programme workbook's sheets and columns as data: names, kinds, allowed values and help text."""

from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel

from tracker import vocabulary
from tracker.models import (
    Annotation,
    AnnotationKind,
    DataPoint,
    Direction,
    Frequency,
    Goal,
    Initiative,
    InitiativeStatus,
    Measure,
    MeasureType,
    Milestone,
    MilestoneStatus,
    Programme,
    Target,
    Unit,
    plausible_range,
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


UNIT_RANGES_HELP = "; ".join(
    f"{unit.value} {low:,.0f} to {high:,.0f}" if low >= 0 else f"{unit.value} any amount"
    for unit in Unit
    for low, high in [plausible_range(unit)]
)
"""Each unit's plausible range in words, for the help of a measure's min and max."""

CODE_HELP = "Letters, digits and hyphens, up to 24 characters, e.g. UEC-01. Unique; never reuse."
DATE_HELP = "A date: an Excel date, or text as YYYY-MM-DD (e.g. 2026-04-01)."

PROGRAMME = Sheet(
    name="Programme",
    model=Programme,
    row="programme: a portfolio of initiatives with one senior responsible owner",
    key=("code",),
    columns=(
        Column("code", Kind.code, "The programme's code. " + CODE_HELP),
        Column("name", Kind.text, "The programme's name as the board knows it."),
        Column("description", Kind.long_text, "What the programme covers (optional)."),
        Column(
            "sro",
            Kind.text,
            "Senior responsible owner: the person accountable.",
        ),
    ),
)

INITIATIVES = Sheet(
    name="Initiatives",
    model=Initiative,
    row="initiative: a change project with an aim (what, how much, by when)",
    key=("code",),
    columns=(
        Column("code", Kind.code, "The initiative's code. " + CODE_HELP),
        Column("programme", Kind.reference, "Code of its programme.", refers_to="Programme"),
        Column("name", Kind.text, "Short name of the initiative."),
        Column("aim", Kind.long_text, "The aim: what will improve, by how much, by when."),
        Column("lead", Kind.text, "The initiative lead, who gives the monthly check-in."),
        Column("sponsor", Kind.text, "The executive sponsor."),
        Column("theme", Kind.text, "Theme for grouping, e.g. Urgent and emergency care."),
        Column("organisation", Kind.text, "The organisation delivering it, e.g. a trust."),
        Column("start_date", Kind.date, "When the initiative started. " + DATE_HELP),
        Column("planned_end", Kind.date, "When it is planned to end. " + DATE_HELP),
        Column(
            "status",
            Kind.choice,
            "Where it is in its life. Pausing or closing keeps all its history. "
            "Empty means active.",
            _choices(InitiativeStatus),
        ),
        Column(
            "checkin_frequency",
            Kind.choice,
            "How often the lead checks in. Empty means monthly.",
            _choices(Frequency),
        ),
    ),
)

MEASURES = Sheet(
    name="Measures",
    model=Measure,
    row="measure, with its operational definition",
    key=("code",),
    columns=(
        Column("code", Kind.code, "The measure's code, e.g. UEC-01-M1. " + CODE_HELP),
        Column("initiative", Kind.reference, "Code of its initiative.", refers_to="Initiatives"),
        Column("name", Kind.text, "Short name shown on charts."),
        Column(
            "definition",
            Kind.long_text,
            "Operational definition: numerator, denominator, inclusions and exclusions.",
        ),
        Column(
            "type",
            Kind.choice,
            "Outcome, process or balancing (Model for Improvement).",
            _choices(MeasureType),
        ),
        Column("unit", Kind.choice, "The unit values are reported in.", _choices(Unit)),
        Column(
            "direction",
            Kind.choice,
            "Which way is better; neither gives no assurance icon.",
            _choices(Direction),
        ),
        Column(
            "frequency",
            Kind.choice,
            "How often it is reported: weekly periods start on a Monday, monthly on the 1st.",
            _choices(Frequency),
        ),
        Column("decimals", Kind.integer, "Decimal places to show, 0 to 6. Empty means 1."),
        Column("data_source", Kind.text, "Where the numbers come from, e.g. ECDS."),
        Column("owner", Kind.text, "Who supplies the data."),
        Column(
            "update_lag_days",
            Kind.integer,
            "Days after a period ends by which its value is due, 0 to 366. Empty means 10.",
        ),
        Column(
            "min_value",
            Kind.number,
            "The least plausible value: data or a target below it is refused as a slip. Empty "
            "means the unit's (" + UNIT_RANGES_HELP + ").",
        ),
        Column(
            "max_value",
            Kind.number,
            "The most plausible value: data or a target above it is refused as a slip. Empty "
            "means the unit's.",
        ),
    ),
)

GOALS = Sheet(
    name="Goals",
    model=Goal,
    row="goal: move a measure from a baseline to a target by a date",
    key=("code",),
    columns=(
        Column("code", Kind.code, "The goal's code, e.g. UEC-01-G1. " + CODE_HELP),
        Column("initiative", Kind.reference, "Code of its initiative.", refers_to="Initiatives"),
        Column("statement", Kind.text, "The goal in one sentence."),
        Column("measure", Kind.reference, "Code of the measure it moves.", refers_to="Measures"),
        Column("baseline_value", Kind.number, "The measure's value at the baseline."),
        Column("baseline_period", Kind.date, "The period of the baseline. " + DATE_HELP),
        Column("target_value", Kind.number, "The value to reach."),
        Column("target_date", Kind.date, "When to reach it. " + DATE_HELP),
        Column(
            "trajectory",
            Kind.trajectory,
            "Planned values by period as period=value pairs separated by semicolons, e.g. "
            "2026-04-01=74; 2026-10-01=76. Empty means a straight line from baseline to target.",
        ),
    ),
)

TARGETS = Sheet(
    name="Targets",
    model=Target,
    row="target revision of a measure; a later revision never overwrites an earlier one",
    key=("measure", "effective_from"),
    columns=(
        Column("measure", Kind.reference, "Code of the measure.", refers_to="Measures"),
        Column("value", Kind.number, "The target value, in the measure's unit."),
        Column("effective_from", Kind.date, "The target applies from this date. " + DATE_HELP),
        Column("effective_to", Kind.date, "Last date it applies (optional). " + DATE_HELP),
        Column("reason", Kind.text, "Why this target: the plan or standard it comes from."),
        Column("set_by", Kind.text, "Who set it."),
    ),
)

MILESTONES = Sheet(
    name="Milestones",
    model=Milestone,
    row="milestone: a dated deliverable of an initiative; forecast changes keep earlier versions",
    key=("code",),
    columns=(
        Column("code", Kind.code, "The milestone's code, e.g. UEC-01-MS1. " + CODE_HELP),
        Column("initiative", Kind.reference, "Code of its initiative.", refers_to="Initiatives"),
        Column("title", Kind.text, "What will be delivered."),
        Column("owner", Kind.text, "Who delivers it."),
        Column("baseline_date", Kind.date, "The date first agreed. " + DATE_HELP),
        Column("forecast_date", Kind.date, "The date now expected. " + DATE_HELP),
        Column(
            "completed_date",
            Kind.date,
            "When it was done; only for a complete milestone. " + DATE_HELP,
        ),
        Column(
            "status",
            Kind.choice,
            "Delivery status. Empty means not started.",
            _choices(MilestoneStatus),
        ),  # fmt: skip
        Column("change_reason", Kind.long_text, "Why the forecast moved (optional)."),
    ),
)

ANNOTATIONS = Sheet(
    name="Annotations",
    model=Annotation,
    row="annotation: a dated note on a measure's chart (a recalculation or baseline moves its limits)",
    key=("measure", "date", "kind"),
    columns=(
        Column("measure", Kind.reference, "Code of the measure.", refers_to="Measures"),
        Column("date", Kind.date, "The date it applies from. " + DATE_HELP),
        Column(
            "kind",
            Kind.choice,
            "recalculation starts new limits; baseline fixes limits on the points up to the "
            "date; intervention and note only label the chart.",
            _choices(AnnotationKind),
        ),
        Column("label", Kind.text, "Short label shown on the chart."),
        Column("reason", Kind.long_text, "Why; required for a recalculation."),
    ),
)

DATA_POINTS = Sheet(
    name="DataPoints",
    model=DataPoint,
    row="measure and period: its value, or why it is missing",
    key=("measure", "period"),
    columns=(
        Column("measure", Kind.reference, "Code of the measure.", refers_to="Measures"),
        Column(
            "period",
            Kind.date,
            "Start of the period: a Monday (weekly), the 1st (monthly) or 1 Jan/Apr/Jul/Oct "
            "(quarterly). " + DATE_HELP,
        ),
        Column("value", Kind.number, "The value, a number alone (no % or £ sign)."),
        Column("missing_reason", Kind.text, "Why the value is empty, when it is."),
        Column("note", Kind.long_text, "A note on this value (optional)."),
    ),
)

SHEETS: tuple[Sheet, ...] = (
    PROGRAMME, INITIATIVES, MEASURES, GOALS, TARGETS, MILESTONES, ANNOTATIONS, DATA_POINTS,
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
    "code creates one. Targets, milestone forecasts and data values keep their earlier "
    "versions; nothing is overwritten silently.",
    "Load it with `tracker load FILE.xlsx --dry-run` to see what would change, then without "
    "--dry-run, or upload it on the Set-up › Programme workbook page. Every sheet is checked "
    "first; any problem rejects the whole workbook and lists each as sheet, row, column: reason.",
    "Dates are Excel dates or text as YYYY-MM-DD. Numbers are numbers alone, with no % or £ sign.",
)
