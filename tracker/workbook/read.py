""".xlsx bytes → validated workbook content, or every problem as sheet, row, column: reason."""

import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

import pandas as pd
from openpyxl.utils import get_column_letter
from pydantic import BaseModel

from tracker import access
from tracker.errors import ImportRejected, RowError
from tracker.importers import check_size, validate_data_points
from tracker.importers.cells import Problems, flag_implausible, flag_too_early
from tracker.importers.datapoints import StoredPoints
from tracker.importers.excel import check_sheet, hidden_problems, open_book, sheet_rows
from tracker.models import (
    DriverNode,
    Goal,
    Initiative,
    Measure,
    Milestone,
    PdsaCycle,
    Programme,
    Target,
)
from tracker.workbook import method_rules
from tracker.workbook.cells import cell_text, is_blank, read_cell
from tracker.workbook.content import MODEL_SHEETS, POINT_COLUMNS, WorkbookContent, empty_points
from tracker.workbook.layout import (
    DATA_POINTS,
    GOALS,
    LISTS,
    MEASURES,
    MILESTONES,
    README,
    SHEETS,
    TARGETS,
    Kind,
    Sheet,
)
from tracker.workbook.problems import SheetError, validate_row

MEASURE_COLUMNS = ["code", "initiative", "unit", "frequency", "min_value", "max_value"]
KNOWN_SHEETS = {s.name for s in SHEETS} | {README, LISTS}


def _no_measures() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=object) for name in MEASURE_COLUMNS})


@dataclass(frozen=True)
class Known:
    """What the database already holds that workbook rows may refer to by code."""

    programmes: frozenset[str] = frozenset()
    initiatives: frozenset[str] = frozenset()
    measures: pd.DataFrame = field(default_factory=_no_measures)
    """code, initiative, unit, frequency, min_value, max_value of every measure."""
    milestones: Mapping[str, str] = field(default_factory=dict)
    """Milestone code → the code of the initiative it belongs to."""
    starts: Mapping[str, date] = field(default_factory=dict)
    """Initiative code → its start date, which bounds how early its measures' periods may be."""
    stored_points: StoredPoints | None = None
    """Reads the stored data points, so that a changed value without a note is refused."""
    people: Mapping[str, str] = field(default_factory=dict)
    """The people list: each person's lower-case name and email → their name. Empty: any name
    is taken (a database nobody has listed people in)."""
    programme_of: Mapping[str, str] = field(default_factory=dict)
    """Initiative code → the code of its programme."""
    nodes: tuple[DriverNode, ...] = ()
    """Every driver diagram node as it stands."""
    cycles: tuple[PdsaCycle, ...] = ()
    """Every PDSA cycle as it stands."""
    benefits: Mapping[str, tuple[str, date, date]] = field(default_factory=dict)
    """Benefit code → its initiative, and the first and last month of its profile."""


@dataclass
class _Rows:
    """One sheet's header positions and its non-empty data rows with their Excel row numbers."""

    sheet: Sheet
    positions: dict[str, int]
    rows: list[tuple[int, tuple[Any, ...]]]

    def cell(self, values: tuple[Any, ...], name: str) -> Any:
        index = self.positions.get(name)
        return values[index] if index is not None and index < len(values) else None


@dataclass
class _Check:
    """Problems found so far, in the order found."""

    errors: list[SheetError] = field(default_factory=list)

    def add(self, sheet: Sheet | str, row: int, column: str, reason: str) -> None:
        name = sheet if isinstance(sheet, str) else sheet.name
        self.errors.append(SheetError(row, column, reason, sheet=name))

    def has(self, sheet: Sheet, row: int, column: str) -> bool:
        """Return True when this cell already has a problem noted."""
        return any((e.sheet, e.row, e.column) == (sheet.name, row, column) for e in self.errors)


def _on_sheet(name: str, errors: list[RowError]) -> list[SheetError]:
    """Return problems found in a sheet (or in the file, as "file") with the sheet's name."""
    return [SheetError(e.row, "" if e.row == 0 else e.column, e.reason, sheet=name) for e in errors]


