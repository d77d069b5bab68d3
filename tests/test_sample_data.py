"""The sample programme in tracker/sample_data/: every row valid, references intact, reproducible."""

import csv
import importlib.util
import sys
import types
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import get_args

import pytest
from pydantic import BaseModel

from tests.conftest import sample_rows
from tracker.demo import LIST_FIELDS, SAMPLE_DIR
from tracker.models import (
    Annotation,
    Benefit,
    BenefitMonth,
    CheckIn,
    DataPoint,
    DriverNode,
    Frequency,
    Goal,
    Initiative,
    Measure,
    Milestone,
    MilestoneStatus,
    PdsaCycle,
    Programme,
    Risk,
    Target,
    User,
)
from tracker.periods import is_period_start

GENERATOR = Path(__file__).resolve().parent.parent / "sample_data" / "generate.py"
REGISTERS_GENERATOR = GENERATOR.with_name("generate_registers.py")

MODELS: dict[str, type[BaseModel]] = {
    "programmes.csv": Programme,
    "initiatives.csv": Initiative,
    "measures.csv": Measure,
    "datapoints.csv": DataPoint,
    "targets.csv": Target,
    "goals.csv": Goal,
    "annotations.csv": Annotation,
    "milestones.csv": Milestone,
    "checkins.csv": CheckIn,
    "users.csv": User,
    "drivers.csv": DriverNode,
    "pdsa.csv": PdsaCycle,
    "risks.csv": Risk,
    "benefits.csv": Benefit,
    "benefit_months.csv": BenefitMonth,
}


def to_model_input(row: dict[str, str], model: type[BaseModel]) -> dict[str, object]:
    """Empty cells become None where the field allows it, or the default where it has one."""
    data: dict[str, object] = {}
    lists = LIST_FIELDS.get(model, {})
    for key, value in row.items():
        if key in lists:
            data[key] = lists[key](value)
            continue
        field = model.model_fields.get(key)
        if value == "" and field is not None:
            if type(None) in get_args(field.annotation):
                data[key] = None
                continue
            if not field.is_required():
                continue
        data[key] = value
    return data


@pytest.fixture(scope="module")
def tables() -> dict[str, list[dict[str, str]]]:
    return {name: sample_rows(name) for name in MODELS}


@pytest.fixture(scope="module")
def parsed(tables) -> dict[str, list[BaseModel]]:
    return {
        name: [model.model_validate(to_model_input(row, model)) for row in tables[name]]
        for name, model in MODELS.items()
    }


