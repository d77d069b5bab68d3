"""The write engine: any kind from a spec and a model alone; writes, corrections and reverts replay."""

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import small_programme
from tracker.errors import Conflict, NotFound
from tracker.models import Code, DataPoint, _Model
from tracker.store import Database, engine, queries, specs, writes
from tracker.store.engine import Batch, Ref, Spec, facts, field_types, undo, write
from tracker.store.specs import DATA_POINTS

START = datetime(2030, 1, 1)
"""The engine is given its write times, so a test can read as of each step exactly."""


class Reading(_Model):
    """A throwaway kind: one reading of a measure on a day."""

    measure: Code
    day: date
    amount: float
    comment: str = ""


READING_TABLE = """
CREATE TABLE reading (
    id            BIGINT PRIMARY KEY DEFAULT nextval('id_seq'),
    measure_id    INTEGER NOT NULL REFERENCES measure (id),
    day           DATE NOT NULL,
    amount        DOUBLE NOT NULL,
    comment       VARCHAR NOT NULL DEFAULT '',
    batch_id      INTEGER REFERENCES import_batch (id),
    recorded_at   TIMESTAMP NOT NULL,
    recorded_by   VARCHAR NOT NULL,
    superseded_at TIMESTAMP,
    superseded_by VARCHAR,
    is_current    BOOLEAN CHECK (is_current),
    UNIQUE (measure_id, day, is_current)
)
"""

READINGS = Spec(
    "reading",
    Reading,
    keys=("measure", "day"),
    refs=(Ref("measure", "measure"),),
    batched=True,
    code="measure",
)

# The schema fixes the kinds an import batch may name; the throwaway kind borrows one.
BORROWED_KIND = "datapoints"


def readings(rows: list[tuple[str, date, float]]) -> pd.DataFrame:
    return pd.DataFrame([{"measure": m, "day": d, "amount": a, "comment": ""} for m, d, a in rows])


def as_of(db: Database, at: datetime) -> list[tuple[str, date, float]]:
    return [
        (str(code), day, float(amount))
        for code, day, amount in db.cursor()
        .execute(
            "SELECT m.code, r.day, r.amount FROM reading r JOIN measure m ON m.id = r.measure_id "
            "WHERE r.recorded_at <= ? AND (r.superseded_at IS NULL OR r.superseded_at > ?) "
            "ORDER BY m.code, r.day",
            [at, at],
        )
        .fetchall()
    ]


def test_a_new_kind_is_a_spec_and_a_model_and_round_trips(small_db):
    small_db.cursor().execute(READING_TABLE)
    assert facts(READINGS) == ["amount", "comment"]
    assert field_types(Reading)["day"] == "DATE"
    jan, feb, mar = (START + timedelta(days=n) for n in (0, 31, 59))
    day = date(2026, 9, 1)
    with small_db.transaction() as cur:
        first = write(cur, READINGS, readings([("UEC-01-M1", day, 1.5)]), jan, "ana",
                      Batch(BORROWED_KIND, "first.csv"))  # fmt: skip
    with small_db.transaction() as cur:
        fixed = write(cur, READINGS, readings([("UEC-01-M1", day, 2.5)]), feb, "bo",
                      Batch(BORROWED_KIND, "fix.csv"))  # fmt: skip
    assert (first.added, fixed.changed) == (1, 1)
    assert as_of(small_db, jan) == [("UEC-01-M1", day, 1.5)]
    assert as_of(small_db, feb) == [("UEC-01-M1", day, 2.5)]
    log = queries.audit_log(small_db, entity="reading")
    assert log["action"].tolist() == ["update", "create"]
    assert json.loads(log["before"].iloc[0]) == {"amount": 1.5, "comment": ""}
    assert json.loads(log["after"].iloc[0]) == {"amount": 2.5, "comment": ""}

    assert fixed.batch_id is not None
    with small_db.transaction() as cur:
        reverted = undo(cur, READINGS, (fixed.batch_id, feb, "bo"), mar, "cy")
    assert (reverted.changed, reverted.withdrawn) == (1, 0)
    assert as_of(small_db, mar) == [("UEC-01-M1", day, 1.5)]
    assert as_of(small_db, feb) == [("UEC-01-M1", day, 2.5)]
    versions = small_db.cursor().execute("SELECT count(*) FROM reading").fetchall()[0][0]
    assert versions == 3


