"""Every SELECT: one function per query, bound parameters only, optional "as of" a past time."""

from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from tracker.store.db import Database


def _as_of(alias: str, as_of: datetime | None) -> tuple[str, list[object]]:
    """Return the WHERE fragment choosing the version current at `as_of` (or now)."""
    if as_of is None:
        # `= TRUE`, not the bare column: DuckDB's postgres extension sends only a comparison
        # to PostgreSQL, so the bare column made it copy every superseded version too.
        return f"{alias}.is_current = TRUE", []
    return (
        f"{alias}.recorded_at <= ? AND ({alias}.superseded_at IS NULL "
        f"OR {alias}.superseded_at > ?)",
        [as_of, as_of],
    )


def _df(db: Database, sql: str, params: list[object] | None = None) -> pd.DataFrame:
    return db.cursor().execute(sql, params or []).df()


def _large_df(db: Database, sql: str, params: list[object] | None = None) -> pd.DataFrame:
    """Return what _df returns, through Arrow: about three times faster for long text columns."""
    table = db.cursor().execute(sql, params or []).to_arrow_table()
    if table.num_rows == 0:
        return _df(db, sql, params)
    return arrow_frame(table)


def arrow_frame(table: pa.Table) -> pd.DataFrame:
    """Return a DuckDB result fetched as Arrow (with at least one row) as .df() gives it.

    Arrow's own conversion differs from .df() in three ways, undone here: dates become
    datetime64[us] (not objects), integer columns holding a NULL nullable integers (Int32, not
    float), and a text column with no value at all holds None as `object` (not NaN as text).
    An empty result should go through .df(), whose text columns are then `object`.
    """
    frame = table.to_pandas(date_as_object=False)
    for column in table.schema:
        nulls = table.column(column.name).null_count
        if pa.types.is_date(column.type):
            frame[column.name] = frame[column.name].astype("datetime64[us]")
        elif pa.types.is_integer(column.type) and nulls:
            kind = "UInt" if pa.types.is_unsigned_integer(column.type) else "Int"
            frame[column.name] = frame[column.name].astype(f"{kind}{column.type.bit_width}")
        elif pa.types.is_string(column.type) and nulls == table.num_rows:
            frame[column.name] = pd.Series([None] * table.num_rows, dtype=object)
    return frame


def write_counter(db: Database) -> int:
    """Return a number that grows with every write (the newest audit id): a cache key.

    Only the ids after the newest this Database has found are read. Audit ids grow in commit
    order (store.postgres.COMMIT_LOCK), so none can appear below it later; and PostgreSQL is
    then sent the filter and answers from its index, where `max(id)` alone had DuckDB's
    extension copy every audit id (0.16 s of every page run at 1.1 M audit rows).
    """
    seen = db.audit_seen
    read = db.cursor(few_rows=True).execute("SELECT max(id) FROM audit WHERE id > ?", [seen])
    [(newest,)] = read.fetchall()
    if newest is None:
        return seen
    # An open write's own rows are not committed: it may yet roll back and their ids be reused.
    if not db.writing():
        db.audit_seen = max(db.audit_seen, int(newest))
    return int(newest)


def is_empty(db: Database) -> bool:
    """Return True when the database holds no programme yet."""
    return db.cursor().execute("SELECT count(*) FROM programme").fetchall()[0][0] == 0


def first_recorded(db: Database) -> datetime | None:
    """Return when the oldest data point or check-in still held was recorded (None if none).

    Read again only after a write (the write counter has moved), and then the oldest found
    before is checked first: if any row recorded at or before it is still held, the oldest of
    those is the oldest of all. PostgreSQL is then sent that filter, where min() alone had
    DuckDB's extension copy every row's time (0.6 s of every page run shown "as at" a past day,
    at a million points). Only when every such row has gone is everything read.
    """
    counter = write_counter(db)
    found = None
    if db.first_seen is not None:
        at, known = db.first_seen
        if at == counter:
            return known
        found = None if known is None else _first_recorded(db, known)
    if found is None:
        found = _first_recorded(db, None)
    # An open write's own rows are not committed: it may yet roll back.
    if not db.writing():
        db.first_seen = (counter, found)
    return found


