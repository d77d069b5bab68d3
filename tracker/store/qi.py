"""Driver diagram nodes and PDSA cycles: their reads (as at any past time) and their writes."""

from collections.abc import Callable, Sequence
from datetime import datetime

import pandas as pd

from tracker.models import DriverNode, PdsaCycle
from tracker.store import engine, specs
from tracker.store.db import Database, utc_now
from tracker.store.queries import _as_of, _df
from tracker.store.writes import WriteSummary

Check = Callable[[pd.DataFrame], None]
"""Called inside the write's transaction with the rows as they stand before it; raises to refuse."""

_NODES = (
    "SELECT n.code, i.code AS initiative, v.kind, v.title, v.position, "
    "CAST(v.parents AS VARCHAR) AS parents, CAST(v.measures AS VARCHAR) AS measures, "
    "v.recorded_at, v.recorded_by "
    "FROM diagram_node_version v JOIN diagram_node n ON n.id = v.diagram_node_id "
    "JOIN initiative i ON i.id = n.initiative_id"
)
_CYCLES = (
    "SELECT c.code, n.code AS change_idea, i.code AS initiative, v.number, v.follows, "
    "v.objective, v.prediction, v.start_date, v.end_date, v.owner, "
    "CAST(v.measures AS VARCHAR) AS measures, v.do_date, v.do_notes, v.study_date, "
    "v.study_notes, v.act_date, v.act_decision, v.act_notes, v.recorded_at, v.recorded_by "
    "FROM pdsa_cycle_version v JOIN pdsa_cycle c ON c.id = v.pdsa_cycle_id "
    "JOIN diagram_node n ON n.id = c.diagram_node_id JOIN initiative i ON i.id = n.initiative_id"
)
_NODE_ORDER = (
    " ORDER BY i.code, CASE v.kind WHEN 'primary' THEN 1 WHEN 'secondary' THEN 2 ELSE 3 END, "
    "v.position, n.code"
)


def _of(initiative: str | None) -> tuple[str, list[object]]:
    return ("", []) if initiative is None else (" AND i.code = ?", [initiative])


def diagram_nodes(
    db: Database, initiative: str | None = None, as_of: datetime | None = None
) -> pd.DataFrame:
    """Return the driver diagram nodes as they stood at `as_of` (default now), of one initiative
    or all, by initiative, column (primary, secondary, change idea) and position; parents and
    measures as their JSON text."""
    where, params = _as_of("v", as_of)
    narrow, more = _of(initiative)
    return _df(db, f"{_NODES} WHERE {where}{narrow}{_NODE_ORDER}", params + more)


def pdsa_cycles(
    db: Database, initiative: str | None = None, as_of: datetime | None = None
) -> pd.DataFrame:
    """Return the PDSA cycles as they stood at `as_of` (default now), of one initiative or all,
    by change idea and number; measures as their JSON text."""
    where, params = _as_of("v", as_of)
    narrow, more = _of(initiative)
    return _df(
        db,
        f"{_CYCLES} WHERE {where}{narrow} ORDER BY i.code, n.code, v.number, c.code",
        params + more,
    )


def cycle_history(db: Database, code: str) -> pd.DataFrame:
    """Return every version of one PDSA cycle, oldest first, with when it was replaced."""
    return _df(
        db,
        f"SELECT * FROM ({_CYCLES.replace('v.recorded_by ', 'v.recorded_by, v.superseded_at ')}"
        ") WHERE code = ? ORDER BY recorded_at",
        [code],
    )


def _write(
    db: Database,
    spec: engine.Spec,
    items: Sequence[DriverNode | PdsaCycle],
    withdrawn: Sequence[DriverNode | PdsaCycle],
    author: str,
    current: Callable[[], pd.DataFrame],
    check: Check,
) -> WriteSummary:
    """Write (and withdraw) records of one kind in one transaction, after `check` passes."""
    at = utc_now()
    # The check reads through this thread's cursor, inside the transaction the write joins.
    with db.transaction() as cur:
        check(current())
        if not items and not withdrawn:
            return WriteSummary(0, 0, 0)
        rows = engine.frame([*items, *withdrawn]).assign(
            _withdraw=[False] * len(items) + [True] * len(withdrawn)
        )
        done = engine.write(cur, spec, rows, at, author)
    return WriteSummary(done.added, done.changed + done.withdrawn, done.unchanged)


def save_nodes(
    db: Database,
    initiative: str,
    nodes: Sequence[DriverNode],
    author: str,
    check: Check,
    deleted: Sequence[DriverNode] = (),
) -> WriteSummary:
    """Create or change an initiative's driver diagram nodes and delete `deleted`, in one
    transaction once `check` has passed on the diagram as it stands; earlier versions are kept."""
    return _write(
        db,
        specs.DIAGRAM_NODES,
        nodes,
        deleted,
        author,
        lambda: diagram_nodes(db, initiative),
        check,
    )


def save_cycles(
    db: Database,
    initiative: str,
    cycles: Sequence[PdsaCycle],
    author: str,
    check: Check,
    deleted: Sequence[PdsaCycle] = (),
) -> WriteSummary:
    """Create or change PDSA cycles of an initiative (and delete `deleted`), in one transaction
    once `check` has passed on its cycles as they stand; earlier versions are kept."""
    return _write(
        db, specs.PDSA_CYCLES, cycles, deleted, author, lambda: pdsa_cycles(db, initiative), check
    )
