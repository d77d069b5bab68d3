"""A validated workbook's content: models per sheet and a data-point table; also built from the store."""

import json
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, ValidationError

from tracker.errors import NotAllowed
from tracker.workbook.layout import DATA_POINTS, SHEETS, Kind, Sheet
from tracker.workbook.problems import field_problems

POINT_COLUMNS = [c.name for c in DATA_POINTS.columns]
MODEL_SHEETS = tuple(s for s in SHEETS if s is not DATA_POINTS)

TABLE_OF_SHEET = {
    "Programme": "programmes",
    "Initiatives": "initiatives",
    "Measures": "measures",
    "Goals": "goals",
    "Targets": "targets",
    "Milestones": "milestones",
    "Annotations": "annotations",
    "Drivers": "diagram_nodes",
    "PDSA": "pdsa_cycles",
    "RiskSettings": "risk_settings",
    "Risks": "risks",
    "Benefits": "benefits",
    "BenefitMonths": "benefit_months",
    "DataPoints": "data_points",
}
"""The store's export table (queries.export_tables) that fills each sheet."""


def empty_points() -> pd.DataFrame:
    """Return an empty data-point table with the workbook's columns."""
    return pd.DataFrame({name: pd.Series(dtype=object) for name in POINT_COLUMNS})


@dataclass(frozen=True)
class WorkbookContent:
    """Validated rows of every sheet: models by sheet name, plus data points as one table.

    `points` has columns measure, period (date), value (float, NaN when missing),
    missing_reason and note, as the data-point importer returns them.
    """

    entities: Mapping[str, tuple[BaseModel, ...]] = field(default_factory=dict)
    points: pd.DataFrame = field(default_factory=empty_points)

    def rows(self, sheet: Sheet) -> tuple[BaseModel, ...]:
        """Return the models of one sheet (empty when the sheet had none)."""
        return tuple(self.entities.get(sheet.name, ()))

    def items(self) -> list[BaseModel]:
        """Return every model in load order: parents before the rows that refer to them."""
        return [item for sheet in MODEL_SHEETS for item in self.rows(sheet)]


def _plain(value: object) -> object:
    """Return a value from a store DataFrame as a plain Python value (None for missing)."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float | np.floating) and np.isnan(value):
        return None
    if isinstance(value, pd.Timestamp | datetime):
        return value.date()
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


_STORED_AS_JSON = (Kind.trajectory, Kind.links, Kind.codes, Kind.actions)
"""Kinds of field the store keeps as JSON text."""


def _record(row: Mapping[Hashable, Any], sheet: Sheet) -> dict[str, Any]:
    values = {}
    for column in sheet.columns:
        value = _plain(row.get(column.name))
        if column.kind in _STORED_AS_JSON and isinstance(value, str):
            value = json.loads(value)
        if value is not None:
            values[column.name] = value
    return values


def _points(frame: pd.DataFrame) -> pd.DataFrame:
    points = frame[POINT_COLUMNS].copy()
    points["period"] = pd.to_datetime(points["period"]).dt.date
    points["value"] = points["value"].astype(float)
    for column in ("missing_reason", "note"):
        points[column] = points[column].fillna("").astype(str)
    return points.reset_index(drop=True)


def _model(row: Mapping[Hashable, Any], sheet: Sheet) -> BaseModel:
    """Return a stored row as its model; refuse one that breaks a rule made after it was stored."""
    record = _record(row, sheet)
    try:
        return sheet.model.model_validate(record)
    except ValidationError as err:
        key = record.get("code") or " ".join(str(record.get(k, "")) for k in sheet.key)
        name, message = field_problems(err, [c.name for c in sheet.columns])[0]
        raise NotAllowed(
            f"{sheet.name} {key}, {name or 'row'}: {message}. Correct it on the set-up pages, "
            "then export again."
        ) from None


def from_tables(tables: Mapping[str, pd.DataFrame]) -> WorkbookContent:
    """Return the workbook content of the store's current tables (queries.export_tables)."""
    entities = {}
    for sheet in MODEL_SHEETS:
        frame = tables[TABLE_OF_SHEET[sheet.name]]
        entities[sheet.name] = tuple(_model(row, sheet) for row in frame.to_dict("records"))
    return WorkbookContent(entities=entities, points=_points(tables["data_points"]))