def _first_recorded(db: Database, at_most: datetime | None) -> datetime | None:
    """Return the oldest recorded_at of data points and check-ins, of those recorded at or
    before `at_most` if given."""
    where = "" if at_most is None else " WHERE recorded_at <= ?"
    params = [] if at_most is None else [at_most, at_most]
    [(first,)] = (
        db.cursor()
        .execute(
            f"SELECT min(first_at) FROM (SELECT min(recorded_at) AS first_at FROM data_point"
            f"{where} UNION ALL SELECT min(recorded_at) FROM check_in{where}) AS firsts",
            params,
        )
        .fetchall()
    )
    return first


def programmes(db: Database) -> pd.DataFrame:
    """Return every programme: code, name, description, sro."""
    return _df(db, "SELECT code, name, description, sro FROM programme ORDER BY code")


# Each whole-portfolio read below has a one-initiative twin further down: the same SELECT and
# ORDER BY, narrowed by `WHERE i.code = ?` so opening one page does not read a million points.
_INITIATIVES = (
    "SELECT i.code, p.code AS programme, i.name, i.aim, i.lead, i.sponsor, i.theme, "
    "i.organisation, i.start_date, i.planned_end, i.status, i.checkin_frequency "
    "FROM initiative i JOIN programme p ON p.id = i.programme_id"
)
_MEASURES = (
    "SELECT m.code, i.code AS initiative, m.name, m.definition, m.type, m.unit, "
    "m.direction, m.frequency, m.decimals, m.data_source, m.owner, m.update_lag_days, "
    "m.min_value, m.max_value "
    "FROM measure m JOIN initiative i ON i.id = m.initiative_id"
)
_GOALS = (
    "SELECT g.code, i.code AS initiative, g.statement, m.code AS measure, "
    "g.baseline_value, g.baseline_period, g.target_value, g.target_date, "
    "CAST(g.trajectory AS VARCHAR) AS trajectory "
    "FROM goal g JOIN initiative i ON i.id = g.initiative_id "
    "JOIN measure m ON m.id = g.measure_id"
)
_ANNOTATIONS = (
    "SELECT m.code AS measure, a.date, a.kind, a.label, a.reason "
    "FROM annotation a JOIN measure m ON m.id = a.measure_id "
    "JOIN initiative i ON i.id = m.initiative_id"
)
_DATA_POINTS = (
    "SELECT m.code AS measure, d.period, d.value, d.missing_reason, d.note, "
    "d.recorded_at, d.recorded_by, d.batch_id "
    "FROM data_point d JOIN measure m ON m.id = d.measure_id"
)
_POINT_VALUES = (
    "SELECT m.code AS measure, d.period, d.value FROM data_point d "
    "JOIN measure m ON m.id = d.measure_id"
)
_TARGETS = (
    "SELECT m.code AS measure, t.value, t.effective_from, t.effective_to, t.reason, "
    "t.set_by, t.recorded_at, t.recorded_by "
    "FROM target t JOIN measure m ON m.id = t.measure_id"
)
_MILESTONES = (
    "SELECT ms.code, i.code AS initiative, v.title, v.owner, v.baseline_date, "
    "v.forecast_date, v.completed_date, v.status, v.change_reason, v.recorded_at, "
    "v.recorded_by "
    "FROM milestone_version v JOIN milestone ms ON ms.id = v.milestone_id "
    "JOIN initiative i ON i.id = ms.initiative_id"
)
_CHECK_INS = (
    "SELECT i.code AS initiative, c.period, c.rag, c.confidence, c.progress, c.risks, "
    "c.next_steps, c.asks, c.author, c.on_behalf_of, c.recorded_at, c.progress_score "
    "FROM check_in c JOIN initiative i ON i.id = c.initiative_id"
)
_OF_MEASURES = " JOIN initiative i ON i.id = m.initiative_id"
"""Joined to the reads that start from measures, to narrow them to one initiative."""


def initiatives(db: Database) -> pd.DataFrame:
    """Return every initiative with its programme code, ordered by code."""
    return _df(db, f"{_INITIATIVES} ORDER BY i.code")


def measures(db: Database) -> pd.DataFrame:
    """Return every measure with its initiative code, ordered by code."""
    # Through Arrow: ten thousand measures' text converts in half .df()'s time.
    return _large_df(db, f"{_MEASURES} ORDER BY m.code")