def test_an_unknown_parent_code_is_named_and_nothing_is_written(small_db):
    small_db.cursor().execute(READING_TABLE)
    rows = readings([("UEC-01-M1", date(2026, 9, 1), 1.0), ("NOPE-1", date(2026, 9, 1), 2.0)])
    with pytest.raises(NotFound, match="No measure with code NOPE-1"):
        with small_db.transaction() as cur:
            write(cur, READINGS, rows, START, "ana")
    assert as_of(small_db, START) == []


@pytest.mark.parametrize("tallied", ["here (a small write)", "in DuckDB (a large write)"])
def test_unknown_codes_are_counted_and_the_first_five_named_however_the_rows_are_tallied(
    small_db, monkeypatch, tallied
):
    if "large" in tallied:
        monkeypatch.setattr(engine, "NAMED_ROWS", 2)  # these 9 rows are then a large write
    small_db.cursor().execute(READING_TABLE)
    known = [("UEC-01-M1", date(2026, 9, 1), 1.0)]
    # Seven codes no measure has, one of them twice: eight rows naming seven codes
    unknown = [(f"NOPE-{n}", date(2026, 9, 1), 2.0) for n in [7, 1, 2, 3, 4, 5, 6, 1]]
    with pytest.raises(NotFound) as refused:
        with small_db.transaction() as cur:
            write(cur, READINGS, readings(known + unknown), START, "ana")
    assert str(refused.value).startswith(
        "No measure with code NOPE-1, NOPE-2, NOPE-3, NOPE-4, NOPE-5 and 2 more: 8 row(s)"
    )
    assert as_of(small_db, START) == []


def test_a_milestone_code_of_another_initiative_is_refused(small_db):
    second = small_programme()[1].model_copy(update={"code": "UEC-02"})
    writes.save_entities(small_db, [second], "a")
    twice = pd.DataFrame(
        {"code": ["MS-1", "MS-1"], "initiative": ["UEC-01", "UEC-02"], "title": ["A", "A"],
         "owner": ["Lee", "Lee"], "baseline_date": [date(2026, 1, 1)] * 2,
         "forecast_date": [date(2026, 1, 1)] * 2, "completed_date": [None, None],
         "status": ["on track"] * 2, "change_reason": ["", ""]}
    )  # fmt: skip
    with pytest.raises(Conflict, match="MS-1 belongs to UEC-01"):
        with small_db.transaction() as cur:
            write(cur, specs.MILESTONES, twice, START, "ana")
    assert queries.milestones(small_db).empty


KEYS = [("UEC-01-M1", date(2026, 9, 1)), ("UEC-01-M1", date(2026, 10, 1)),
        ("UEC-01-M3", date(2026, 9, 1))]  # fmt: skip
"""The records a random sequence writes to: few, so that writes meet earlier ones."""

_write_step = st.dictionaries(
    st.sampled_from(range(len(KEYS))), st.sampled_from([1.0, 2.0, 3.0]), min_size=1
)
_steps = st.lists(st.one_of(_write_step, st.just("revert")), min_size=1, max_size=8)


def _points(step: dict[int, float]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"measure": KEYS[k][0], "period": pd.Timestamp(KEYS[k][1]), "value": v,
             "missing_reason": "", "note": ""}
            for k, v in step.items()
        ]
    )  # fmt: skip


Changes = dict[int, tuple[float | None, float | None]]
"""What one batch did: per key, the value before it and after it (None: no current value)."""


EXAMPLES = {"duckdb": 25, "postgres": 8}
"""Random sequences tried per engine. Each needs a new database: a few ms for a DuckDB file,
about 0.7 s to copy and open on PostgreSQL, where the engine runs the same SQL."""


