"""The one write engine: stage rows, classify them against the current version, then supersede,
insert (or update in place) and audit them, set-based, inside the caller's transaction."""

import json
import types
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin

import numpy as np
import pandas as pd
import pyarrow as pa
from pydantic import BaseModel

from tracker.access_rules import Action
from tracker.errors import Conflict, NotFound
from tracker.store import memory, people
from tracker.store.db import Cursor
from tracker.store.queries import arrow_frame


@dataclass(frozen=True)
class Ref:
    """A model field naming a parent by its code; the table keeps the parent's id as <table>_id."""

    field: str
    table: str

    @property
    def column(self) -> str:
        """Return the column that holds the parent's id."""
        return f"{self.table}_id"


@dataclass(frozen=True)
class Spec:
    """How one kind of record is written: its table, model, key, parents and audit shape."""

    table: str
    model: type[BaseModel]
    keys: tuple[str, ...]
    """Model fields naming one record; a parent reference among them stands for the parent's id."""
    code: str
    """SQL over the model's fields giving the code an audit row names the record by."""
    refs: tuple[Ref, ...] = ()
    """Model fields naming a parent by code; each is stored as the parent's id."""
    in_place: bool = False
    """Update the one row in place (its history is in the audit log only) rather than close it
    and add a new version."""
    batched: bool = False
    """The table has batch_id: an import or a revert tags the rows it writes."""
    identity: tuple[Ref, ...] = ()
    """Parents of an identity row (a milestone's code and initiative) that the first key reference
    names and that is created on first write; these fields are not columns of `table`."""
    audit_keys: tuple[str, ...] = ()
    """Key fields every audit row of the record holds beside its facts (an annotation's day)."""
    create_keys: tuple[str, ...] = ()
    """Key fields only a 'create' audit row holds (a programme's code)."""
    action: Action = Action.setup
    """What writing this kind is, as the access rules allow it (set-up, an admin's, unless said)."""


@dataclass(frozen=True)
class Batch:
    """The import batch a write is tagged with, created only if the write changes something."""

    kind: str
    source: str
    reverts: int | None = None


@dataclass(frozen=True)
class Written:
    """What one engine write did; `outcomes` (in row order) only when asked for."""

    added: int
    changed: int
    unchanged: int
    withdrawn: int = 0
    batch_id: int | None = None
    outcomes: tuple[str, ...] = ()


_SQL_TYPES: tuple[tuple[type, str], ...] = (
    (bool, "BOOLEAN"),
    (int, "BIGINT"),
    (float, "DOUBLE"),
    (datetime, "TIMESTAMP"),
    (date, "DATE"),
    (str, "VARCHAR"),
)
"""Python type → SQL type; subclasses first (a bool is an int, a datetime a date)."""

_OUTCOME = {"add": "added", "change": "changed", "unchanged": "unchanged", "withdraw": "withdrawn"}
"""The engine's action for a row → the word a summary counts it under."""

_CLOSING_ACTIONS = ("change", "withdraw")
"""The actions that close a record's current version."""

_CLOSING = "(" + ", ".join(f"'{a}'" for a in _CLOSING_ACTIONS) + ")"
"""_CLOSING_ACTIONS as an SQL list."""

CONFLICTS_SHOWN = 10
"""How many conflicting rows a refused revert names; the count covers the rest."""

UNKNOWN_SHOWN = 5
"""How many unknown codes an error names; the count covers the rest."""

NAMED_ROWS = 1000
"""A write of at most this many rows reads only the records it names (a check-in, a form):
their codes and ids go into the SQL as constants, which a PostgreSQL database is then asked
for through its indexes; a larger write (an import) reads whole tables, which is faster."""


def sql_type(annotation: Any) -> str:
    """Return the SQL type a model field of this annotation is stored as (a sequence as JSON)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return sql_type(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return sql_type(next(a for a in get_args(annotation) if a is not type(None)))
    if origin in (tuple, list):
        return "JSON"
    for python, sql in _SQL_TYPES:
        if isinstance(annotation, type) and issubclass(annotation, python):
            return sql
    raise TypeError(f"No SQL type for {annotation!r}")


@cache
def field_types(model: type[BaseModel]) -> dict[str, str]:
    """Return each field of a model with its SQL type, in the model's order."""
    return {name: sql_type(f.annotation) for name, f in model.model_fields.items()}


def _ref(spec: Spec, name: str) -> Ref | None:
    return next((r for r in spec.refs if r.field == name), None)


def column(spec: Spec, name: str) -> str:
    """Return the table column that stores a model field (a parent reference holds its id)."""
    ref = _ref(spec, name)
    return ref.column if ref else name


def key_columns(spec: Spec) -> list[str]:
    """Return the table columns that name one record."""
    return [column(spec, k) for k in spec.keys]


def facts(spec: Spec) -> list[str]:
    """Return the table columns a write compares, changes and audits (every stored non-key)."""
    identity = {r.field for r in spec.identity}
    return [
        column(spec, name)
        for name in field_types(spec.model)
        if name not in spec.keys and name not in identity
    ]


def frame(items: Sequence[BaseModel]) -> pd.DataFrame:
    """Return models as a table of their fields: enums as text, a sequence as its JSON text."""
    model = type(items[0])
    rows = [item.model_dump(mode="json", warnings=False) for item in items]
    table = pd.DataFrame(rows, columns=list(field_types(model)))
    for name, kind in field_types(model).items():
        if kind == "JSON":
            table[name] = table[name].map(json.dumps)
    return table


def column_types(spec: Spec) -> dict[str, str]:
    """Return each stored column of the model's fields with its SQL type (a parent's id BIGINT)."""
    return {
        column(spec, name): "BIGINT" if _ref(spec, name) else kind
        for name, kind in field_types(spec.model).items()
    }


