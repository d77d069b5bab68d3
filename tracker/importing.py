"""The import actions: a file's preview (parse, validate, classify), its commit, and a revert."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from tracker import access, drivers, formatting, importers, pdsa, qi_edits
from tracker.importers import ImportKind, method, preview
from tracker.models import DriverNode, PdsaCycle
from tracker.store import Database, batches, memory, qi, queries, specs
from tracker.store.batches import RevertSummary
from tracker.store.writes import WriteSummary
from tracker.workbook import programme

Progress = Callable[[float, str], None]
"""Told how far a preview has got (0 to 1) and what it is doing, for a progress bar."""

BATCH_KINDS = {
    "datapoints": "Data points",
    "milestones": "Milestones",
    "targets": "Targets",
    "revert": "↩ Revert",
}
# Driver diagram nodes and PDSA cycles are written as set-up edits are: each keeps its versions
# and audit, but an import of them is not a batch, so it is changed again rather than reverted.

METHOD_SPECS = {ImportKind.drivers: specs.DIAGRAM_NODES, ImportKind.pdsa: specs.PDSA_CYCLES}
"""The kinds of import that hold the improvement method, and the spec each is written by."""
"""How a batch's kind is named where batches are listed."""


@dataclass(frozen=True)
class Parsed:
    """A file's valid rows, checked against the database; nothing written."""

    kind: ImportKind
    source: str
    """The file's name, recorded as the batch's source."""
    rows: pd.DataFrame
    """The validated rows, indexed by file row, as commit_import writes them."""


@dataclass(frozen=True)
class Preview(Parsed):
    """A parsed file with what each row would do to the values held now."""

    classified: pd.DataFrame
    """Per row: action (add / change / unchanged), its code, old and new values."""

    @property
    def counts(self) -> dict[str, int]:
        """Return how many rows will be added, changed and left unchanged."""
        return preview.counts(self.classified)

    @property
    def writing(self) -> int:
        """Return how many rows a commit would write (added or changed)."""
        found = self.counts
        return found["add"] + found["change"]


def _ignore(_done: float, _text: str) -> None:
    """Report no progress: the command line prints only the result."""


def parse_import(
    db: Database,
    data: bytes,
    name: str,
    kind: ImportKind,
    today: date,
    initiative: str | None = None,
    on_progress: Progress = _ignore,
) -> Parsed:
    """Return a file's valid rows of `kind`; raise ImportRejected listing every bad cell.

    With `initiative`, rows of any other initiative are refused. Nothing is written.
    """
    context = importers.Context(
        measures=queries.measures(db),
        initiatives=queries.initiatives(db),
        milestones=queries.milestones(db),
        today=today,
        only_initiative=initiative.strip().upper() if initiative else None,
        stored_points=lambda codes: queries.data_points(db, measure_codes=codes),
        people=access.people_by_name_and_email(db),
    )
    on_progress(0.0, "Reading the file …")
    table = importers.read_table(
        data, name, kind, on_progress=lambda n: on_progress(0.1, f"Reading the file … {n:,} rows")
    )
    on_progress(0.4, f"Checking {len(table):,} rows …")
    if kind in METHOD_SPECS:
        return Parsed(kind, name, method.validate_method(
            table, kind, programme.known(db), context.only_initiative))  # fmt: skip
    rows = importers.validate_table(table, kind, context)
    del table  # read, it is no longer needed: its memory goes back with the rest
    memory.give_back()
    return Parsed(kind, name, rows)


def preview_import(db: Database, parsed: Parsed, on_progress: Progress = _ignore) -> Preview:
    """Return what each parsed row would do to the values held now; nothing is written."""
    on_progress(0.8, "Comparing with the values held now …")
    if parsed.kind in METHOD_SPECS:
        classified = batches.classified(db, METHOD_SPECS[parsed.kind], parsed.rows)
    else:
        classified = batches.preview(db, parsed.kind, parsed.rows)
    memory.give_back()
    return Preview(parsed.kind, parsed.source, parsed.rows, classified)


def commit_import(db: Database, actor: str, parsed: Parsed) -> WriteSummary:
    """Write a parsed file all or nothing as a new batch by `actor`; return what it did.

    Rows are classified again inside the write, so a value someone saved since a preview is
    superseded as a new version, never lost: its version stays in the history.
    """
    if parsed.kind in METHOD_SPECS:
        return _commit_method(db, actor, parsed)
    memory.give_back()  # what the preview freed: the write's own peak comes on top of the rest
    return batches.commit(db, parsed.kind, parsed.rows, actor, parsed.source)


def _commit_method(db: Database, actor: str, parsed: Parsed) -> WriteSummary:
    """Write imported nodes or cycles by initiative, all in one transaction, each initiative's
    through the method's own edit (its rules checked again inside the write)."""
    items = method.models(parsed.rows, parsed.kind)
    homes = {n.code: n.initiative for n in drivers.nodes_from_rows(qi.diagram_nodes(db))}
    totals = WriteSummary(0, 0, 0)
    with db.transaction():
        for initiative in dict.fromkeys(_home(item, homes) for item in items):
            mine = [item for item in items if _home(item, homes) == initiative]
            done = (
                qi_edits.save_diagram(
                    db, actor, initiative, [n for n in mine if isinstance(n, DriverNode)]
                )
                if parsed.kind is ImportKind.drivers
                else qi_edits.save_cycles(db, actor, [c for c in mine if isinstance(c, PdsaCycle)])
            )
            totals = WriteSummary(totals.added + done.added, totals.changed + done.changed,
                                  totals.unchanged + done.unchanged)  # fmt: skip
    return totals


def _home(item: DriverNode | PdsaCycle, homes: dict[str, str]) -> str:
    return item.initiative if isinstance(item, DriverNode) else homes[item.change_idea]


def method_template(
    db: Database, kind: ImportKind, initiative: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (rows to edit, guide) for an initiative's driver diagram or PDSA cycles: its current
    nodes or cycles, and its measures and nodes with their codes, which the rows refer to."""
    nodes = drivers.nodes_from_rows(qi.diagram_nodes(db, initiative))
    items = (
        nodes
        if kind is ImportKind.drivers
        else pdsa.cycles_from_rows(qi.pdsa_cycles(db, initiative))
    )
    measures = queries.initiative_measures(db, initiative)
    guide = pd.concat(
        [
            pd.DataFrame({"code": measures["code"], "what": "measure", "title": measures["name"]}),
            pd.DataFrame({"code": [n.code for n in nodes], "what": [n.kind.value for n in nodes],
                          "title": [n.title for n in nodes]}),
        ],
        ignore_index=True,
    )  # fmt: skip
    return method.template_rows(items, kind), guide


def revert_batch(db: Database, actor: str, batch: int, confirm: str | None) -> RevertSummary:
    """Undo an import batch as a new batch by `actor`; `confirm` is its name for a large batch.

    Refused, writing nothing, for the reasons batches.revert gives.
    """
    return batches.revert(db, batch, actor, confirm=confirm)


def batch_label(found: pd.DataFrame, batch: int) -> str:
    """Return 'batch 12: data points from october.csv (23 Nov 2026)' (or 'batch 13: revert of
    batch 12 (23 Nov 2026)'), naming a batch of batches.import_batches for a choice."""
    row = found.set_index("id").loc[batch]
    what = (
        row["source"]
        if row["kind"] == "revert"
        else f"{BATCH_KINDS[str(row['kind'])].lower()} from {row['source']}"
    )
    return f"batch {batch}: {what} ({formatting.uk_date(row['created_at'])})"