def _open(data: bytes, check: _Check) -> tuple[Any, zipfile.ZipFile] | None:
    """Return the workbook opened read-only with its archive, or None with the reason noted."""
    check_size(len(data), "The workbook")
    try:
        return open_book(data)
    except ImportRejected as refused:
        check.errors += _on_sheet("file", refused.errors)
        return None


def _header(
    rows: Iterator[tuple[int, tuple[Any, ...]]], sheet: Sheet, check: _Check
) -> dict[str, int]:
    _, first = next(rows, (1, ()))
    names = [None if is_blank(h) else str(h).strip().lower() for h in first]
    allowed = [c.name for c in sheet.columns]
    positions: dict[str, int] = {}
    for index, name in enumerate(names):
        if name is None:
            continue
        where = f"{name!r} (cell {get_column_letter(index + 1)}1)"
        if name not in allowed:
            check.add(sheet, 1, name, f"unknown column {where}; allowed: {', '.join(allowed)}")
        elif name in positions:
            check.add(sheet, 1, name, f"column {where} appears twice; keep one")
        else:
            positions[name] = index
    for column in sheet.columns:
        if column.name not in positions and sheet.required(column.name):
            check.add(sheet, 1, column.name, f"missing column {column.name!r}; it is required")
    return positions


def _stray_values(
    sheet: Sheet, rows: list[tuple[int, tuple[Any, ...]]], headed: set[int], check: _Check
) -> None:
    """Note every value in a column without a header: it would otherwise be silently lost."""
    for number, values in rows:
        for index, value in enumerate(values):
            if index not in headed and not is_blank(value):
                letter = get_column_letter(index + 1)
                check.add(
                    sheet, number, letter,
                    f"a value in column {letter}, which has no header; name the column or "
                    "clear the cell",
                )  # fmt: skip


def _sheets(book: Any, archive: zipfile.ZipFile, check: _Check) -> dict[str, _Rows]:
    """Return the rows of each entity sheet present with a good header; note bad sheets.

    The README and the hidden Lists sheet the tracker writes are never read, so they may be
    hidden; a sheet that is read must be visible, with no hidden row or column holding values.
    """
    found: dict[str, _Rows] = {}
    for name in book.sheetnames:
        if name not in KNOWN_SHEETS:
            expected = ", ".join(s.name for s in SHEETS)
            check.add(name, 0, "", f"unknown sheet {name!r}; the sheets are {expected}")
    for sheet in SHEETS:
        if sheet.name not in book.sheetnames:
            continue
        try:
            ws = book[sheet.name]
            scan = check_sheet(archive, ws)
            stream = sheet_rows(ws, archive, values_only=True)
            before = len(check.errors)
            positions = _header(stream, sheet, check)
            good_header = len(check.errors) == before
            # A bad header: its rows cannot be read column by column.
            rows = [r for r in stream if not all(is_blank(v) for v in r[1])] if good_header else []
        except ImportRejected as refused:
            # Too many cells or a cell that cannot be read: the rest cannot be trusted.
            raise ImportRejected(_on_sheet(sheet.name, refused.errors), source="workbook") from None
        check.errors += _on_sheet(sheet.name, hidden_problems(scan, rows))
        if good_header:
            _stray_values(sheet, rows, set(positions.values()), check)
            found[sheet.name] = _Rows(sheet, positions, rows)
    return found


def _models(rows: _Rows, check: _Check) -> list[tuple[int, BaseModel]]:
    """Return (row number, model) for each good row; note every bad cell and broken rule."""
    sheet = rows.sheet
    good = []
    for number, values in rows.rows:
        fields: dict[str, object] = {}
        bad_cells = set()
        for column in sheet.columns:
            if column.name not in rows.positions:
                continue
            try:
                value = read_cell(rows.cell(values, column.name), column)
            except ValueError as err:
                check.add(sheet, number, column.name, str(err))
                bad_cells.add(column.name)
                continue
            if value is not None:
                fields[column.name] = value
        model, problems = validate_row(sheet, fields)
        for name, message in problems:
            if name not in bad_cells:
                check.add(sheet, number, name or "(row)", message)
        if model is None:
            continue
        if not bad_cells:
            good.append((number, model))
    return good