def _json(spec: Spec, values: dict[str, str]) -> str:
    """Return SQL giving a JSON object of column → SQL value as the audit log keeps it: DuckDB's
    compact json_object, fields in the model's order (the trail shows them in that order), a
    JSON column as its text.

    json_object rather than text joined from each field's to_json: a check-in save's audit rows
    cost a quarter of the save's time that way (8 of 34 ms of CPU), a million values twice as
    long."""
    kinds = column_types(spec)

    def value(name: str) -> str:
        found = values[name]
        return f"CAST({found} AS VARCHAR)" if kinds[name] == "JSON" else found

    return "json_object(" + ", ".join(f"'{n}', {value(n)}" for n in values) + ")"


def _incoming(cur: Cursor, spec: Spec, rows: pd.DataFrame) -> None:
    """Make the rows, with their order as _seq, `engine_incoming`: a small write's a temp table
    made from one list per column, a large write's registered through Arrow."""
    if len(rows) > NAMED_ROWS:
        cur.execute("DROP TABLE IF EXISTS engine_incoming")  # a small write's, left in place
        data = rows.assign(_seq=np.arange(len(rows)))
        # Through Arrow: DuckDB scans it without a Python object per cell, and NaN becomes NULL.
        cur.register("engine_incoming", pa.Table.from_pandas(data, preserve_index=False))
        return
    # Each later step reading a registered Python object costs DuckDB about 0.6 ms more than
    # reading a table; one list per column keeps the statement the same for any number of rows.
    kinds = {**field_types(spec.model), "_withdraw": "BOOLEAN"}
    lists = ", ".join(
        f"unnest(CAST(? AS {'VARCHAR' if kinds[n] == 'JSON' else kinds[n]}[])) AS {n}"
        for n in rows.columns
    )
    cur.execute(
        f"CREATE OR REPLACE TEMP TABLE engine_incoming AS SELECT {lists}, unnest(range(?)) AS _seq",
        [*(_plain(rows[n].tolist()) for n in rows.columns), len(rows)],
    )


def _plain(values: list[Any]) -> list[Any]:
    """Return a column's values with each missing one (NaN, NaT, NA) as None, which is NULL."""
    return [None if pd.api.types.is_scalar(v) and pd.isna(v) else v for v in values]


def _base(spec: Spec) -> list[str]:
    """Return the columns of a staged row before it is classified."""
    return ["_seq", *field_types(spec.model), *(r.column for r in spec.refs), "_withdraw", "_round"]


def _classify_sql(spec: Spec, staged: str, ids: bool, named: str = "TRUE") -> str:
    """Return a SELECT of the staged rows with the current version's facts as _old_<fact>, an
    _action (add, change, unchanged or withdraw) and, with `ids`, each new row's id."""
    on = " AND ".join(f"c.{k} = s.{k}" for k in key_columns(spec))
    old = ", ".join(f"c.{f} AS _old_{f}" for f in facts(spec))
    differs = " OR ".join(f"c.{f} IS DISTINCT FROM s.{f}" for f in facts(spec))
    fresh = "'add'" if spec.in_place else "'add', 'change'"
    # Each new row takes its id here, so its audit row needs no join back to the table (a
    # million-row join in a large import). Records kept in place are listed in id order (two
    # annotations of a day), so theirs follow the rows' order; a version's never need to, and
    # sorting a million imported values would cost a second or more.
    new_id = f"CASE WHEN _action IN ({fresh}) THEN nextval('id_seq') END" if ids else "NULL"
    order = " ORDER BY s._seq" if spec.in_place else ""
    return (
        f"SELECT *, {new_id} AS _new_id FROM ("
        f"SELECT {', '.join('s.' + n for n in _base(spec))}, c.id AS _old_id, {old}, "
        "CASE WHEN s._withdraw THEN (CASE WHEN c.id IS NULL THEN 'unchanged' ELSE 'withdraw' END) "
        f"WHEN c.id IS NULL THEN 'add' WHEN {differs} THEN 'change' ELSE 'unchanged' END "
        f"AS _action FROM {staged} AS s LEFT JOIN {_current(spec, named)} AS c ON {on}{order})"
    )


def _literal(value: object) -> str:
    """Return a code or key as an SQL constant (a whole number as it is, anything else as text)."""
    if isinstance(value, int | np.integer) and not isinstance(value, bool):
        return str(int(value))
    return "'" + str(value).replace("'", "''") + "'"


def among(column: str, values: Sequence[object]) -> str:
    """Return SQL true where `column` is one of the values (never, for none)."""
    return f"{column} IN ({', '.join(map(_literal, values))})" if values else "FALSE"


Named = dict[str, list[str]] | None
"""Each reference field of a small write → the codes its rows give; None for a large write,
which reads whole tables (see NAMED_ROWS)."""


def _named(spec: Spec, rows: pd.DataFrame | str) -> Named:
    """Return the parent codes a small write's rows name (None for a large one)."""
    if not isinstance(rows, pd.DataFrame) or len(rows) > NAMED_ROWS:
        return None
    return {
        r.field: sorted({str(v) for v in rows[r.field] if pd.notna(v)})
        for r in (*spec.refs, *spec.identity)
    }


def _parent(table: str, codes: Named, field: str) -> str:
    """Return SQL for a parent table, only the rows of the codes given when they are known."""
    if codes is None:
        return table
    return f"(SELECT * FROM {table} WHERE {among('code', codes[field])})"


def _locks(spec: Spec, rows: pd.DataFrame | str, codes: Named) -> list[str] | None:
    """Return the names of the record locks a write holds ('<table>:<first key's code>', as
    writes.refuse_if_changed names them), or None for a large write, which holds the whole
    database."""
    if codes is None or not isinstance(rows, pd.DataFrame):
        return None
    first = spec.keys[0]
    given = codes[first] if _ref(spec, first) else [str(v) for v in rows[first] if pd.notna(v)]
    return [f"{spec.table}:{code}" for code in given]


Known = dict[str, list[tuple[str, int]]]
"""A reference field → the (code, id) of each parent a small write's rows name, once read."""


