"""DataFrames → CSV/Parquet files, with spreadsheet formula injection neutralised in CSV text."""

from pathlib import Path

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these can run as a formula when a CSV is opened in Excel."""


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy whose text cells cannot run as formulas (prefixed with an apostrophe)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            text = out[column]
            risky = text.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_STARTS))
            out.loc[risky, column] = "'" + text[risky].astype(str)
    return out


def write_tables(tables: dict[str, pd.DataFrame], folder: Path, fmt: str) -> list[Path]:
    """Write each table to folder/NAME.csv or .parquet; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in tables.items():
        path = folder / f"{name}.{fmt}"
        if fmt == "csv":
            neutralise(frame).to_csv(path, index=False, lineterminator="\n")
        else:
            frame.to_parquet(path, index=False)
        written.append(path)
    return written