def _raw_codes(rows: _Rows | None) -> set[str]:
    """Return the codes written on a sheet, whether or not their rows are good."""
    if rows is None:
        return set()
    codes = (rows.cell(values, "code") for _, values in rows.rows)
    return {str(c).strip().upper() for c in codes if not is_blank(c)}


def _duplicates(sheet: Sheet, items: list[tuple[int, BaseModel]], check: _Check) -> None:
    first: dict[tuple, int] = {}
    for number, item in items:
        key = tuple(getattr(item, name) for name in sheet.key)
        if key in first:
            what = " and ".join(sheet.key)
            shown = ", ".join(str(k) for k in key)
            check.add(
                sheet, number, sheet.key[0],
                f"duplicate of row {first[key]} (same {what}: {shown}); keep one row",
            )  # fmt: skip
        else:
            first[key] = number


def _references(rows: _Rows, codes: Mapping[str, set[str]], check: _Check) -> None:
    """Note every reference to a code that is on no earlier sheet and not in the database.

    Checked on the cells as written, so a row with another problem still has its reference
    checked and the whole list of problems comes at once.
    """
    for column in rows.sheet.columns:
        if column.kind is not Kind.reference or column.name not in rows.positions:
            continue
        allowed = codes[column.refers_to]
        for number, values in rows.rows:
            raw = rows.cell(values, column.name)
            value = "" if is_blank(raw) else str(raw).strip().upper()
            if value and value not in allowed and not check.has(rows.sheet, number, column.name):
                check.add(
                    rows.sheet, number, column.name,
                    f"unknown {column.name} code '{value}'; add it to the {column.refers_to} "
                    "sheet, or check the code",
                )  # fmt: skip


def _milestone_owners(
    items: list[tuple[int, BaseModel]], known: Mapping[str, str], check: _Check
) -> None:
    for number, item in items:
        if not isinstance(item, Milestone):
            continue
        owner = known.get(item.code)
        if owner is not None and owner != item.initiative:
            check.add(
                MILESTONES, number, "initiative",
                f"milestone {item.code} already belongs to initiative {owner}; milestone codes "
                "are unique across the programme, so give this one a new code",
            )  # fmt: skip


PERSON_FIELDS: dict[type[BaseModel], tuple[str, ...]] = {
    Programme: ("sro",),
    Initiative: ("lead", "sponsor"),
    Measure: ("owner",),
    Milestone: ("owner",),
}
"""Fields that name someone on the people list (by name or email), so My updates and reminders
know whose item is whose."""


def _people(
    items: dict[str, list[tuple[int, BaseModel]]], people: Mapping[str, str], check: _Check
) -> None:
    """Write each person named by email as their name on the people list, in place; note each
    one not on it, with the people who are."""
    if not people:
        return
    listed = access.known_people(people)
    for sheet in MODEL_SHEETS:
        rows = items[sheet.name]
        for place, (number, item) in enumerate(rows):
            found = {
                f: people.get(getattr(item, f).lower()) for f in PERSON_FIELDS.get(type(item), ())
            }
            for name, person in found.items():
                if person is None:
                    check.add(
                        sheet, number, name,
                        f"{getattr(item, name)} is not on the people list (known: {listed}); "
                        "write their name or email as listed, or add them first",
                    )  # fmt: skip
            named = {f: p for f, p in found.items() if p is not None and p != getattr(item, f)}
            if named:
                rows[place] = (number, item.model_copy(update=named))


def _measure_table(
    known: pd.DataFrame, items: list[tuple[int, BaseModel]], raw: set[str]
) -> pd.DataFrame:
    """Return code, initiative, unit, frequency, min and max of every measure rows may name."""
    dumped = [m.model_dump(mode="json") for _, m in items]  # once a measure, not a column
    listed = pd.DataFrame(
        [[row[c] for c in MEASURE_COLUMNS] for row in dumped],
        columns=MEASURE_COLUMNS,
    ).drop_duplicates("code")
    # A measure on a bad row still counts as known, so its data points are not reported too.
    unchecked = pd.DataFrame({"code": sorted(raw - set(listed["code"]))})
    frames = [f for f in (listed, unchecked) if not f.empty]
    frames.append(known[~known["code"].isin(set(listed["code"]) | raw)][MEASURE_COLUMNS])
    table = pd.concat(frames, ignore_index=True) if frames else _no_measures()
    return table.astype(object).where(table.notna(), None)