def _keyed(
    cur: Cursor, spec: Spec, rows: pd.DataFrame | str, codes: Named, known: Known
) -> tuple[str, Known]:
    """Return SQL over the table's first key column true for the records a small write names
    (TRUE for a large write): constants, so that PostgreSQL finds them by its index; and the
    parents of a first key that is a reference, as read for it (or `known` already)."""
    if codes is None or not isinstance(rows, pd.DataFrame):
        return "TRUE", {}
    first = spec.keys[0]
    ref = _ref(spec, first)
    if ref is None:
        values: list[object] = sorted({v for v in rows[first] if pd.notna(v)}, key=str)
        return among(column(spec, first), values), {}
    found = known.get(first)
    if found is None:
        found = _code_ids(cur, ref.table, codes[first])
    return among(column(spec, first), [i for _, i in found]), {first: found}


def _code_ids(cur: Cursor, table: str, codes: list[str]) -> list[tuple[str, int]]:
    """Return the (code, id) of the parent rows with these codes, read once per transaction: a
    row's code and id never change, and a code not found ends the write (NotFound)."""
    sql = f"SELECT code, id FROM {table} WHERE {among('code', codes)}"
    return cur.kept(("code_ids", table, *codes), lambda: cur.execute(sql).fetchall())


def _parent_id(i: str, r: Ref, codes: Named, known: Known) -> tuple[str, str | None]:
    """Return SQL for the id of the parent an incoming row `i` names (as r.column) and the join
    it needs: for parents already read, the ids as constants (DuckDB then asks PostgreSQL
    nothing more and plans no join: 0.2 ms of each of a check-in save's writes); else a join
    of the parent table as _parent gives it."""
    named = f"CAST({i}.{r.field} AS VARCHAR)"
    if known.get(r.field):
        ids = " ".join(f"WHEN {_literal(c)} THEN {int(n)}" for c, n in known[r.field])
        return f"CASE {named} {ids} END AS {r.column}", None
    alias = f"p_{r.field}"
    join = f"LEFT JOIN {_parent(r.table, codes, r.field)} AS {alias} ON {alias}.code = {named}"
    return f"{alias}.id AS {r.column}", join


def _stage(
    cur: Cursor, spec: Spec, withdraw: bool, ids: bool = True, codes: Named = None,
    named: str = "TRUE", known: Known | None = None,
) -> None:  # fmt: skip
    """Create temp table engine_staged: each incoming row cast to its types, with its parents'
    ids and, as it stands against the current versions (of the records `named`), its action
    (right for every row while no record is given twice: _survey then numbers the rounds)."""
    kinds = field_types(spec.model)
    cast = [f"CAST(i.{name} AS {kind}) AS {name}" for name, kind in kinds.items()]
    parents = [_parent_id("i", r, codes, known or {}) for r in spec.refs]
    ids_of = [id_of for id_of, _ in parents]
    joins = [join for _, join in parents if join is not None]
    staged = (
        "(SELECT i._seq, "
        + ", ".join([*cast, *ids_of])
        + f", {'i._withdraw' if withdraw else 'FALSE'} AS _withdraw, 1 AS _round "
        f"FROM engine_incoming AS i {' '.join(joins)})"
    )
    cur.execute(
        f"CREATE OR REPLACE TEMP TABLE engine_staged AS {_classify_sql(spec, staged, ids, named)}"
    )


@dataclass(frozen=True)
class _Tally:
    """What a write's staged rows hold, before any is written."""

    rows: int
    records: int
    """How many different records (keys) the rows are of."""
    counts: dict[str, int]
    """How many rows take each action."""
    unknown: list[tuple[int, list[str]]]
    """For each reference of the spec: how many rows name a code no parent has, and those codes."""
    closed: list[int]
    """The ids of the versions the rows close; only a small write's (see _survey)."""


def _unknown(ids: Any, codes: Any) -> Any:
    """Return where a row names a parent code (not NULL) that no parent has (its id NULL): an
    optional parent left empty (a programme-level risk's initiative) names no code."""
    return np.ma.getmaskarray(ids) & ~np.ma.getmaskarray(codes)


def _tally_rows(cur: Cursor, spec: Spec) -> _Tally:
    """Tally a small write's staged rows here, read as they are: one plain read costs DuckDB
    about 0.2 ms, where an aggregate over the same few rows costs 1–4 ms of planning (the
    three writes of a check-in save spent 8 ms of a 40 ms save on it)."""
    keys = key_columns(spec)
    names = ["_action", "_old_id", *keys, *(n for r in spec.refs for n in (r.column, r.field))]
    found = cur.execute(f"SELECT {', '.join(dict.fromkeys(names))} FROM engine_staged").fetchnumpy()
    actions = np.ma.getdata(found["_action"])
    kinds, numbers = np.unique(actions, return_counts=True)
    unknown = []
    for ref in spec.refs:
        where = _unknown(found[ref.column], found[ref.field])
        codes = np.ma.getdata(found[ref.field])[where]
        unknown.append((int(where.sum()), sorted({str(c) for c in codes})))
    closing = np.isin(actions, _CLOSING_ACTIONS)
    records = set(zip(*(np.ma.getdata(found[k]).tolist() for k in keys), strict=True))
    return _Tally(
        rows=len(actions),
        records=len(records),
        counts={str(k): int(n) for k, n in zip(kinds, numbers, strict=True)},
        unknown=unknown,
        closed=np.ma.getdata(found["_old_id"])[closing].astype(int).tolist(),
    )


def _tally_sql(cur: Cursor, spec: Spec) -> _Tally:
    """Tally a large write's staged rows in DuckDB (a million would be slow to read here)."""
    unknown = [f"{r.column} IS NULL AND {r.field} IS NOT NULL" for r in spec.refs]
    checks = [f"count(*) FILTER ({u}), list(DISTINCT {r.field}) FILTER ({u})"
              for r, u in zip(spec.refs, unknown, strict=True)]  # fmt: skip
    keys = ", ".join(key_columns(spec))
    actions = ", ".join(f"count(*) FILTER (_action = '{a}')" for a in _OUTCOME)
    found = cur.execute(
        f"SELECT count(*), count(DISTINCT ({keys})), {actions}"
        f"{''.join(', ' + c for c in checks)} FROM engine_staged"
    ).fetchall()[0]
    width = 2 + len(_OUTCOME)
    return _Tally(
        rows=int(found[0]),
        records=int(found[1]),
        counts=dict(zip(_OUTCOME, map(int, found[2:width]), strict=True)),
        unknown=[
            (int(found[width + 2 * n]), sorted(found[width + 1 + 2 * n] or []))
            for n in range(len(spec.refs))
        ],  # fmt: skip
        closed=[],  # a million ids would be a long list; a large write reads them where it closes
    )


