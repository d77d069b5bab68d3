"""Driver diagram nodes and PDSA cycles from a file's text cells → validated rows, or every problem
by row, column and reason; checked as the programme workbook's sheets are, and writes nothing."""

from collections.abc import Sequence

import pandas as pd
from pydantic import BaseModel

from tracker import drivers, pdsa
from tracker.errors import ImportRejected, RowError
from tracker.importers.kinds import ImportKind
from tracker.models import DriverNode, PdsaCycle
from tracker.store import engine
from tracker.workbook import method_rules
from tracker.workbook.cells import read_cell, write_cell
from tracker.workbook.layout import DRIVERS, PDSA, Sheet
from tracker.workbook.problems import validate_row
from tracker.workbook.read import Known

SHEETS: dict[ImportKind, Sheet] = {ImportKind.drivers: DRIVERS, ImportKind.pdsa: PDSA}
"""The kinds of file that hold the improvement method, and the workbook sheet each one is."""

NO_CELL = "(row)"


def _models(
    table: pd.DataFrame, sheet: Sheet
) -> tuple[list[tuple[int, BaseModel]], list[RowError]]:
    """Return (file row, model) of each good row, and a RowError for every bad cell and rule."""
    good, problems = [], []
    for row, cells in zip(table.index, table.to_dict("records"), strict=True):
        fields: dict[str, object] = {}
        bad = set()
        for column in sheet.columns:
            if column.name not in cells:
                continue
            try:
                value = read_cell(cells[column.name], column)
            except ValueError as err:
                problems.append(RowError(int(row), column.name, str(err)))
                bad.add(column.name)
                continue
            if value is not None:
                fields[column.name] = value
        model, found = validate_row(sheet, fields)
        problems += [RowError(int(row), n or NO_CELL, m) for n, m in found if n not in bad]
        if model is not None and not bad:
            good.append((int(row), model))
    return good, problems


Item = DriverNode | PdsaCycle


def _duplicates(good: list[tuple[int, Item]]) -> list[RowError]:
    first: dict[str, int] = {}
    found = []
    for row, item in good:
        code = str(item.code)
        if code in first:
            found.append(
                RowError(row, "code", f"duplicate of row {first[code]} ({code}); keep one")
            )
        first.setdefault(code, row)
    return found


def _initiative(item: BaseModel, homes: dict[str, str]) -> str | None:
    if isinstance(item, DriverNode):
        return item.initiative
    return homes.get(item.change_idea) if isinstance(item, PdsaCycle) else None


def validate_method(
    table: pd.DataFrame, kind: ImportKind, known: Known, only_initiative: str | None = None
) -> pd.DataFrame:
    """Return the file's nodes or cycles as rows of their model's fields (lists as JSON text),
    indexed by file row; raise ImportRejected naming every problem: a bad cell, a link to an
    unknown node or measure, a loop, a ramp across change ideas, an unknown initiative or change
    idea, or (with `only_initiative`) a row of another initiative."""
    sheet = SHEETS[kind]
    read, problems = _models(table, sheet)
    good = [(row, m) for row, m in read if isinstance(m, Item)]
    problems += _duplicates(good)
    homes = {n.code: n.initiative for n in known.nodes}
    for row, item in good:
        if isinstance(item, DriverNode) and item.initiative not in known.initiatives:
            problems.append(RowError(row, "initiative", f"no initiative {item.initiative}; "
                                     "add it on the set-up pages first"))  # fmt: skip
        if isinstance(item, PdsaCycle) and item.change_idea not in homes:
            problems.append(RowError(row, "change_idea", f"no change idea {item.change_idea} "
                                     "in any driver diagram; add it first"))  # fmt: skip
        home = _initiative(item, homes)
        if only_initiative is not None and home is not None and home != only_initiative:
            problems.append(RowError(row, "initiative" if kind is ImportKind.drivers else
                                     "change_idea", f"belongs to {home}, not {only_initiative}, "
                                     "the initiative this import is for"))  # fmt: skip
    written = {str(c).strip().upper() for c in table.get("code", pd.Series(dtype=str))}
    held = method_rules.Held(
        nodes=known.nodes,
        cycles=known.cycles,
        programme_of={},
        measure_owners=dict(zip(known.measures["code"], known.measures["initiative"], strict=True)),
        profiles={},
        unread=frozenset(written - {str(m.code) for _, m in good}),
    )

    def note(_sheet: Sheet, row: int, column: str, reason: str) -> None:
        problems.append(RowError(row, column or NO_CELL, reason))

    if kind is ImportKind.drivers:
        method_rules.check_diagrams(good, held, note)
    else:
        method_rules.check_cycles(good, held, known.nodes, note)
    if problems:
        raise ImportRejected(sorted(problems, key=lambda p: p.row), source="import")
    if not good:
        raise ImportRejected([RowError(1, "file", "the file has a header but no rows")])
    # Laid out as the one write engine takes them, so the preview classifies them as it would.
    rows = engine.frame([m for _, m in good])
    rows.index = pd.Index([r for r, _ in good], name="row")
    return rows


def models(rows: pd.DataFrame, kind: ImportKind) -> Sequence[DriverNode | PdsaCycle]:
    """Return validated rows (validate_method's) as their models again."""
    if kind is ImportKind.drivers:
        return drivers.nodes_from_rows(rows)
    return pdsa.cycles_from_rows(rows)


def template_rows(items: Sequence[DriverNode | PdsaCycle], kind: ImportKind) -> pd.DataFrame:
    """Return the items as a template's rows, each cell as the importer reads it back."""
    sheet = SHEETS[kind]
    return pd.DataFrame(
        [[write_cell(getattr(item, c.name), c) for c in sheet.columns] for item in items],
        columns=[c.name for c in sheet.columns],
        dtype=object,
    )
