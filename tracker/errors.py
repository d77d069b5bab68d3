"""Specific errors the tracker raises; each message says what to fix."""

from dataclasses import dataclass


class TrackerError(Exception):
    """Base of every error a user can act on; the CLI prints it, pages show it with st.error."""


class NotFound(TrackerError):
    """Seen when a code (initiative, measure, batch …) does not exist in the database."""


class Conflict(TrackerError):
    """Seen when a write would break a rule of the data, such as a duplicate code."""


class NotAllowed(TrackerError):
    """Seen when the database refuses the action, such as loading the demo over real data."""


class DatabaseLocked(TrackerError):
    """Seen by a second process that finds the database file held by another program."""


class PackTooLong(TrackerError):
    """Seen when a board pack passes its slide or page limit, or a part of it cannot be laid out."""


class BuildStopped(TrackerError):
    """Seen when a board pack's build passed its time limit or nobody was waiting for it."""


@dataclass(frozen=True)
class RowError:
    """One problem in an input file: 1-based data row (header is row 1), column and reason."""

    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.reason}"


class ImportRejected(TrackerError):
    """Seen when an input file has bad rows; nothing was written, every bad row is listed."""

    def __init__(self, errors: list[RowError], source: str = "file") -> None:
        self.errors = errors
        lines = "\n".join(f"  {e}" for e in errors[:200])
        more = f"\n  … and {len(errors) - 200} more" if len(errors) > 200 else ""
        super().__init__(
            f"The {source} was rejected and nothing was written: "
            f"{len(errors)} problem(s).\n{lines}{more}"
        )
