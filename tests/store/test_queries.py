"""Reads: one initiative's rows match the whole-portfolio reads; the Arrow route changes nothing."""

from datetime import date

import pandas as pd
import pytest

from tests.conftest import TODAY
from tracker.store import queries, writes


def september_point() -> pd.DataFrame:
    """One data point of UEC-01-M1 (Sep 2026, 74.0) to write."""
    return pd.DataFrame(
        {
            "measure": ["UEC-01-M1"],
            "period": [date(2026, 9, 1)],
            "value": [74.0],
            "missing_reason": [""],
            "note": [""],
        }
    )


@pytest.fixture
def sample_db(sample_read_only):
    """The reads here change nothing, so they share one read-only copy of the sample."""
    return sample_read_only


PAIRS = [
    (queries.initiatives, queries.initiative_rows, "code"),
    (queries.measures, queries.initiative_measures, "initiative"),
    (queries.goals, queries.initiative_goals, "initiative"),
    (queries.milestones, queries.initiative_milestones, "initiative"),
    (queries.check_ins, queries.initiative_check_ins, "initiative"),
]


@pytest.mark.parametrize(("whole", "one", "column"), PAIRS)
def test_initiative_read_is_the_whole_read_narrowed(sample_db, whole, one, column):
    everything = whole(sample_db)
    for code in ("UEC-01", "MH-01"):
        expected = everything[everything[column] == code].reset_index(drop=True)
        pd.testing.assert_frame_equal(one(sample_db, code), expected)
        assert len(expected)


@pytest.mark.parametrize(
    ("whole", "one"),
    [
        (queries.data_points, queries.initiative_data_points),
        (queries.targets, queries.initiative_targets),
        (queries.annotations, queries.initiative_annotations),
    ],
)
def test_measure_reads_of_one_initiative_cover_exactly_its_measures(sample_db, whole, one):
    mine = set(queries.initiative_measures(sample_db, "DIS-01")["code"])
    everything = whole(sample_db)
    expected = everything[everything["measure"].isin(mine)].reset_index(drop=True)
    pd.testing.assert_frame_equal(one(sample_db, "DIS-01"), expected)
    assert len(expected)


def test_initiative_reads_as_of_a_past_time_ignore_later_versions(small_db):
    first = september_point()
    writes.write_data_points(small_db, first, "ana")
    before = pd.Timestamp.now("UTC").tz_localize(None).to_pydatetime()
    writes.write_data_points(small_db, first.assign(value=75.5), "bo")
    then = queries.initiative_data_points(small_db, "UEC-01", before)
    assert then["value"].tolist() == [74.0]
    assert queries.initiative_data_points(small_db, "UEC-01")["value"].tolist() == [75.5]


def test_unknown_initiative_gives_empty_frames_with_the_same_columns(sample_db):
    for whole, one, _ in PAIRS:
        found = one(sample_db, "NOPE-99")
        assert found.empty and list(found.columns) == list(whole(sample_db).columns)


def test_arrow_route_gives_the_frame_dot_df_gives(small_db):
    points = pd.DataFrame(
        {
            "measure": ["UEC-01-M1", "UEC-01-M2"],
            "period": [date(2026, 9, 1), date(2026, 10, 26)],
            "value": [74.0, float("nan")],
            "missing_reason": ["", "outage"],
            "note": ["", "late"],
        }
    )
    writes.write_data_points(small_db, points.iloc[:1], "ana")
    writes.write_data_points(small_db, points.iloc[1:], "ana", batch=False)  # batch_id NULL
    sql = (
        "SELECT m.code AS measure, d.period, d.value, d.missing_reason, d.note, d.recorded_at, "
        "d.recorded_by, d.batch_id FROM data_point d JOIN measure m ON m.id = d.measure_id "
        "WHERE d.period <= ? ORDER BY m.code, d.period"
    )
    for day in (TODAY, date(2000, 1, 1)):  # two rows, then none
        fast = queries._large_df(small_db, sql, [day])
        pd.testing.assert_frame_equal(fast, queries._df(small_db, sql, [day]))


def test_arrow_route_gives_text_columns_with_no_value_or_some_as_dot_df(small_db):
    # A preview's old values: none at all for a new record, some when a few records exist.
    sql = (
        "SELECT * FROM (VALUES (1, NULL::VARCHAR, NULL::VARCHAR, DATE '2026-09-01', NULL::INT), "
        "(2, NULL, 'held', DATE '2026-10-01', 7)) AS t(seq, nothing, partly, day, n)"
    )
    fast = queries.arrow_frame(small_db.cursor().execute(sql).to_arrow_table())
    pd.testing.assert_frame_equal(fast, queries._df(small_db, sql))
    assert fast["nothing"].tolist() == [None, None]


def test_first_recorded_is_the_oldest_data_point_or_check_in_still_held(small_db):
    assert queries.first_recorded(small_db) is None
    before = pd.Timestamp.now("UTC").tz_localize(None).to_pydatetime()
    point = september_point()
    writes.write_data_points(small_db, point, "ana")
    first = queries.first_recorded(small_db)
    writes.write_data_points(small_db, point.assign(value=75.5), "bo")
    assert before <= first == queries.first_recorded(small_db)