def goals(db: Database) -> pd.DataFrame:
    """Return every goal with initiative and measure codes; trajectory is JSON text."""
    return _df(db, f"{_GOALS} ORDER BY g.code")


def annotations(db: Database) -> pd.DataFrame:
    """Return every annotation with its measure code, by measure and date."""
    return _df(db, f"{_ANNOTATIONS} ORDER BY m.code, a.date, a.id")


_BY_MEASURE_PERIOD = " ORDER BY m.code, d.period"


def _points(
    db: Database,
    select: str,
    as_of: datetime | None,
    measure_codes: list[str] | None,
    order: str = _BY_MEASURE_PERIOD,
) -> pd.DataFrame:
    """Return `select` over the data points current at `as_of`, in `order` ("": any order)."""
    where, params = _as_of("d", as_of)
    if measure_codes is not None:
        among, wanted = _among("d.measure_id", _measure_ids(db, measure_codes))
        where += f" AND {among}"
        params += wanted
    return _large_df(db, f"{select} WHERE {where}{order}", params)


def _measure_ids(db: Database, codes: list[str]) -> tuple[int, ...]:
    """Return the ids of the measures with `codes` (unknown codes have none), in order.

    Values are then narrowed by their own column (`measure_id IN (5, 7)`), which DuckDB's
    postgres extension sends to PostgreSQL; narrowed through a join to the codes, every
    current value was copied (0.4 s at a million values, for each check-in with values).
    """
    rows = (
        db.cursor()
        .execute("SELECT id FROM measure WHERE code IN (SELECT unnest(?))", [list(codes)])
        .fetchall()
    )
    return tuple(sorted(int(row_id) for (row_id,) in rows))


def data_points(
    db: Database, as_of: datetime | None = None, measure_codes: list[str] | None = None
) -> pd.DataFrame:
    """Return data points current at `as_of` (default now), optionally for some measures only."""
    return _points(db, _DATA_POINTS, as_of, measure_codes)


def point_values(
    db: Database, as_of: datetime | None = None, measure_codes: list[str] | None = None
) -> pd.DataFrame:
    """Return data_points() narrowed to measure, period and value, in no particular order,
    the measure as a categorical of every measure code (sorted).

    All that the figures need, at a fifth of the cost of data_points() at a million points:
    no notes, authors or times, and no sort (the SPC engine sorts faster than the store).
    Each point holds its measure's id, not its code: a million codes joined, fetched and then
    hashed again by every grouping cost more than the figures' arithmetic.
    """
    where, params = _as_of("d", as_of)
    if measure_codes is not None:
        among, wanted = _among("d.measure_id", _measure_ids(db, measure_codes))
        where += f" AND {among}"
        params += wanted
    cur = db.cursor()
    known = cur.execute("SELECT id, code FROM measure ORDER BY code").fetchnumpy()
    found = cur.execute(
        f"SELECT d.measure_id, d.period, d.value FROM data_point d WHERE {where}", params
    ).to_arrow_table()
    ids = np.asarray(known["id"], dtype=np.int64)
    by_id = np.argsort(ids)
    held = found.column("measure_id").to_numpy()
    at = np.minimum(np.searchsorted(ids[by_id], held), max(len(ids) - 1, 0))
    known_id = ids[by_id][at] == held if len(ids) else np.zeros(len(held), dtype=bool)
    if not known_id.all():
        # A value of no measure is left out, as a join with the measures would leave it out.
        found, at = found.filter(pa.array(known_id)), at[known_id]
    codes = by_id[at]
    if found.num_rows:
        frame = arrow_frame(found.drop_columns(["measure_id"]))
    else:
        frame = pd.DataFrame(
            {"period": pd.Series(dtype="datetime64[us]"), "value": pd.Series(dtype=float)}
        )
    measure = pd.Categorical.from_codes(codes, categories=pd.Index(known["code"].tolist()))
    frame.insert(0, "measure", pd.Series(measure, index=frame.index))
    return frame


def _id_of(db: Database, table: str, code: str) -> int | None:
    """Return the row id of the record of `table` with `code` (None if there is none).

    Read first so that a read of its history filters on the versions' own column (`measure_id
    = 5`), which DuckDB's postgres extension sends to PostgreSQL: a filter reached through a
    join to the code it cannot send, and it copied every version of every record instead.
    """
    rows = db.cursor().execute(f"SELECT id FROM {table} WHERE code = ?", [code]).fetchall()
    return int(rows[0][0]) if rows else None


