"""Read the audit trail for an initiative or a person: filtered and paged by the store, in words."""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

import pandas as pd

from tracker import formatting, vocabulary
from tracker.importers.preview import shown
from tracker.models import Unit
from tracker.store import Database, queries

SHOWN = 1_000
"""Newest rows read: enough for any review; narrow the filters to see older ones."""

ACTIONS = {"create": "➕ Created", "update": "✎ Changed", "delete": "✖ Withdrawn"}
"""Each audited action in words, with a symbol, for the Audit page and `tracker audit`."""

TRAIL_COLUMNS = ["id", "at", "who", "action", "entity", "code", "record", "change"]

MEASURE_VALUES = frozenset({"value", "baseline_value", "target_value", "min_value", "max_value"})
"""Fields holding a value of a measure, shown with the measure's unit."""

OF_A_MEASURE = frozenset({"data_point", "target", "measure"})
"""Records whose audit code starts with their measure's code, so their values have its unit."""

EMPTY = shown(None)
"""How an empty value reads: a creation or withdrawal leaves such fields out."""

TRAJECTORY = "trajectory"
"""A goal's planned values, stored as JSON: shown as period and value pairs."""

ISO_DATE = len("2026-11-23")
"""Characters of an ISO date, which ISO time text starts with."""

NOT_SHOWN = frozenset({"id"})
"""Stored fields that mean nothing to a reader: a withdrawal keeps the row's internal id."""


@dataclass(frozen=True, eq=False)
class AuditTrail:
    """The newest audit rows that match, newest first, and whether older ones match too.

    `rows` has TRAIL_COLUMNS: id, at (UTC), who, action (create, update or delete), entity (the
    table), code (as stored), record (the record in words, e.g. 'Measure value UEC-01-M1,
    Sep 2026') and change (what changed, in words: see readable()).
    """

    rows: pd.DataFrame
    more: bool


def authors(db: Database) -> list[str]:
    """Return everyone who has changed anything, in name order: the choices of a person filter."""
    return queries.audit_authors(db)


def audit_trail(
    db: Database,
    *,
    who: str | None = None,
    initiative: str | None = None,
    entity: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int = SHOWN,
) -> AuditTrail:
    """Return the newest `limit` audit rows matching every filter given (None: any), newest first.

    `initiative` keeps that initiative's rows and those of its measures (values, targets,
    annotations), milestones and goals; `since` and `until` are whole days (UTC), both included.
    The store filters and pages, so a million-row log costs no more to read than a small one.
    """
    log = queries.audit_log(
        db,
        who=who,
        entity=entity,
        initiative=initiative,
        since=None if since is None else datetime.combine(since, time.min),
        until=None if until is None else datetime.combine(until, time.max),
        limit=limit + 1,  # one more than shown tells whether older rows match too
    )
    page = log.head(limit)
    measures = queries.measures(db).set_index("code")
    codes = queries.record_codes(db)
    change = []
    for entity, code, before, after in zip(
        page["entity"], page["code"], page["before"], page["after"], strict=True
    ):
        old, new = _named(before, codes), _named(after, codes)
        # A goal names its measure among its fields; other measures' records by their code.
        measure = (new or old or {}).get("measure") if entity == "goal" else code.split(" ")[0]
        mine = entity in OF_A_MEASURE or entity == "goal"
        unit = measures["unit"].get(measure) if mine else None
        change.append(change_words(old, new, unit))
    days = queries.record_days(db, [int(i) for i in page["entity_id"]])
    check_ins = queries.initiatives(db).set_index("code")["checkin_frequency"]
    names = [
        audited_record(entity, code, measures["frequency"])
        if entity in DATED_CODES
        else record_name(
            entity, code, days.get(row_id), check_ins.get(code, "") if entity == "check_in" else ""
        )
        for entity, code, row_id in zip(
            page["entity"], page["code"], page["entity_id"], strict=True
        )
    ]
    rows = page.assign(
        record=pd.Series(names, index=page.index, dtype=object),
        change=pd.Series(change, index=page.index, dtype=object),
    )
    return AuditTrail(rows=rows[TRAIL_COLUMNS].reset_index(drop=True), more=len(log) > limit)


def record_name(entity: str, code: str, day: date | None = None, frequency: str = "") -> str:
    """Return a record as people name it: 'Measure value UEC-01-M1, Sep 2026', 'Milestone X'.

    `day` is the record's date key (a value's or check-in's period, a target's start), shown as
    its period when `frequency` is given, else as a date.
    """
    noun = vocabulary.record_words(entity)
    if day is None:
        return f"{noun} {code}"
    if entity == "target":
        return f"{noun} {code} from {formatting.uk_date(day)}"
    when = formatting.period_label(day, frequency) if frequency else formatting.uk_date(day)
    return f"{noun} {code}, {when}"