def _goal_measures(
    items: list[tuple[int, BaseModel]], owners: Mapping[str, str], check: _Check
) -> None:
    """Note every goal on a measure of another initiative: a goal moves its own measures."""
    for number, goal in items:
        if not isinstance(goal, Goal):
            continue
        owner = owners.get(goal.measure)
        if owner is not None and owner != goal.initiative:
            check.add(
                GOALS, number, "measure",
                f"measure {goal.measure} belongs to initiative {owner}, not {goal.initiative}; "
                "a goal moves one of its own initiative's measures",
            )  # fmt: skip


def _implausible(
    sheet: Sheet,
    items: list[tuple[int, BaseModel]],
    columns: tuple[str, ...],
    measures: pd.DataFrame,
    check: _Check,
) -> None:
    """Note every value outside its measure's plausible range (targets, goals' values)."""
    if not items:
        return
    rows = pd.Index([number for number, _ in items])
    code = pd.Series([cast(Target | Goal, item).measure for _, item in items], index=rows)
    known = measures.set_index("code")
    for column in columns:
        values = pd.Series([float(getattr(item, column)) for _, item in items], index=rows)
        problems = Problems(rows)
        flag_implausible(values, code, known, problems, column)
        for error in problems.errors():
            check.add(sheet, error.row, error.column, error.reason)


def _targets_too_early(
    items: list[tuple[int, BaseModel]],
    owners: Mapping[str, str],
    initiatives: pd.DataFrame,
    check: _Check,
) -> None:
    """Note every target starting long before its measure's initiative started."""
    pairs = [(number, item) for number, item in items if isinstance(item, Target)]
    if not pairs:
        return
    rows = pd.Index([number for number, _ in pairs])
    targets = [item for _, item in pairs]
    starts = pd.Series(pd.to_datetime([t.effective_from for t in targets]), index=rows)
    initiative = pd.Series([owners.get(t.measure) for t in targets], index=rows, dtype=object)
    problems = Problems(rows)
    flag_too_early(starts, initiative, initiatives, problems, "effective_from")
    for error in problems.errors():
        check.add(TARGETS, error.row, error.column, error.reason)


def _points(
    rows: _Rows,
    measures: pd.DataFrame,
    today: date,
    check: _Check,
    initiatives: pd.DataFrame,
    stored_points: StoredPoints | None,
) -> pd.DataFrame:
    table = pd.DataFrame(
        [[cell_text(rows.cell(values, c)) for c in POINT_COLUMNS] for _, values in rows.rows],
        columns=POINT_COLUMNS,
        index=pd.Index([number for number, _ in rows.rows], name="row"),
        dtype=object,
    )
    if table.empty:
        return empty_points()
    try:
        points = validate_data_points(
            table, measures, today, initiatives=initiatives, stored_points=stored_points
        )
    except ImportRejected as rejected:
        for error in rejected.errors:
            check.add(DATA_POINTS, error.row, error.column, error.reason)
        return empty_points()
    return points.reset_index(drop=True)


def _method_and_registers(
    items: Mapping[str, list[tuple[int, BaseModel]]],
    known: Known,
    measure_owners: Mapping[str, str],
    unread: set[str],
    check: _Check,
) -> None:
    """Note every rule across rows that the diagrams, PDSA cycles, risks and benefits break,
    each taken with what the database holds as it would stand after the load."""
    programme_of = {
        **known.programme_of,
        **{i.code: i.programme for _, i in items["Initiatives"] if isinstance(i, Initiative)},
    }
    held = method_rules.Held(
        nodes=known.nodes,
        cycles=known.cycles,
        programme_of=programme_of,
        measure_owners=measure_owners,
        profiles=known.benefits,
        unread=frozenset(unread),
    )
    nodes = method_rules.check_diagrams(items["Drivers"], held, check.add)
    method_rules.check_cycles(items["PDSA"], held, nodes, check.add)
    method_rules.check_risks(items["Risks"], held, check.add)
    method_rules.check_benefits(items["Benefits"], items["BenefitMonths"], held, check.add)