def value_history(db: Database, measure: str, period: date) -> pd.DataFrame:
    """Return every version of one data point, oldest first: value, who and when, superseded."""
    return _df(
        db,
        "SELECT d.value, d.missing_reason, d.note, d.recorded_at, d.recorded_by, "
        "d.superseded_at, d.superseded_by, d.batch_id "
        "FROM data_point d WHERE d.measure_id = ? AND d.period = ? ORDER BY d.recorded_at, d.id",
        [_id_of(db, "measure", measure), period],
    )


def targets(db: Database, as_of: datetime | None = None) -> pd.DataFrame:
    """Return target revisions current at `as_of`, by measure and effective date."""
    where, params = _as_of("t", as_of)
    return _df(db, f"{_TARGETS} WHERE {where} ORDER BY m.code, t.effective_from", params)


def milestones(db: Database, as_of: datetime | None = None) -> pd.DataFrame:
    """Return milestones as they stood at `as_of`, with the first recorded forecast."""
    where, params = _as_of("v", as_of)
    return _df(db, f"{_MILESTONES} WHERE {where} ORDER BY ms.code", params)


def milestone_history(db: Database, code: str) -> pd.DataFrame:
    """Return every version of one milestone, oldest first."""
    return _df(
        db,
        "SELECT v.title, v.owner, v.baseline_date, v.forecast_date, v.completed_date, "
        "v.status, v.change_reason, v.recorded_at, v.recorded_by, v.superseded_at "
        "FROM milestone_version v WHERE v.milestone_id = ? ORDER BY v.recorded_at, v.id",
        [_id_of(db, "milestone", code)],
    )


def check_ins(db: Database, as_of: datetime | None = None) -> pd.DataFrame:
    """Return check-ins current at `as_of`, by initiative and period."""
    where, params = _as_of("c", as_of)
    sql = f"{_CHECK_INS} WHERE {where}"
    table = db.cursor().execute(sql, params).to_arrow_table()
    if table.num_rows == 0:
        return _df(db, f"{sql} ORDER BY i.code, c.period", params)
    # Sorted in Arrow, not by DuckDB: DuckDB's sort carries every row's long texts with it, at
    # twice the cost of ordering the row numbers and taking the rows once in their order.
    order = pc.sort_indices(table, [("initiative", "ascending"), ("period", "ascending")])
    return arrow_frame(table.take(order))


def users(db: Database) -> pd.DataFrame:
    """Return every person: name, email, by name."""
    return _df(db, "SELECT name, email FROM person ORDER BY name")


_OWN_CODES = (
    "SELECT CAST(? AS VARCHAR) UNION ALL "
    "SELECT m.code FROM measure m JOIN initiative i ON i.id = m.initiative_id WHERE i.code = ? "
    "UNION ALL SELECT ms.code FROM milestone ms JOIN initiative i ON i.id = ms.initiative_id "
    "WHERE i.code = ? UNION ALL "
    "SELECT g.code FROM goal g JOIN initiative i ON i.id = g.initiative_id WHERE i.code = ?"
)
"""An initiative's code and the codes of its measures, milestones and goals: what its audit
rows are filed under (a measure value's audit code is "MEASURE PERIOD": its first word)."""


AUDIT_WINDOW = 4
"""The first span of audit ids audit_log reads, in rows wanted (each next span is this many
times wider): one sequence numbers every table, so about half of the ids are audit rows."""