def _survey(cur: Cursor, spec: Spec, small: bool) -> tuple[int, dict[str, int], list[int]]:
    """Raise NotFound naming codes no parent has; number the rounds of a record given more than
    once; return the number of rounds, how many rows of the first take each action and, for a
    `small` write of one round, the ids of the versions it closes (found in the same step)."""
    tally = _tally_rows(cur, spec) if small else _tally_sql(cur, spec)
    for ref, (missing, codes) in zip(spec.refs, tally.unknown, strict=True):
        if missing:
            shown = codes[:UNKNOWN_SHOWN]
            more = f" and {len(codes) - len(shown)} more" if len(codes) > len(shown) else ""
            raise NotFound(
                f"No {ref.table} with code {', '.join(shown)}{more}: {missing} row(s) name a "
                f"{ref.table} code that does not exist; create it first or check the code."
            )
    counts = {a: tally.counts[a] for a in _OUTCOME if tally.counts.get(a)}
    if tally.rows == tally.records:
        return min(tally.rows, 1), counts, tally.closed
    # Numbered only when a record repeats: a window over a million rows costs seconds.
    keys = ", ".join(key_columns(spec))
    cur.execute(
        "UPDATE engine_staged SET _round = r.n FROM (SELECT _seq, row_number() OVER "
        f"(PARTITION BY {keys} ORDER BY _seq) AS n FROM engine_staged) AS r "
        "WHERE engine_staged._seq = r._seq"
    )
    return int(cur.execute("SELECT max(_round) FROM engine_staged").fetchall()[0][0]), counts, []


Identities = list[tuple[str, str, int | None, int | None, int | None]]
"""Each (code, parent code) a write's rows give, in that order, with the parent id the code's
row already has, the given parent's id and the code's row id (None where there is none)."""


def _identities_sql(cur: Cursor, owner: Ref, r: Ref, codes: Named) -> Identities:
    """Return the Identities of a write's rows (engine_incoming), joined in DuckDB."""
    # The parent an existing code belongs to is compared by id; its code is read only for
    # the error (reading it in the same step would read the whole parent table).
    return cur.execute(
        f"SELECT i.code, i.{r.field}, x.{r.column}, n.id, x.id FROM (SELECT DISTINCT "
        f"CAST({owner.field} AS VARCHAR) AS code, CAST({r.field} AS VARCHAR) AS {r.field} "
        f"FROM engine_incoming) AS i "
        f"LEFT JOIN {_parent(owner.table, codes, owner.field)} AS x ON x.code = i.code "
        f"LEFT JOIN {_parent(r.table, codes, r.field)} AS n ON n.code = i.{r.field} "
        f"ORDER BY i.code, i.{r.field}"
    ).fetchall()


def _identities(cur: Cursor, owner: Ref, r: Ref, codes: dict[str, list[str]],
                rows: pd.DataFrame) -> Identities:  # fmt: skip
    """Return the Identities of a small write's rows from two plain reads of the codes named,
    joined here: DuckDB's join of the two costs 3 ms of a check-in save, the reads 1.3 ms."""
    held = {
        code: (parent, row)
        for code, parent, row in cur.execute(
            f"SELECT code, {r.column}, id FROM {owner.table} "
            f"WHERE {among('code', codes[owner.field])}"
        ).fetchall()
    }
    parents = dict(_code_ids(cur, r.table, codes[r.field]))
    given = rows[[owner.field, r.field]].dropna().astype(str).drop_duplicates()
    pairs = sorted(zip(given[owner.field], given[r.field], strict=True))
    nothing: tuple[int | None, int | None] = (None, None)
    return [
        (code, parent, held.get(code, nothing)[0], parents.get(parent), held.get(code, nothing)[1])
        for code, parent in pairs
    ]


def _ensure_identity(cur: Cursor, spec: Spec, codes: Named, rows: pd.DataFrame | str) -> "Known":
    """Create the identity rows new codes need; refuse a code that belongs to another parent.
    Return, for a small write that created none, the (code, id) of the rows its codes name."""
    owner = spec.refs[0]
    known: Known = {}
    for r in spec.identity:
        found = (
            _identities(cur, owner, r, codes, rows)
            if codes is not None and isinstance(rows, pd.DataFrame)
            else _identities_sql(cur, owner, r, codes)
        )
        first: dict[str, str] = {}
        for code, parent, held_by, parent_id, _ in found:
            if held_by is None:
                elsewhere = first.setdefault(code, parent)
            elif held_by != parent_id:
                [(elsewhere,)] = cur.execute(
                    f"SELECT code FROM {r.table} WHERE id = ?", [held_by]
                ).fetchall()
            else:
                elsewhere = parent
            if elsewhere != parent:
                raise Conflict(
                    f"{owner.table.capitalize()} {code} belongs to {elsewhere}, another "
                    f"{r.table}; {owner.table} codes are unique across the programme."
                )
        unknown = sorted({parent for _, parent, _, parent_id, _ in found if parent_id is None})
        if unknown:
            raise NotFound(
                f"No {r.table} with code {unknown[0]}; create it first or check the code."
            )
        new = [(code, parent_id) for code, _, _, parent_id, row in found if row is None]
        if new:
            cur.execute(
                f"INSERT INTO {owner.table} (code, {r.column}) SELECT unnest($codes), unnest($ids)",
                {"codes": [c for c, _ in new], "ids": [i for _, i in new]},
            )
        elif codes is not None:
            known = {owner.field: [(code, row) for code, _, _, _, row in found if row is not None]}
    return known