def test_writes_corrections_and_reverts_replay_exactly(new_databases, store_engine):
    tries = settings(
        max_examples=EXAMPLES[store_engine],
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    tries(given(steps=_steps)(lambda steps: _replays_exactly(new_databases(), steps)))()


def _replays_exactly(location: Path | str, steps: list[dict[int, float] | str]) -> None:
    """Write, correct and revert `steps` in a new database; every key's history and every
    earlier moment's values read back as the steps made them."""
    with Database(location) as db:
        writes.save_entities(db, small_programme(), "setup")
        current: dict[int, float] = {}
        history: dict[int, list[float]] = {k: [] for k in range(len(KEYS))}
        seen: list[tuple[datetime, dict[int, float]]] = []
        batches: list[tuple[int, datetime, Changes]] = []
        for n, step in enumerate(steps):
            at = START + timedelta(minutes=n)
            if step == "revert":
                if not batches:
                    continue
                batch_id, batch_at, undone = batches.pop()
                with db.transaction() as cur:
                    done = undo(cur, DATA_POINTS, (batch_id, batch_at, "ana"), at, "ana")
                # Reverting the revert puts back what the batch had written.
                changes = {k: (after, before) for k, (before, after) in undone.items()}
            else:
                with db.transaction() as cur:
                    done = write(cur, DATA_POINTS, _points(step), at, "ana",
                                 Batch("datapoints", f"step {n}"))  # fmt: skip
                changes = {k: (current.get(k), v) for k, v in step.items() if current.get(k) != v}
            for k, (_, after) in changes.items():
                if after is None:
                    current.pop(k)
                else:
                    current[k] = after
                    history[k].append(after)
            assert (done.batch_id is not None) == bool(changes)
            if done.batch_id is not None:
                batches.append((done.batch_id, at, changes))
            seen.append((at, dict(current)))

        for k, (measure, period) in enumerate(KEYS):
            versions = queries.value_history(db, measure, period)
            assert versions["value"].tolist() == history[k]
            assert versions["superseded_at"].isna().sum() == (1 if k in current else 0)
        for at, state in seen:
            read = queries.data_points(db, as_of=at)
            found = {
                KEYS.index((m, pd.Timestamp(p).date())): v
                for m, p, v in zip(read["measure"], read["period"], read["value"], strict=True)
            }
            assert found == state


def test_a_record_given_twice_in_one_write_is_written_twice_in_order(small_db):
    rows = _points({0: 1.0}).iloc[[0, 0]].assign(value=[1.0, 2.0]).reset_index(drop=True)
    with small_db.transaction() as cur:
        done = write(cur, DATA_POINTS, rows, START, "ana", outcomes=True)
    assert done.outcomes == ("added", "changed")
    assert queries.value_history(small_db, *KEYS[0])["value"].tolist() == [1.0, 2.0]


def test_a_data_point_spec_comes_from_its_model():
    assert list(field_types(DataPoint)) == ["measure", "period", "value", "missing_reason", "note"]
    assert facts(DATA_POINTS) == ["value", "missing_reason", "note"]


def test_a_large_writes_audit_rows_are_appended_in_slices_in_row_order(small_db, monkeypatch):
    # Slices of two rows, so that five rows take three; the months are out of order, so rows
    # appended by key or slices appended out of turn would show.
    monkeypatch.setattr(engine, "AUDIT_SLICE", 2)
    months = [date(2026, m, 1) for m in (5, 1, 3, 2, 4)]
    rows = pd.DataFrame({"measure": "UEC-01-M1", "period": pd.to_datetime(months),
                         "value": [1.0, 2.0, 3.0, 4.0, 5.0], "missing_reason": "", "note": ""})  # fmt: skip
    with small_db.transaction() as cur:
        write(cur, DATA_POINTS, rows, START, "ana", Batch("datapoints", "first.csv"))
    # The second write changes the 1st, 3rd and 5th rows only: one slice has nothing to audit.
    changed = rows.assign(value=[10.0, 2.0, 30.0, 4.0, 50.0])
    with small_db.transaction() as cur:
        done = write(cur, DATA_POINTS, changed, START + timedelta(days=1), "bo",
                     Batch("datapoints", "second.csv"))  # fmt: skip
    assert (done.changed, done.unchanged) == (3, 2)
    log = (
        small_db.cursor()
        .execute(
            "SELECT action, code, after->>'value' FROM audit WHERE entity = 'data_point' ORDER BY id"
        )
        .fetchall()
    )
    codes = [f"UEC-01-M1 {m.isoformat()}" for m in months]
    assert log == [
        *[("create", code, str(v)) for code, v in zip(codes, [1.0, 2.0, 3.0, 4.0, 5.0], strict=True)],
        ("update", codes[0], "10.0"), ("update", codes[2], "30.0"), ("update", codes[4], "50.0"),
    ]  # fmt: skip