def audit_log(
    db: Database,
    who: str | None = None,
    entity: str | None = None,
    code_prefix: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 1000,
    initiative: str | None = None,
) -> pd.DataFrame:
    """Return the newest audit rows matching the filters (all optional), newest first.

    `initiative` keeps the rows of that initiative and of its measures (their values, targets
    and annotations), milestones and goals.

    The rows are read a span of ids at a time, newest first, each span wider than the last,
    until `limit` rows are found or every id is read. PostgreSQL is then sent each span's
    `id` range (DuckDB's extension sends no ORDER BY or LIMIT): the whole log, its JSON
    included, was copied for every audit page (1.7 s at 1.1 M audit rows).
    """
    columns = (
        "SELECT id, happened_at AS at, who, action, entity, entity_id, code, "
        "CAST(before AS VARCHAR) AS before, CAST(after AS VARCHAR) AS after FROM audit "
    )
    matching = (
        "WHERE id > ? AND id <= ? "
        "AND (CAST(? AS VARCHAR) IS NULL OR who = ?) "
        "AND (CAST(? AS VARCHAR) IS NULL OR entity = ?) "
        "AND (CAST(? AS VARCHAR) IS NULL OR starts_with(code, ?)) "
        "AND (CAST(? AS TIMESTAMP) IS NULL OR happened_at >= ?) "
        "AND (CAST(? AS TIMESTAMP) IS NULL OR happened_at <= ?) "
        f"AND (CAST(? AS VARCHAR) IS NULL OR split_part(code, ' ', 1) IN ({_OWN_CODES})) "
        "ORDER BY id DESC LIMIT ?"
    )
    params: list[object] = [
        *(who, who, entity, entity, code_prefix, code_prefix, since, since, until, until),
        *(initiative, initiative, initiative, initiative, initiative),
    ]
    high = write_counter(db)
    if initiative is not None:
        # Its rows are picked through its records' codes, which PostgreSQL is not sent, so
        # every row is read: first without the JSON, then only the rows found whole (at 1.1 M
        # audit rows on PostgreSQL, where the JSON of every row was copied: 0.375 → 0.225 s).
        found = db.cursor().execute("SELECT id FROM audit " + matching, [0, high, *params, limit])
        where, ids = _among("id", tuple(int(i) for (i,) in found.fetchall()))
        return _df(db, f"{columns}WHERE {where} ORDER BY id DESC", ids)
    width = AUDIT_WINDOW * limit
    found = [_df(db, columns + matching, [max(high - width, 0), high, *params, limit])]
    wanted = limit - len(found[0])
    high -= width
    while high > 0 and wanted > 0:
        width *= AUDIT_WINDOW
        part = _df(db, columns + matching, [max(high - width, 0), high, *params, wanted])
        found.append(part)
        wanted -= len(part)
        high -= width
    held = [part for part in found if len(part)]
    return pd.concat(held, ignore_index=True) if len(held) > 1 else (held or found)[0]


def audit_authors(db: Database) -> list[str]:
    """Return everyone who has written to the audit log, in name order.

    Only the audit rows after those already read are read (audit ids grow in commit order, as
    write_counter relies on): PostgreSQL is then sent the filter, where DISTINCT alone had
    DuckDB's extension copy every audit row's author (0.5 s at 1.1 M audit rows).
    """
    seen, known = db.authors_seen
    rows = (
        db.cursor()
        .execute("SELECT who, max(id) FROM audit WHERE id > ? GROUP BY who", [seen])
        .fetchall()
    )
    authors = known | {str(who) for who, _ in rows}
    # An open write's own rows are not committed: it may yet roll back.
    if rows and not db.writing():
        db.authors_seen = (max(seen, *(int(newest) for _, newest in rows)), authors)
    return sorted(authors)


def export_tables(db: Database, as_of: datetime | None = None) -> dict[str, pd.DataFrame]:
    """Return every table as it stood at `as_of` (default now), plus the whole audit log."""
    return {
        "programmes": programmes(db),
        "initiatives": initiatives(db),
        "measures": measures(db),
        "goals": goals(db),
        "annotations": annotations(db),
        "targets": targets(db, as_of),
        "milestones": milestones(db, as_of),
        "data_points": data_points(db, as_of),
        "check_ins": check_ins(db, as_of),
        "users": users(db),
        "audit": audit_log(db, limit=2**62),
    }


def target_history(db: Database, measure: str) -> pd.DataFrame:
    """Return every version of a measure's targets, current and superseded, by effective date."""
    return _df(
        db,
        "SELECT t.value, t.effective_from, t.effective_to, t.reason, t.set_by, t.recorded_at, "
        "t.recorded_by, t.superseded_at, t.is_current IS NOT NULL AS is_current "
        "FROM target t WHERE t.measure_id = ? ORDER BY t.effective_from, t.recorded_at, t.id",
        [_id_of(db, "measure", measure)],
    )