def test_csv_columns_are_exactly_the_model_fields(tables):
    for name, model in MODELS.items():
        expected = [f for f in model.model_fields if not (model is Goal and f == "trajectory")]
        with (SAMPLE_DIR / name).open(encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
        assert header == expected, name
        assert tables[name], f"{name} is empty"


def test_every_row_validates(tables):
    for name, model in MODELS.items():
        for number, row in enumerate(tables[name], start=2):
            try:
                model.model_validate(to_model_input(row, model))
            except Exception as error:  # pragma: no cover - the message is the point
                pytest.fail(f"{name} line {number}: {error}")


SPEC_INITIATIVES, SPEC_MEASURES, SPEC_MILESTONES, SPEC_MONTHS = 8, 40, 30, 24
"""The sample's specification (issue 2): at least 8 initiatives, 40 measures, 30 milestones and
24-36 months of data."""


def test_counts(parsed):
    assert len(parsed["programmes.csv"]) == 1
    assert len(parsed["initiatives.csv"]) >= SPEC_INITIATIVES
    assert len(parsed["measures.csv"]) >= SPEC_MEASURES
    assert len(parsed["milestones.csv"]) >= SPEC_MILESTONES
    assert len(parsed["datapoints.csv"]) >= SPEC_MEASURES * SPEC_MONTHS


def test_codes_and_keys_unique(parsed):
    for name in ("programmes.csv", "initiatives.csv", "measures.csv", "goals.csv"):
        codes = [row.code for row in parsed[name]]
        assert len(codes) == len(set(codes)), name
    codes = [row.code for row in parsed["milestones.csv"]]
    assert len(codes) == len(set(codes))
    keys = Counter((p.measure, p.period) for p in parsed["datapoints.csv"])
    assert max(keys.values()) == 1
    keys = Counter((c.initiative, c.period) for c in parsed["checkins.csv"])
    assert max(keys.values()) == 1
    emails = [u.email for u in parsed["users.csv"]]
    assert len(emails) == len(set(emails))


def test_references_exist(parsed):
    programmes = {p.code for p in parsed["programmes.csv"]}
    initiatives = {i.code for i in parsed["initiatives.csv"]}
    measures = {m.code: m for m in parsed["measures.csv"]}
    assert {i.programme for i in parsed["initiatives.csv"]} <= programmes
    assert {m.initiative for m in measures.values()} <= initiatives
    for name in ("datapoints.csv", "targets.csv", "annotations.csv"):
        assert {row.measure for row in parsed[name]} <= set(measures), name
    for goal in parsed["goals.csv"]:
        assert goal.initiative in initiatives
        assert measures[goal.measure].initiative == goal.initiative, goal.code
    for name in ("milestones.csv", "checkins.csv"):
        assert {row.initiative for row in parsed[name]} <= initiatives, name
    assert {m.initiative for m in parsed["milestones.csv"]} == initiatives


def test_every_person_is_a_user(parsed):
    users = {u.name for u in parsed["users.csv"]}
    people = {p.sro for p in parsed["programmes.csv"]}
    people |= {i.lead for i in parsed["initiatives.csv"]}
    people |= {i.sponsor for i in parsed["initiatives.csv"]}
    people |= {m.owner for m in parsed["measures.csv"]}
    people |= {t.set_by for t in parsed["targets.csv"]}
    people |= {m.owner for m in parsed["milestones.csv"]}
    people |= {c.author for c in parsed["checkins.csv"]}
    assert people <= users, people - users
    assert all(u.email.endswith("@example.nhs.uk") for u in parsed["users.csv"])


def test_periods_are_period_starts(parsed):
    frequency = {m.code: m.frequency for m in parsed["measures.csv"]}
    for point in parsed["datapoints.csv"]:
        assert point.period_problem(frequency[point.measure]) is None, point
    for goal in parsed["goals.csv"]:
        assert is_period_start(goal.baseline_period, frequency[goal.measure]), goal.code
    checkin_frequency = {i.code: i.checkin_frequency for i in parsed["initiatives.csv"]}
    for checkin in parsed["checkins.csv"]:
        assert is_period_start(checkin.period, checkin_frequency[checkin.initiative])
    for note in parsed["annotations.csv"]:
        if note.kind != "note":
            assert is_period_start(note.date, frequency[note.measure]), note


def test_percentages_within_0_to_100(parsed):
    percent = {m.code for m in parsed["measures.csv"] if m.unit == "%"}
    for point in parsed["datapoints.csv"]:
        if point.measure in percent and point.value is not None:
            assert 0 <= point.value <= 100, point
    for target in parsed["targets.csv"]:
        if target.measure in percent:
            assert 0 <= target.value <= 100, target


def test_values_respect_decimals(tables, parsed):
    decimals = {m.code: m.decimals for m in parsed["measures.csv"]}
    for row in tables["datapoints.csv"]:
        if row["value"]:
            places = len(row["value"].split(".")[1]) if "." in row["value"] else 0
            assert places == decimals[row["measure"]], row


def test_series_shape(parsed):
    """Frequencies as designed, series end at the anchor, some overdue, a few missing values."""
    measures = {m.code: m for m in parsed["measures.csv"]}
    assert {m.frequency for m in measures.values()} == {Frequency.weekly, Frequency.monthly}
    assert {m.type for m in measures.values()} == {"outcome", "process", "balancing"}
    assert {m.direction for m in measures.values()} == {"increase", "decrease", "neither"}
    last: dict[str, date] = {}
    count: Counter[str] = Counter()
    for point in parsed["datapoints.csv"]:
        last[point.measure] = max(last.get(point.measure, point.period), point.period)
        count[point.measure] += 1
    assert set(last) == set(measures)
    anchor = {Frequency.monthly: date(2026, 10, 1), Frequency.weekly: date(2026, 10, 26)}
    overdue = [code for code, day in last.items() if day < anchor[measures[code].frequency]]
    assert len(overdue) >= 3
    for code, m in measures.items():
        # 24 months of a weekly measure are 104 weeks; a few may be overdue.
        assert count[code] >= (SPEC_MONTHS if m.frequency is Frequency.monthly else 100), code
    missing = [p for p in parsed["datapoints.csv"] if p.value is None]
    assert 1 <= len(missing) <= 3
    assert all(p.missing_reason for p in missing)


def test_targets_revisions_do_not_overlap(parsed):
    by_measure: dict[str, list[Target]] = defaultdict(list)
    for target in parsed["targets.csv"]:
        by_measure[target.measure].append(target)
    revised = [rows for rows in by_measure.values() if len(rows) > 1]
    assert len(revised) >= 3
    for rows in by_measure.values():
        rows.sort(key=lambda t: t.effective_from)
        for earlier, later in zip(rows, rows[1:], strict=False):
            assert earlier.effective_to is not None
            assert (later.effective_from - earlier.effective_to).days == 1


def test_milestone_and_checkin_mix(parsed):
    statuses = Counter(m.status for m in parsed["milestones.csv"])
    assert set(statuses) == set(MilestoneStatus)
    slipped = [m for m in parsed["milestones.csv"] if m.forecast_date > m.baseline_date]
    assert slipped and all(m.change_reason for m in slipped)
    assert {c.period for c in parsed["checkins.csv"]} == {
        date(2026, 8, 1),
        date(2026, 9, 1),
        date(2026, 10, 1),
    }
    latest = {c.initiative for c in parsed["checkins.csv"] if c.period == date(2026, 10, 1)}
    assert 1 <= len({i.code for i in parsed["initiatives.csv"]} - latest) <= 2
    kinds = Counter(a.kind for a in parsed["annotations.csv"])
    assert kinds["recalculation"] >= 4 and kinds["intervention"] >= 4


def load_generator(path: Path = GENERATOR) -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(f"sample_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while the class is built
    spec.loader.exec_module(module)
    return module


def test_generator_reproduces_the_committed_files(tmp_path):
    load_generator().main(tmp_path)
    load_generator(REGISTERS_GENERATOR).main(tmp_path)
    generated = sorted(p.name for p in tmp_path.glob("*.csv"))
    assert generated == sorted(MODELS)
    assert sorted(p.name for p in SAMPLE_DIR.glob("*.csv")) == generated
    for name in generated:
        assert (tmp_path / name).read_bytes() == (SAMPLE_DIR / name).read_bytes(), (
            f"{name} differs: run `python sample_data/generate.py` and commit the CSVs"
        )
