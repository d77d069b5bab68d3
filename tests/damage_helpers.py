"""Damage real DuckDB files as a failing disk or a cut-short copy would: bytes overwritten, file cut."""

import os
from pathlib import Path

import duckdb

HEADER_BYTES = 3 * 4096
"""DuckDB's file starts with one main header and two database headers of 4 KiB each."""

GARBAGE = b"\xab" * 4096
"""What a damaged stretch holds: enough bytes to change any block's checksum."""

BLOCK_BYTES = 256 * 1024
"""Bytes each block takes in the file: DuckDB's default, which the tracker never changes."""

INSIDE = 100
"""Offset into a block for the garbage: past the block's own 8-byte checksum."""


def table_blocks(path: Path, table: str) -> set[int]:
    """Return the ids of the blocks that hold `table`'s rows."""
    with duckdb.connect(str(path), read_only=True) as conn:
        rows = conn.execute(
            "SELECT DISTINCT block_id FROM pragma_storage_info(?) WHERE block_id >= 0", [table]
        ).fetchall()
    return {int(r[0]) for r in rows}


def used_blocks(path: Path) -> int:
    """Return how many blocks the file holds."""
    return (path.stat().st_size - HEADER_BYTES) // BLOCK_BYTES


def overwrite_blocks(path: Path, blocks: set[int]) -> None:
    """Overwrite bytes inside each of `blocks`, as a failing disk would."""
    with path.open("r+b") as file:
        for block in blocks:
            file.seek(HEADER_BYTES + block * BLOCK_BYTES + INSIDE)
            file.write(GARBAGE)


def damage_table(path: Path, table: str) -> None:
    """Overwrite bytes in every block of `table`."""
    overwrite_blocks(path, table_blocks(path, table))


def cut_short(path: Path, keep: float) -> None:
    """Truncate the file to the fraction `keep` of its size, as an interrupted copy would."""
    os.truncate(path, int(path.stat().st_size * keep))