@dataclass(frozen=True)
class InitiativeKeys:
    """One initiative's row id and its measures' and milestones' ids (None and empty for an
    unknown code): what the reads of one initiative filter on.

    On PostgreSQL, DuckDB's postgres extension sends a filter on one table's own columns
    (`measure_id IN (5, 7, 9)`, `initiative_id = 3`) to the server, which answers it from its
    indexes; a filter reached through a join (`i.code = ?` joined to the points) it cannot
    send, so it would copy every point of every initiative to filter them itself.
    """

    code: str
    id: int | None
    measures: tuple[int, ...]
    milestones: tuple[int, ...]


def initiative_keys(db: Database, code: str) -> InitiativeKeys:
    """Return one initiative's InitiativeKeys (two small reads: its id, then its rows' ids by
    their own `initiative_id`, which PostgreSQL is sent; joined to the code, every measure's
    and milestone's id was copied)."""
    found: dict[str, list[int]] = {"measure": [], "milestone": []}
    initiative = _id_of(db, "initiative", code)
    if initiative is not None:
        rows = (
            db.cursor()
            .execute(
                "SELECT 'measure', id FROM measure WHERE initiative_id = ? UNION ALL "
                "SELECT 'milestone', id FROM milestone WHERE initiative_id = ?",
                [initiative, initiative],
            )
            .fetchall()
        )
        for kind, key in rows:
            found[kind].append(int(key))
    return InitiativeKeys(
        code, initiative, tuple(sorted(found["measure"])), tuple(sorted(found["milestone"]))
    )


OneInitiative = str | InitiativeKeys
"""An initiative as its reads take it: its code, or its keys already read (initiative_data
reads them once for its eight reads)."""


def _keys(db: Database, of: OneInitiative) -> InitiativeKeys:
    return of if isinstance(of, InitiativeKeys) else initiative_keys(db, of)


def _among(column: str, ids: tuple[int, ...]) -> tuple[str, list[object]]:
    """Return a WHERE fragment keeping rows whose `column` is one of `ids` (none: no row)."""
    if not ids:
        return "FALSE", []
    return f"{column} IN ({', '.join('?' * len(ids))})", list(ids)


def initiative_rows(db: Database, code: OneInitiative) -> pd.DataFrame:
    """Return one initiative (the columns of initiatives()), or no rows if the code is unknown."""
    name = code.code if isinstance(code, InitiativeKeys) else code
    return _df(db, f"{_INITIATIVES} WHERE i.code = ?", [name])


def initiative_measures(db: Database, code: OneInitiative) -> pd.DataFrame:
    """Return one initiative's measures (the columns of measures()), ordered by code."""
    # `i.id = ?` reaches the measures as `m.initiative_id = ?` (DuckDB carries it over the join)
    return _df(db, f"{_MEASURES} WHERE i.id = ? ORDER BY m.code", [_keys(db, code).id])


def initiative_goals(db: Database, code: OneInitiative) -> pd.DataFrame:
    """Return one initiative's goals (the columns of goals()), ordered by code."""
    return _df(db, f"{_GOALS} WHERE i.id = ? ORDER BY g.code", [_keys(db, code).id])


def _of_measures(db: Database, code: OneInitiative, alias: str) -> tuple[str, list[object]]:
    """Return the WHERE fragment narrowing a read that starts from measures to one initiative's."""
    keys = _keys(db, code)
    among, ids = _among(f"{alias}.measure_id", keys.measures)
    return f"i.id = ? AND {among}", [keys.id, *ids]


def initiative_annotations(db: Database, code: OneInitiative) -> pd.DataFrame:
    """Return the annotations of one initiative's measures (the columns of annotations())."""
    where, params = _of_measures(db, code, "a")
    return _df(db, f"{_ANNOTATIONS} WHERE {where} ORDER BY m.code, a.date, a.id", params)


def _of_initiative(
    db: Database, select: str, alias: str, code: OneInitiative, as_of: datetime | None, order: str
) -> pd.DataFrame:
    """Return `select` (rows `alias` of a versioned table joined to _OF_MEASURES) over one
    initiative's measures, the versions current at `as_of`, in `order`."""
    mine, params = _of_measures(db, code, alias)
    where, more = _as_of(alias, as_of)
    sql = f"{select}{_OF_MEASURES} WHERE {mine} AND {where}{order}"
    return _df(db, sql, [*params, *more])


