"""The programme workbook against a database: export it, check an upload against it, load it."""

from dataclasses import replace
from datetime import date
from typing import cast

import pandas as pd

from tracker import access, drivers, owners, pdsa
from tracker.access_rules import Action
from tracker.store import Database, qi, queries, registers
from tracker.store.setup import SetupItem, SetupResult, apply_setup, item_key
from tracker.workbook.content import WorkbookContent, from_tables
from tracker.workbook.layout import DATA_POINTS, SHEETS
from tracker.workbook.read import MEASURE_COLUMNS, Known, read_workbook
from tracker.workbook.write import workbook_bytes

FILE_NAME = "programme.xlsx"
LISTED_KEYS = 12
"""Codes named per sheet and outcome in a summary; more are counted, to keep it readable."""


def known(db: Database) -> Known:
    """Return the codes the database holds, which a workbook's rows may refer to."""
    milestones = queries.milestones(db)
    initiatives = queries.initiatives(db)
    benefits = registers.benefits(db)
    return Known(
        programmes=frozenset(queries.programmes(db)["code"]),
        initiatives=frozenset(initiatives["code"]),
        measures=queries.measures(db)[MEASURE_COLUMNS],
        milestones=dict(zip(milestones["code"], milestones["initiative"], strict=True)),
        starts={
            code: pd.Timestamp(start).date()
            for code, start in zip(initiatives["code"], initiatives["start_date"], strict=True)
        },
        stored_points=lambda codes: queries.data_points(db, measure_codes=codes),
        people=access.people_by_name_and_email(db),
        programme_of=dict(zip(initiatives["code"], initiatives["programme"], strict=True)),
        nodes=tuple(drivers.nodes_from_rows(qi.diagram_nodes(db))),
        cycles=tuple(pdsa.cycles_from_rows(qi.pdsa_cycles(db))),
        benefits={
            code: (initiative, pd.Timestamp(start).date(), pd.Timestamp(end).date())
            for code, initiative, start, end in zip(
                benefits["code"],
                benefits["initiative"],
                benefits["profile_from"],
                benefits["profile_to"],
                strict=True,
            )
        },  # fmt: skip
    )


def current_content(db: Database) -> WorkbookContent:
    """Return the whole current programme as workbook content (current versions only)."""
    return from_tables(
        {
            "programmes": queries.programmes(db),
            "initiatives": queries.initiatives(db),
            "measures": queries.measures(db),
            "goals": queries.goals(db),
            "targets": queries.targets(db),
            "milestones": queries.milestones(db),
            "annotations": queries.annotations(db),
            "diagram_nodes": qi.diagram_nodes(db),
            "pdsa_cycles": qi.pdsa_cycles(db),
            **registers.export_tables(db),
            "data_points": queries.data_points(db),
        }
    )


def export_bytes(db: Database) -> bytes:
    """Return the whole current programme as a workbook (.xlsx bytes)."""
    return workbook_bytes(current_content(db))


def check(db: Database, data: bytes, today: date) -> WorkbookContent:
    """Return the workbook's validated content against this database; raise ImportRejected."""
    return read_workbook(data, today, known(db))


def load(
    db: Database,
    data: bytes,
    author: str,
    today: date,
    source: str = FILE_NAME,
    dry_run: bool = False,
) -> SetupResult:
    """Return what loading the workbook did (or would do): everything by code, one transaction;
    an owner of a cycle, risk, action or benefit added or changed who is not on the people list
    is loaded as written, with a warning in the result."""
    access.check(db, author, Action.workbook)
    content = check(db, data, today)
    # Every model sheet of the workbook holds one of the set-up models.
    items = cast(list[SetupItem], content.items())
    done = apply_setup(db, items, content.points, author, source, dry_run)
    # Only rows that add or change something: an owner already held was warned about before.
    fresh = {(i.kind, i.key) for i in done.items if i.outcome != "unchanged"}
    touched = [i for i in items if (type(i).__name__, item_key(i)) in fresh]
    people = access.people_by_name_and_email(db)
    return replace(done, warnings=tuple(owners.unlisted(touched, people)))


def _listed(keys: list[str]) -> str:
    shown = ", ".join(keys[:LISTED_KEYS])
    more = len(keys) - LISTED_KEYS
    return shown + (f" and {more} more" if more > 0 else "")


def summary(result: SetupResult) -> pd.DataFrame:
    """Return one row per sheet: how many rows were created, changed and left alone, and which."""
    rows = []
    for sheet in SHEETS:
        if sheet is DATA_POINTS:
            added, changed, same = (
                result.points.added,
                result.points.changed,
                result.points.unchanged,
            )
            created_keys = changed_keys = ""
        else:
            kind = sheet.model.__name__
            created, altered = result.keys(kind, "added"), result.keys(kind, "changed")
            added, changed = len(created), len(altered)
            same = len(result.keys(kind, "unchanged"))
            created_keys, changed_keys = _listed(created), _listed(altered)
        rows.append(
            {
                "sheet": sheet.name,
                "created": added,
                "changed": changed,
                "left alone": same,
                "created items": created_keys,
                "changed items": changed_keys,
            }
        )
    return pd.DataFrame(rows)


def summary_lines(result: SetupResult) -> list[str]:
    """Return the summary as lines of text, one per sheet with any rows."""
    lines = []
    for row in summary(result).to_dict("records"):
        if not (row["created"] or row["changed"] or row["left alone"]):
            continue
        line = (
            f"{row['sheet']}: {row['created']} created, {row['changed']} changed, "
            f"{row['left alone']} left alone"
        )
        details = [
            f"{outcome} {row[outcome + ' items']}"
            for outcome in ("created", "changed")
            if row[outcome + " items"]
        ]
        lines.append(line + (f" ({'; '.join(details)})" if details else ""))
    return lines or ["The workbook holds no rows."]