def _current(spec: Spec, named: str = "TRUE") -> str:
    """Return SQL for the rows a write compares with: the current version of each record (of
    the records `named`, SQL over the table's first key column that keeps a key's rows whole)."""
    if not spec.in_place:
        # `= TRUE`, not the bare column: PostgreSQL is then asked for current rows only.
        return f"(SELECT * FROM {spec.table} WHERE is_current = TRUE AND {named})"
    # The newest row of a key: a database from before annotations were keyed may hold several.
    return (
        f"(SELECT * FROM {spec.table} WHERE {named} QUALIFY row_number() OVER "
        f"(PARTITION BY {', '.join(key_columns(spec))} ORDER BY id DESC) = 1)"
    )


def _classify(cur: Cursor, spec: Spec, round_number: int, named: str) -> dict[str, int]:
    """Create temp table engine_work from one later round's rows classified against the
    versions the earlier rounds left (of the records `named`); return how many rows take each
    action."""
    staged = f"(SELECT * FROM engine_staged WHERE _round = {round_number})"
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE engine_work AS "
        + _classify_sql(spec, staged, ids=True, named=named)
    )
    return dict(cur.execute("SELECT _action, count(*) FROM engine_work GROUP BY ALL").fetchall())


def _supersede_and_insert(
    cur: Cursor,
    spec: Spec,
    work: str,
    counts: dict[str, int],
    at: datetime,
    who: str,
    batch: int | None,
    closed: list[int],
) -> None:
    """Close the changed and withdrawn current versions (their ids `closed` when known) and
    insert the new ones."""
    closing = counts.get("change", 0) + counts.get("withdraw", 0)
    if closing:
        old = (
            ", ".join(str(int(i)) for i in closed)
            if closed
            else _old_ids(cur, work, f"_action IN {_CLOSING}", closing)
        )
        close = (
            f"UPDATE {spec.table} SET superseded_at = {_literal(at)}, "
            f"superseded_by = {_literal(who)}, is_current = NULL WHERE id IN ({old})"
        )
        # A few ids, as constants: run by the database that keeps the rows, in one step.
        cur.execute_at_source(close) if closing <= NAMED_ROWS else cur.execute(close)
    if not (counts.get("add") or counts.get("change")):
        return
    names = [*key_columns(spec), *facts(spec)]
    tagged = ["batch_id"] if spec.batched else []
    cur.execute(
        f"INSERT INTO {spec.table} (id, {', '.join([*names, *tagged])}, recorded_at, "
        f"recorded_by, is_current) SELECT _new_id, {', '.join(names)}"
        f"{', $batch' if spec.batched else ''}, $at, $who, TRUE FROM {work} "
        "WHERE _new_id IS NOT NULL",
        {"at": at, "who": who, **({"batch": batch} if spec.batched else {})},
    )


def _old_ids(cur: Cursor, work: str, where: str, n: int) -> str:
    """Return SQL giving the ids of the versions that n rows of `work` (those `where` holds)
    replace: the ids themselves for a few (PostgreSQL then finds them by its index, rather
    than DuckDB reading every id of the table), a subquery for many."""
    found = f"SELECT _old_id FROM {work} WHERE {where}"
    if n > NAMED_ROWS:
        return found
    return ", ".join(str(int(row[0])) for row in cur.execute(found).fetchall())


def _insert_and_update(cur: Cursor, spec: Spec, work: str, counts: dict[str, int]) -> None:
    """Insert the new rows and set, in place, only the columns that changed."""
    names = [*key_columns(spec), *facts(spec)]
    if counts.get("add"):
        cur.execute(
            f"INSERT INTO {spec.table} (id, {', '.join(names)}) "
            f"SELECT _new_id, {', '.join(names)} FROM {work} WHERE _action = 'add'"
        )
    if not counts.get("change"):
        return
    differs = [f"count(*) FILTER (_action = 'change' AND {f} IS DISTINCT FROM _old_{f})"
               for f in facts(spec)]  # fmt: skip
    changed_rows = cur.execute(f"SELECT {', '.join(differs)} FROM {work}").fetchall()[0]
    # One column at a time, on the rows where it differs.
    for name, n in zip(facts(spec), changed_rows, strict=True):
        if not n:
            continue
        changed = f"_action = 'change' AND {name} IS DISTINCT FROM _old_{name}"
        if name.endswith("_id"):
            _refuse_moving_a_parent(cur, spec, work, name, changed)
        old = _old_ids(cur, work, changed, n)
        cur.execute(
            f"UPDATE {spec.table} SET {name} = w.{name} FROM {work} AS w "
            f"WHERE {spec.table}.id = w._old_id AND w.{changed.replace(' AND ', ' AND w.')} "
            f"AND {spec.table}.id IN ({old})"
        )


def _refuse_moving_a_parent(cur: Cursor, spec: Spec, work: str, name: str, changed: str) -> None:
    """Raise Conflict if a record whose parent `name` changes is referred to by any row: the
    rows that refer to it (a measure's values, goals, targets) belong where it was.

    Found from the catalog (every column named <table>_id of the database's own tables), not
    from foreign keys: data_point keeps none (migration 008), and PostgreSQL, unlike DuckDB,
    would let a referred-to row's parent change.
    """
    tables = cur.execute(
        "SELECT table_name FROM information_schema.columns WHERE column_name = ? "
        "AND table_catalog = current_database() AND table_schema = current_schema() "
        "ORDER BY table_name",
        [f"{spec.table}_id"],
    ).fetchall()
    if not tables:
        return
    referred = " OR ".join(
        f"EXISTS (SELECT 1 FROM {t} AS r WHERE r.{spec.table}_id = w._old_id)" for (t,) in tables
    )
    first = cur.execute(
        f"SELECT {spec.code} FROM {work} AS w WHERE {changed} AND ({referred}) "
        "ORDER BY _seq LIMIT 1"
    ).fetchall()
    if first:
        raise Conflict(
            f"{spec.table.capitalize()} {first[0][0]} cannot change its "
            f"{name.removesuffix('_id')} while other records refer to it; create a new "
            f"{spec.table} with a new code instead."
        )