def initiative_data_points(
    db: Database, code: OneInitiative, as_of: datetime | None = None
) -> pd.DataFrame:
    """Return the data points of one initiative's measures current at `as_of` (as data_points())."""
    return _of_initiative(db, _DATA_POINTS, "d", code, as_of, _BY_MEASURE_PERIOD)


def initiative_point_values(
    db: Database, code: OneInitiative, as_of: datetime | None = None
) -> pd.DataFrame:
    """Return one initiative's rows of point_values() (measure, period, value)."""
    return _of_initiative(db, _POINT_VALUES, "d", code, as_of, _BY_MEASURE_PERIOD)


def initiative_targets(
    db: Database, code: OneInitiative, as_of: datetime | None = None
) -> pd.DataFrame:
    """Return the targets of one initiative's measures current at `as_of` (as targets())."""
    order = " ORDER BY m.code, t.effective_from"
    return _of_initiative(db, _TARGETS, "t", code, as_of, order)


def initiative_milestones(
    db: Database, code: OneInitiative, as_of: datetime | None = None
) -> pd.DataFrame:
    """Return one initiative's milestones as they stood at `as_of` (as milestones())."""
    keys = _keys(db, code)
    among, ids = _among("v.milestone_id", keys.milestones)
    where, params = _as_of("v", as_of)
    sql = f"{_MILESTONES} WHERE i.id = ? AND {among} AND {where} ORDER BY ms.code"
    return _df(db, sql, [keys.id, *ids, *params])


def initiative_check_ins(
    db: Database, code: OneInitiative, as_of: datetime | None = None
) -> pd.DataFrame:
    """Return one initiative's check-ins current at `as_of` (as check_ins())."""
    where, params = _as_of("c", as_of)
    sql = f"{_CHECK_INS} WHERE i.id = ? AND {where} ORDER BY i.code, c.period"
    return _df(db, sql, [_keys(db, code).id, *params])


def row_counts(db: Database) -> dict[str, int]:
    """Return the number of rows, every version included, of the large tables: for benchmarks."""
    rows = (
        db.cursor()
        .execute(
            "SELECT 'data_point', count(*) FROM data_point UNION ALL "
            "SELECT 'audit', count(*) FROM audit UNION ALL "
            "SELECT 'check_in', count(*) FROM check_in UNION ALL "
            "SELECT 'milestone_version', count(*) FROM milestone_version UNION ALL "
            "SELECT 'target', count(*) FROM target"
        )
        .fetchall()
    )
    return {name: int(n) for name, n in rows}


def storage_bytes(db: Database) -> tuple[int, int]:
    """Return (bytes in use, bytes free) of the database file: DuckDB reuses free blocks for
    later writes but does not shrink the file, so its size can exceed what the data needs."""
    size, used, free = (
        db.cursor()
        .execute("SELECT block_size, used_blocks, free_blocks FROM pragma_database_size()")
        .fetchall()[0]
    )
    return int(size) * int(used), int(size) * int(free)


def record_codes(db: Database) -> dict[int, str]:
    """Return the code of every programme, initiative and measure by its id, to name what audit
    rows refer to by id. One sequence numbers every table, so an id names one record."""
    rows = (
        db.cursor()
        .execute(
            "SELECT id, code FROM programme UNION ALL SELECT id, code FROM initiative "
            "UNION ALL SELECT id, code FROM measure"
        )
        .fetchall()
    )
    return {int(row_id): str(code) for row_id, code in rows}


def record_days(db: Database, ids: list[int]) -> dict[int, date]:
    """Return the date key of each check-in (its period) and target (its start) among `ids`:
    their audit rows hold it in neither code nor fields."""
    # The ids as constants: PostgreSQL is sent them (a list unnested in DuckDB it was not,
    # and every check-in and target was copied for each audit page).
    among, params = _among("id", tuple(sorted(set(ids))))
    rows = (
        db.cursor()
        .execute(
            f"SELECT id, period FROM check_in WHERE {among} UNION ALL "
            f"SELECT id, effective_from FROM target WHERE {among}",
            [*params, *params],
        )
        .fetchall()
    )
    return {int(row_id): day for row_id, day in rows}
