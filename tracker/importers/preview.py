"""Readable summaries of an import preview (batches.preview): counts and old → new per row."""

import pandas as pd

from tracker import formatting

ACTIONS = ("add", "change", "unchanged")
"""What an import does to each row (the preview's `action`), in the order pages and the CLI show them."""


def counts(classified: pd.DataFrame) -> dict[str, int]:
    """Return how many previewed rows will be added, changed and left unchanged."""
    found = classified["action"].value_counts()
    return {s: int(found.get(s, 0)) for s in ACTIONS}


def shown(value: object) -> str:
    """Return a stored or incoming cell as short plain text: dates as 23 Nov 2026, '(empty)'."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[call-overload]  # pd.isna takes any one cell; the stubs list scalar types
        return "(empty)"
    if isinstance(value, float):
        return f"{value:g}"
    if hasattr(value, "year"):
        return formatting.uk_date(value)
    return str(value) if str(value) else "(empty)"


def changes(classified: pd.DataFrame) -> pd.Series:
    """Return per row the fields that change, e.g. 'value 77.7 → 80.5; note (empty) → fix'.

    Rows that are added list their new values; unchanged rows give ''.
    """
    fields = [c.removeprefix("old_") for c in classified.columns if c.startswith("old_")]
    lines = []
    for row in classified.to_dict("records"):
        if row["action"] == "add":
            parts = [f"{f} {shown(row[f])}" for f in fields if shown(row[f]) != "(empty)"]
        elif row["action"] == "change":
            parts = [
                f"{f} {shown(row['old_' + f])} → {shown(row[f])}"
                for f in fields
                if shown(row["old_" + f]) != shown(row[f])
            ]
        else:
            parts = []
        lines.append("; ".join(parts))
    return pd.Series(lines, index=classified.index, dtype=object)