AUDIT_SLICE = 400_000
"""A large write's audit rows are appended at most this many rows at a time, each slice sorted
into row order: sorting a million-row import's at once held them all in memory (about 250 MB;
in three slices about 140 MB)."""


def _audit(cur: Cursor, spec: Spec, work: str, at: datetime, who: str, given: int) -> None:
    """Append one audit row per row written, before and after as JSON, in row order (`given`
    rows were written: a large write's are appended in slices of AUDIT_SLICE)."""
    keys = {column(spec, k): f"w.{column(spec, k)}" for k in spec.audit_keys}
    # A record's key is the same before and after: the staged row holds it.
    before = {**keys, **{f: f"w._old_{f}" for f in facts(spec)}}
    after = {**keys, **{f: f"w.{f}" for f in facts(spec)}}
    created = {**{column(spec, k): f"w.{column(spec, k)}" for k in spec.create_keys}, **after}
    # Written once where a 'create' row holds the same as an 'update' (no create_keys).
    added = f"WHEN 'add' THEN {_json(spec, created)} " if spec.create_keys else ""
    insert = (
        f"INSERT INTO {cur.audit_table()} (happened_at, who, action, entity, entity_id, code, "
        "before, after) SELECT $at, $who, CASE w._action WHEN 'add' THEN 'create' "
        f"WHEN 'withdraw' THEN 'delete' ELSE 'update' END, '{spec.table}', "
        f"coalesce(w._new_id, w._old_id), {spec.code}, "
        f"CASE WHEN w._action = 'add' THEN NULL ELSE {_json(spec, before)} END, "
        f"CASE w._action WHEN 'withdraw' THEN NULL {added}ELSE {_json(spec, after)} END"
    )
    if given <= AUDIT_SLICE:
        cur.execute(
            f"{insert} FROM {work} AS w WHERE w._action <> 'unchanged' ORDER BY w._seq",
            {"at": at, "who": who},
        )
        return
    # A slice sorts only the columns its audit rows are made from; the JSON is made after.
    olds = [f"_old_{f}" for f in facts(spec)]
    read = dict.fromkeys(
        ["_seq", "_action", "_new_id", "_old_id", *field_types(spec.model), *key_columns(spec),
         *facts(spec), *olds]
    )  # fmt: skip
    low, high = cur.execute(f"SELECT min(_seq), max(_seq) FROM {work}").fetchall()[0]
    span = int(high) - int(low) + 1
    step = -(-span // -(-span // AUDIT_SLICE))  # as few slices as AUDIT_SLICE allows, even
    for first in range(int(low), int(high) + 1, step):
        cur.execute(
            f"{insert} FROM (SELECT {', '.join(read)} FROM {work} WHERE _action <> 'unchanged' "
            f"AND _seq >= {first} AND _seq < {first + step} ORDER BY _seq) AS w",
            {"at": at, "who": who},
        )


def _new_batch(cur: Cursor, batch: Batch, at: datetime, who: str, counts: dict[str, int]) -> int:
    """Record the import batch a write is tagged with; return its id."""
    # The id is drawn first: DuckDB cannot INSERT … RETURNING into an attached PostgreSQL table.
    batch_id = int(cur.execute("SELECT nextval('id_seq')").fetchall()[0][0])
    cur.execute(
        "INSERT INTO import_batch (id, kind, source, created_at, created_by, added, changed, "
        "reverts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [batch_id, batch.kind, batch.source, at, who, counts.get("add", 0),
         counts.get("change", 0) + counts.get("withdraw", 0), batch.reverts],
    )  # fmt: skip
    return batch_id


def _count(cur: Cursor, rows: pd.DataFrame | str) -> int:
    """Return how many rows a write is given (a table, or the name of a relation)."""
    if isinstance(rows, pd.DataFrame):
        return len(rows)
    return int(cur.execute(f"SELECT count(*) FROM {rows}").fetchall()[0][0])


def _initiative_of(cur: Cursor, spec: Spec) -> str | None:
    """Return SQL over an incoming row `i` giving the code of the initiative it belongs to, found
    through the spec's references; None for a kind that belongs to the whole programme."""
    if spec.table == "initiative":
        return "CAST(i.code AS VARCHAR)"
    for ref in (*spec.refs, *spec.identity):
        if ref.table == "initiative":
            return f"CAST(i.{ref.field} AS VARCHAR)"
    for ref in spec.refs:
        held = cur.execute(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = ? "
            "AND column_name = 'initiative_id'",
            [ref.table],
        ).fetchall()[0][0]
        if held:
            return (
                f"(SELECT o.code FROM {ref.table} AS p JOIN initiative AS o ON o.id = "
                f"p.initiative_id WHERE p.code = CAST(i.{ref.field} AS VARCHAR))"
            )
    return None


def _permit(cur: Cursor, spec: Spec, who: str) -> None:
    """Refuse (NotAllowed), before anything is written, rows of engine_incoming that the acting
    person may not write: the spec's action on each initiative the rows belong to."""
    if not people.admins(cur):
        return  # a one-person database: nothing to look up
    initiative = _initiative_of(cur, spec)
    if initiative is None:
        people.check(cur, who, spec.action)
        return
    found = [
        code
        for (code,) in cur.execute(
            f"SELECT DISTINCT {initiative} AS code FROM engine_incoming AS i"
        ).fetchall()
    ]
    codes: list[str | None] = [code for code in found if code is not None]
    # A row of a kind that may belong to the whole programme (a programme-level risk) is checked
    # as the programme's; any other row naming no initiative names an unknown parent, and the
    # write then reports it.
    if None in found and any(ref.table == "programme" for ref in spec.refs):
        codes.append(None)
    people.check(cur, who, spec.action, codes)