DATED_CODES = ("data_point", "benefit_month")
"""Kinds whose audit code is their parent's code and a day ('UEC-01-M1 2026-09-01')."""


def audited_record(entity: str, code: str, frequencies: pd.Series) -> str:
    """Return a record named by its audit code in words: a value's code 'MEASURE YYYY-MM-DD' as
    that measure's period (`frequencies` holds each measure's, by code), a benefit month's
    'BENEFIT YYYY-MM-DD' as its month."""
    parent, _, day = code.partition(" ")
    if entity not in DATED_CODES or not day:
        return record_name(entity, code)
    frequency = frequencies.get(parent, "") if entity == "data_point" else "monthly"
    return record_name(entity, parent, date.fromisoformat(day), frequency)


def readable(
    before: object, after: object, unit: str | None = None, codes: Mapping[int, str] | None = None
) -> str:
    """Return an audit row's change in words (see change_words) from its JSON before and after;
    `codes` names the records its fields refer to by id (queries.record_codes)."""
    return change_words(_named(before, codes or {}), _named(after, codes or {}), unit)


def _named(stored: object, codes: Mapping[int, str]) -> dict[str, object] | None:
    """Return an audit row's JSON fields, each reference by id as the code of what it names
    ('initiative_id': 73 → 'initiative': 'UEC-01'); None when there is no JSON."""
    if not isinstance(stored, str):
        return None
    named: dict[str, object] = {}
    for field, value in json.loads(stored).items():
        if (
            field.endswith(vocabulary.REFERENCE_SUFFIX)
            and isinstance(value, int)
            and value in codes
        ):
            named[field.removesuffix(vocabulary.REFERENCE_SUFFIX)] = codes[value]
        else:
            named[field] = value
    return named


def change_words(
    old: Mapping[str, object] | None, new: Mapping[str, object] | None, unit: str | None = None
) -> str:
    """Return a change as 'Field: old → new; …' in words (a creation lists its values; a
    withdrawal its old ones). Dates read as 23 Nov 2026; a measure's values carry `unit`.

    A field still referring to another record by its internal id (one since deleted) is left
    out: the id means nothing to a reader, and the record's code says where it belongs.
    """
    before = _shown_fields(old or {})
    after = _shown_fields(new or {})

    def said(field: str, value: object) -> str:
        return value_words(field, value, unit)

    if not before or not after:
        listed = "; ".join(
            f"{vocabulary.field_words(k)}: {said(k, v)}"
            for k, v in (after or before).items()
            if said(k, v) != EMPTY
        )
        return listed if not before else "withdrawn: " + listed
    # Compared as shown, so an empty cell read as NaN equals itself.
    return "; ".join(
        f"{vocabulary.field_words(k)}: {said(k, before.get(k))} → {said(k, v)}"
        for k, v in after.items()
        if said(k, before.get(k)) != said(k, v)
    )


def _shown_fields(values: Mapping[str, object]) -> dict[str, object]:
    return {
        k: v
        for k, v in values.items()
        if k not in NOT_SHOWN and not k.endswith(vocabulary.REFERENCE_SUFFIX)
    }


def value_words(field: str, value: object, unit: str | None = None) -> str:
    """Return a stored value as a reader sees it: a measure's value with its unit ('77.7%'),
    a date as 23 Nov 2026, an empty one as '(empty)'."""
    if field == TRAJECTORY:
        planned = json.loads(value) if isinstance(value, str) else value
        if isinstance(planned, list) and planned:
            return ", ".join(
                f"{formatting.uk_date(p['period'])} {value_words('value', p['value'], unit)}"
                for p in planned
            )
        return EMPTY  # no points: a straight line from baseline to target
    if isinstance(value, dict):  # a board pack's filters; none is the whole portfolio
        chosen = [f"{vocabulary.field_words(k)} {v}" for k, v in value.items() if v]
        return ", ".join(chosen) or EMPTY
    if (
        unit
        and field in MEASURE_VALUES
        and isinstance(value, int | float)
        and not isinstance(value, bool)
    ):
        places = max(_places(float(value)), formatting.DEFAULT_DECIMALS[Unit(unit)])
        return formatting.number(value, unit, places)
    return shown(_value(value))


def _places(value: float) -> int:
    """Return the decimals `value` holds, so a record of changes never rounds one away."""
    exponent = Decimal(repr(value)).normalize().as_tuple().exponent
    return max(0, -int(exponent))


def _value(value: object) -> object:
    """Return ISO date text as a date, so it reads as 23 Nov 2026, and ISO time text as
    '23 Nov 2026 14:05'; anything else as it is."""
    if isinstance(value, str) and len(value) >= ISO_DATE and value[4] == "-" and value[7] == "-":
        if len(value) == ISO_DATE:
            return formatting.as_date(value)
        if value[ISO_DATE] == "T":
            moment = datetime.fromisoformat(value)
            return f"{formatting.uk_date(moment)} {moment:%H:%M}"
    return value