def read_workbook(data: bytes, today: date, known: Known | None = None) -> WorkbookContent:
    """Return the workbook's validated content; raise ImportRejected listing every problem.

    Rows may refer to codes on earlier sheets of the same workbook or already in the database
    (`known`). Empty rows are skipped; a missing entity sheet counts as empty. Data points are
    checked by the data-point importer (period starts, only periods that have ended, % within
    0–100).
    """
    known = known or Known()
    check = _Check()
    opened = _open(data, check)
    if opened is None:
        raise ImportRejected(check.errors, source="workbook")
    book, archive = opened
    try:
        found = _sheets(book, archive, check)
    finally:
        book.close()
        archive.close()
    items = {s.name: _models(found[s.name], check) if s.name in found else [] for s in MODEL_SHEETS}
    # Codes written on a sheet count even when their row has a problem, so that one bad row is
    # reported once rather than again by every row that refers to it.
    codes = {
        "Programme": _raw_codes(found.get("Programme")) | set(known.programmes),
        "Initiatives": _raw_codes(found.get("Initiatives")) | set(known.initiatives),
        "Measures": _raw_codes(found.get("Measures")) | set(known.measures["code"]),
        "Drivers": _raw_codes(found.get("Drivers")) | {n.code for n in known.nodes},
        "Benefits": _raw_codes(found.get("Benefits")) | set(known.benefits),
    }
    for sheet in MODEL_SHEETS:
        _duplicates(sheet, items[sheet.name], check)
        if sheet.name in found:
            _references(found[sheet.name], codes, check)
    _milestone_owners(items["Milestones"], known.milestones, check)
    _people(items, known.people, check)
    measures = _measure_table(
        known.measures, items["Measures"], _raw_codes(found.get(MEASURES.name))
    )
    owners = dict(zip(known.measures["code"], known.measures["initiative"], strict=True))
    owners.update({m.code: m.initiative for _, m in items["Measures"] if isinstance(m, Measure)})
    _goal_measures(items["Goals"], owners, check)
    _implausible(TARGETS, items["Targets"], ("value",), measures, check)
    _implausible(GOALS, items["Goals"], ("baseline_value", "target_value"), measures, check)
    starts = {
        **known.starts,
        **{i.code: i.start_date for _, i in items["Initiatives"] if isinstance(i, Initiative)},
    }
    initiatives = pd.DataFrame(
        {"code": list(starts), "start_date": pd.to_datetime(list(starts.values()))}
    )
    _targets_too_early(items["Targets"], owners, initiatives, check)
    # Codes on the method sheets whose rows have a problem: links to them are not reported too.
    unread = {
        code
        for name in ("Drivers", "PDSA")
        for code in _raw_codes(found.get(name)) - {getattr(m, "code", "") for _, m in items[name]}
    }
    _method_and_registers(items, known, owners, unread, check)
    points = empty_points()
    if DATA_POINTS.name in found:
        points = _points(
            found[DATA_POINTS.name], measures, today, check, initiatives, known.stored_points
        )
    if check.errors:
        raise ImportRejected(_in_order(check.errors), source="workbook")
    entities = {name: tuple(m for _, m in rows) for name, rows in items.items()}
    return WorkbookContent(entities=entities, points=points)


def _in_order(errors: list[SheetError]) -> list[SheetError]:
    """Return the problems by sheet (workbook order), row, then column (sheet order)."""
    sheets = {s.name: i for i, s in enumerate(SHEETS)}
    columns = {s.name: {c.name: i for i, c in enumerate(s.columns)} for s in SHEETS}

    def place(e: SheetError) -> tuple[int, int, int, str]:
        column = columns.get(e.sheet, {}).get(e.column, len(columns.get(e.sheet, {})))
        return sheets.get(e.sheet, -1), e.row, column, e.column

    return sorted(errors, key=place)