def _receive(
    cur: Cursor, spec: Spec, rows: pd.DataFrame | str, ids: bool = True, who: str | None = None
) -> str:
    """Stage the rows (a table, or the name of a relation holding them with _seq) as
    engine_staged, creating the identity rows they need first; with `who`, refused first
    (NotAllowed) if the acting person may not write them. Return SQL naming the records the
    rows are of (see _keyed), for classifying them again."""
    if isinstance(rows, pd.DataFrame):
        _incoming(cur, spec, rows)
        withdraw = "_withdraw" in rows.columns
    else:
        cur.execute("DROP TABLE IF EXISTS engine_incoming")  # a small write's, left in place
        cur.execute(f"CREATE OR REPLACE TEMP VIEW engine_incoming AS SELECT * FROM {rows}")
        found = cur.execute("SELECT * FROM engine_incoming LIMIT 0").description
        withdraw = "_withdraw" in [d[0] for d in found]
    try:
        if who is not None:
            _permit(cur, spec, who)
        codes = _named(spec, rows)
        known = _ensure_identity(cur, spec, codes, rows) if spec.identity and ids else {}
        named, known = _keyed(cur, spec, rows, codes, known)
        _stage(cur, spec, withdraw, ids, codes, named, known)
        if codes is None:
            # A large write (or a revert's): what staging freed goes back before the steps
            # that follow add their own peaks (see store.memory).
            memory.give_back()
    finally:
        if isinstance(rows, pd.DataFrame):
            # A small write's few rows stay until the next write's replace them: a step saved.
            if len(rows) > NAMED_ROWS:
                cur.unregister("engine_incoming")
        else:
            cur.execute("DROP VIEW engine_incoming")
    return named


def hold(cur: Cursor, spec: Spec, rows: pd.DataFrame | str) -> None:
    """Wait for the locks of the records the rows are of, as write() does (Cursor.hold): a
    caller that takes the time its versions are recorded at holds them first."""
    cur.hold(_locks(spec, rows, _named(spec, rows)))


def write(
    cur: Cursor,
    spec: Spec,
    rows: pd.DataFrame | str,
    at: datetime,
    who: str,
    batch: Batch | None = None,
    outcomes: bool = False,
) -> Written:
    """Write rows of one kind (model field names as columns) inside the caller's transaction.

    Each row is classified against the record's current version: a new record is added, a
    changed one supersedes it (kept; an in-place kind is updated, the audit keeping the old),
    an identical one is left alone; a row with _withdraw TRUE closes the current version
    without a new one. `rows` may instead name a relation holding them with their order as
    _seq. A record given twice is written twice, in order. With `batch`, the rows written are
    tagged with a new import batch (none if nothing changes). Raises NotAllowed if `who` may
    not write these rows (see store.people.check), NotFound for an unknown parent code,
    Conflict for a code that belongs to another parent.
    """
    if isinstance(rows, pd.DataFrame) and rows.empty:
        return Written(0, 0, 0)
    # Before anything is read: the current versions it compares with are then final.
    hold(cur, spec, rows)
    # Ids for staging every row, classifying a later round's again, and a batch.
    given = _count(cur, rows)
    cur.reserve_ids(2 * given + 1)
    named = _receive(cur, spec, rows, who=who)
    rounds, first, closed = _survey(cur, spec, small=given <= NAMED_ROWS)
    totals: dict[str, int] = {}
    actions: list[tuple[int, str]] = []
    batch_id = None
    for number in range(1, rounds + 1):
        # One round (the usual case) is written from the staged rows as classified.
        work, counts = ("engine_staged", first) if rounds == 1 else (
            "engine_work", _classify(cur, spec, number, named))  # fmt: skip
        if counts.keys() - {"unchanged"}:
            if batch is not None and batch_id is None:
                batch_id = _new_batch(cur, batch, at, who, counts)
            if spec.in_place:
                _insert_and_update(cur, spec, work, counts)
            else:
                _supersede_and_insert(cur, spec, work, counts, at, who, batch_id,
                                      closed if rounds == 1 else [])  # fmt: skip
            _audit(cur, spec, work, at, who, given)
            if spec.table in people.GRANT_TABLES:
                people.forget(cur)
        if outcomes:
            actions += cur.execute(f"SELECT _seq, _action FROM {work}").fetchall()
        for action, n in counts.items():
            totals[action] = totals.get(action, 0) + n
    if batch_id is not None and rounds > 1:
        cur.execute(
            "UPDATE import_batch SET added = ?, changed = ? WHERE id = ?",
            [totals.get("add", 0), totals.get("change", 0) + totals.get("withdraw", 0), batch_id],
        )
    if rounds > 1:
        cur.execute("DROP TABLE engine_work")
    if given > NAMED_ROWS:
        # A small write's few staged rows stay until the next write replaces them: a step saved.
        cur.execute("DROP TABLE engine_staged")
    return Written(
        added=totals.get("add", 0),
        changed=totals.get("change", 0),
        unchanged=totals.get("unchanged", 0),
        withdrawn=totals.get("withdraw", 0),
        batch_id=batch_id,
        outcomes=tuple(_OUTCOME[a] for _, a in sorted(actions)),
    )


def classify(cur: Cursor, spec: Spec, rows: pd.DataFrame) -> pd.DataFrame:
    """Return each row (in order) classified against the current version, writing nothing.

    Columns: _seq (row order), code (as the audit log names the record), _action ('add',
    'change' or 'unchanged'), each fact and the current version's as _old_<fact>.
    """
    _receive(cur, spec, rows, ids=False)
    shown = ", ".join(f"{f}, _old_{f}" for f in facts(spec))
    sql = f"SELECT _seq, {spec.code} AS code, _action, {shown} FROM engine_staged ORDER BY _seq"
    try:
        # Through Arrow: a million rows' text columns convert in a third of .df()'s time.
        found = cur.execute(sql).to_arrow_table()
        if not found.num_rows:
            return cur.execute(sql).df()
    finally:
        cur.execute("DROP TABLE engine_staged")
    if len(rows) > NAMED_ROWS:
        memory.give_back()  # what staging and sorting freed, before the frame is made
    return arrow_frame(found)