def test_first_recorded_is_read_again_after_a_write_even_when_the_oldest_row_has_gone(small_db):
    writes.write_data_points(small_db, september_point(), "ana")
    writes.write_data_points(small_db, september_point().assign(value=75.0), "bo")
    # Ana's version is superseded by Bo's but still held, so hers is the oldest
    oldest, newer = (
        small_db.cursor()
        .execute("SELECT recorded_at FROM data_point ORDER BY recorded_at")
        .fetchall()
    )
    assert queries.first_recorded(small_db) == oldest[0]
    # No path of the app deletes a value; raw SQL does, so the next oldest must be found once
    # a write (here to another measure) moves the write counter
    small_db.cursor().execute("DELETE FROM data_point WHERE recorded_at = ?", [oldest[0]])
    writes.write_data_points(small_db, september_point().assign(measure="UEC-01-M2"), "cy")
    assert queries.first_recorded(small_db) == newer[0]


def _each_value_written_alone(db, author: str, months: int, first: int = 0) -> None:
    """Write `months` monthly values of UEC-01-M1 from `first` months after Apr 2020, one
    write each."""
    for n in range(first, first + months):
        point = september_point().assign(period=date(2020 + (3 + n) // 12, (3 + n) % 12 + 1, 1))
        writes.write_data_points(db, point, author)


def test_the_audit_log_is_the_newest_rows_at_every_limit_even_when_few_match(small_db):
    _each_value_written_alone(small_db, "ana", 3)
    _each_value_written_alone(small_db, "bo", 40, first=3)
    every = queries.audit_log(small_db, limit=10_000)
    for limit in (1, 2, 7, 45, 10_000):
        pd.testing.assert_frame_equal(
            queries.audit_log(small_db, limit=limit), every.head(limit).reset_index(drop=True)
        )
    # Ana's three values are older than all of Bo's forty: found when reading back past them
    anas = queries.audit_log(small_db, who="ana", limit=2)
    assert anas["code"].tolist() == ["UEC-01-M1 2020-06-01", "UEC-01-M1 2020-05-01"]
    assert queries.audit_log(small_db, who="nobody", limit=2).empty


def test_audit_authors_include_whoever_wrote_since_they_were_last_read(small_db):
    assert queries.audit_authors(small_db) == ["setup"]
    _each_value_written_alone(small_db, "bo", 1)
    _each_value_written_alone(small_db, "ana", 1, first=1)
    assert queries.audit_authors(small_db) == ["ana", "bo", "setup"]
    assert queries.audit_authors(small_db) == ["ana", "bo", "setup"]


def _by_code(points: pd.DataFrame) -> pd.DataFrame:
    """Return points with the measure as text, sorted by measure and period."""
    found = points.assign(measure=points["measure"].astype(str))
    return found.sort_values(["measure", "period"]).reset_index(drop=True)


@pytest.mark.parametrize("codes", [None, ["UEC-01-M1", "NOPE-99"]])
def test_point_values_are_the_current_points_by_measure_number(sample_db, codes):
    found = queries.point_values(sample_db, measure_codes=codes)
    # The measure is a number standing for its code: every code is a category, in code order.
    assert list(found["measure"].cat.categories) == list(queries.measures(sample_db)["code"])
    expected = queries.data_points(sample_db, measure_codes=codes)[["measure", "period", "value"]]
    assert len(found) == len(expected) > 0
    pd.testing.assert_frame_equal(_by_code(found), _by_code(expected))


def test_check_ins_come_by_initiative_then_period(sample_db):
    found = queries.check_ins(sample_db)
    assert len(found) > 1
    pairs = list(zip(found["initiative"], found["period"], strict=True))
    assert pairs == sorted(pairs)


def test_one_initiatives_keys_serve_its_reads_as_its_code_does(sample_db):
    keys = queries.initiative_keys(sample_db, "UEC-01")
    assert len(keys.measures) == len(queries.initiative_measures(sample_db, "UEC-01"))
    assert len(keys.milestones) == len(queries.initiative_milestones(sample_db, "UEC-01"))
    assert keys.measures and keys.milestones
    for read in (
        queries.initiative_rows,
        queries.initiative_measures,
        queries.initiative_goals,
        queries.initiative_annotations,
        queries.initiative_data_points,
        queries.initiative_targets,
        queries.initiative_milestones,
        queries.initiative_check_ins,
    ):
        pd.testing.assert_frame_equal(read(sample_db, keys), read(sample_db, "UEC-01"))
    unknown = queries.initiative_keys(sample_db, "NOPE-99")
    assert (unknown.id, unknown.measures, unknown.milestones) == (None, (), ())


def test_the_write_counter_is_the_newest_audit_id_after_each_write(small_db):
    first = queries.write_counter(small_db)
    writes.write_data_points(small_db, september_point(), "ana")
    [(newest,)] = small_db.cursor().execute("SELECT max(id) FROM audit").fetchall()
    assert first < queries.write_counter(small_db) == newest


def test_a_write_rolled_back_leaves_the_write_counter_where_it_was(small_db):
    before = queries.write_counter(small_db)
    with pytest.raises(RuntimeError), small_db.transaction():
        writes.write_data_points(small_db, september_point(), "ana")
        # The open write sees its own audit rows, which it then abandons
        assert queries.write_counter(small_db) > before
        raise RuntimeError("abandoned")
    assert queries.write_counter(small_db) == before
    writes.write_data_points(small_db, september_point(), "ana")
    assert queries.write_counter(small_db) > before
