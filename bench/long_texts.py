"""The sample programme with its user texts lengthened to the models' maximum lengths.

Every text field that a model limits (tracker.models: names, aims, definitions, narratives,
milestone titles, people) is padded with plain words to exactly its limit, read from the model,
so the board pack's layout is tried with the longest texts the tracker accepts.
"""

import csv
import shutil
from collections.abc import Collection, Mapping
from pathlib import Path

from pydantic import BaseModel

from tracker.demo import SAMPLE_DIR, SAMPLE_FILES

FILLER = (
    "The team reviewed the figures with the ward leads and agreed the next steps for the month. "
)
"""Plain words with spaces, as people write: the pack wraps long text between words."""


def max_length(model: type[BaseModel], field: str) -> int | None:
    """Return the longest text `model` accepts in `field`, or None if it sets no limit."""
    limits = [getattr(m, "max_length", None) for m in model.model_fields[field].metadata]
    return next((limit for limit in limits if limit is not None), None)


def padded(text: str, length: int) -> str:
    """Return `text` followed by filler words, exactly `length` characters, ending in a letter.

    The same text always pads the same way, so a name used in two files still matches.
    """
    if len(text) >= length:
        return text[:length]
    repeats = length // len(FILLER) + 2
    out = (f"{text} " if text else "") + FILLER * repeats
    out = out[:length]
    return out[:-1] + "x" if out[-1] == " " else out


def long_fields(model: type[BaseModel]) -> list[str]:
    """Return the model's text fields that have a maximum length."""
    return [name for name in model.model_fields if max_length(model, name) is not None]


def write_sample(
    folder: Path, fields: Mapping[type[BaseModel], Collection[str]] | None = None
) -> Path:
    """Write the sample's files into `folder` with `fields` (default: all limited ones) padded.

    Empty optional texts are filled too, so every one is at its limit. Returns `folder`, ready
    for tracker.demo.load_sample(..., folder=folder).
    """
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(SAMPLE_DIR, folder, dirs_exist_ok=True)
    for name, model in SAMPLE_FILES:
        chosen = long_fields(model) if fields is None else list(fields.get(model, ()))
        if not chosen:
            continue
        path = folder / name
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = list(reader.fieldnames or [])
            rows = list(reader)
        for row in rows:
            for field in chosen:
                limit = max_length(model, field)
                if field in row and limit is not None:
                    row[field] = padded(row[field], limit)
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
    return folder