def stored(spec: Spec, alias: str) -> tuple[str, str]:
    """Return (select list, FROM clause) giving stored rows `alias` of the spec's table as their
    model's fields, each parent named by its code (parents are joined as <alias>_<n>)."""
    names: list[str] = []
    joins: list[str] = []

    def parent(table: str, id_sql: str, optional: bool = False) -> str:
        name = f"{alias}_{len(joins)}"
        joins.append(f"{'LEFT ' if optional else ''}JOIN {table} AS {name} ON {name}.id = {id_sql}")
        return name

    owner = ""
    for name, field in spec.model.model_fields.items():
        ref = _ref(spec, name)
        held = next((r for r in spec.identity if r.field == name), None)
        if ref is not None:
            found = parent(ref.table, f"{alias}.{ref.column}", not field.is_required())
            owner = owner or found
            names.append(f"{found}.code AS {name}")
        elif held is not None:
            names.append(f"{parent(held.table, f'{owner}.{held.column}')}.code AS {name}")
        else:
            names.append(f"{alias}.{name}")
    return ", ".join(names), f"{spec.table} AS {alias} {' '.join(joins)}"


def _stage_revert(cur: Cursor, spec: Spec, batch: tuple[int, datetime, str]) -> None:
    """Create temp table `reverting`: per value the batch wrote or withdrew, the version it left
    (gone if it withdrew the value), the version before it, and the current version.

    A batch's own rows are the versions it wrote; the version each replaced was closed at the
    moment the batch was recorded. A revert also closes versions without writing new ones
    (the values it withdrew): those are the rows it closed with no row of its own beside them.
    """
    keys = key_columns(spec)
    same = " AND ".join(f"{{a}}.{k} = {{b}}.{k}" for k in keys)
    kept = " AND ".join(f"c.{f} IS NOT DISTINCT FROM a.{f}" for f in facts(spec))
    cur.execute(
        f"CREATE OR REPLACE TEMP TABLE reverting AS WITH b AS ("
        f"SELECT {', '.join('a.' + k for k in keys)}, a.id AS after_id, p.id AS before_id "
        f"FROM {spec.table} AS a LEFT JOIN {spec.table} AS p ON {same.format(a='p', b='a')} "
        "AND p.id < a.id AND p.superseded_at = a.recorded_at WHERE a.batch_id = $batch "
        f"UNION ALL SELECT {', '.join('w.' + k for k in keys)}, NULL, w.id "
        f"FROM {spec.table} AS w WHERE w.superseded_at = $at AND w.superseded_by = $who "
        f"AND NOT EXISTS (SELECT 1 FROM {spec.table} AS a WHERE a.batch_id = $batch "
        f"AND {same.format(a='a', b='w')})) "
        "SELECT coalesce(b.after_id, b.before_id) AS row_id, c.id AS current_id, "
        "p.id AS prev_id, "
        f"CASE WHEN b.after_id IS NULL THEN c.id IS NULL ELSE c.id IS NOT NULL AND {kept} END "
        "AS unchanged_since FROM b "
        f"LEFT JOIN {spec.table} AS a ON a.id = b.after_id "
        f"LEFT JOIN {spec.table} AS p ON p.id = b.before_id "
        f"LEFT JOIN {spec.table} AS c ON {same.format(a='c', b='b')} AND c.is_current",
        dict(zip(("batch", "at", "who"), batch, strict=True)),
    )


def _codes(cur: Cursor, spec: Spec, ids: str) -> list[str]:
    """Return the audit codes of the stored rows whose ids the SQL `ids` gives, in order."""
    fields, source = stored(spec, "x")
    return [
        str(row[0])
        for row in cur.execute(
            f"SELECT {spec.code} FROM (SELECT {fields} FROM {source} WHERE x.id IN ({ids})) "
            "ORDER BY 1"
        ).fetchall()
    ]


def _stage_put_back(cur: Cursor, spec: Spec) -> None:
    """Create temp table `put_back`: the rows that undo the batch, for the write engine — each
    value's earlier version, or (where the batch added the value) a withdrawal."""
    fields, source = stored(spec, "x")
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE put_back AS SELECT *, row_number() OVER (ORDER BY "
        f"_withdraw, {spec.code}) AS _seq FROM ("
        f"SELECT {fields}, FALSE AS _withdraw FROM {source} "
        "WHERE x.id IN (SELECT prev_id FROM reverting) UNION ALL "
        f"SELECT {fields}, TRUE FROM {source} "
        "WHERE x.id IN (SELECT current_id FROM reverting WHERE prev_id IS NULL))"
    )


def undo(
    cur: Cursor, spec: Spec, batch: tuple[int, datetime, str], at: datetime, who: str
) -> Written:
    """Undo an import batch (its id, time and author) as a new batch that reverts it, inside the
    caller's transaction: each value it changed gets its earlier version back as a new version,
    each value it added is withdrawn. Refused (Conflict), writing nothing, if any of its values
    was changed after it: those later changes would be lost."""
    _stage_revert(cur, spec, batch)
    moved = _codes(cur, spec, "SELECT row_id FROM reverting WHERE NOT unchanged_since")
    if moved:
        named = ", ".join(moved[:CONFLICTS_SHOWN])
        more = f" and {len(moved) - CONFLICTS_SHOWN} more" if len(moved) > CONFLICTS_SHOWN else ""
        raise Conflict(
            f"Batch {batch[0]} cannot be reverted: {len(moved)} of its values were changed "
            f"after it ({named}{more}). Correct those values directly; nothing was written."
        )
    _stage_put_back(cur, spec)
    tag = Batch("revert", f"revert of batch {batch[0]}", reverts=batch[0])
    done = write(cur, spec, "put_back", at, who, tag)
    cur.execute("DROP TABLE reverting")
    cur.execute("DROP TABLE put_back")
    return done
