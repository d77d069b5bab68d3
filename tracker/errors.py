"""Specific errors the tracker raises; each message says what to fix."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime


class TrackerError(Exception):
    """Base of every error a user can act on; the CLI prints it, pages show it with st.error."""


class NotFound(TrackerError):
    """Seen when a code (initiative, measure, batch …) does not exist in the database."""


class Conflict(TrackerError):
    """Seen when a write would break a rule of the data, such as a duplicate code."""


@dataclass(frozen=True)
class Change:
    """One field someone else saved after a form read its record: their value, who and when.

    `field` is '' when they withdrew or deleted the whole record.
    """

    entity: str
    """The table the record lives in, as the audit log names it ('check_in', 'initiative' …)."""
    code: str
    """The record's code (a data point's, target's or check-in's measure or initiative)."""
    day: date | None
    """The record's date key (a data point's or check-in's period, a target's start), if any."""
    field: str
    value: object
    who: str
    at: datetime


class EditConflict(Conflict):
    """Seen when someone saved a record after the form read it; nothing was written.

    `latest` is the write counter that includes their changes: a save based on it puts the
    form's values over theirs as a new version (theirs stays in the history).
    """

    def __init__(self, changes: list[Change], latest: int) -> None:
        self.changes = changes
        self.latest = latest
        records = sorted({f"{_noun(c.entity)} {c.code}" for c in changes})
        who = sorted({c.who for c in changes})
        super().__init__(
            f"Nothing was saved: {' and '.join(who) or 'someone'} saved {', '.join(records)} "
            "after you opened it. Reload to see their changes, or save again to put yours over "
            "theirs (theirs stays in the history)."
        )


def _noun(entity: str) -> str:
    """Return a table's name as people say it: 'milestone_version' is a milestone."""
    return entity.removesuffix("_version").replace("_", "-")


class NotAllowed(TrackerError):
    """Seen when the action is refused: the person's role does not allow it (the message names
    who, what and which initiative), or the database does not (the demo over real data)."""


class DatabaseLocked(TrackerError):
    """Seen by a second process that finds the database file held by another program."""


class DatabaseDamaged(TrackerError):
    """Seen when the database file is damaged (a checksum fails, or it is cut short); nothing is
    written to it from then on."""


class SchemaNotKnown(TrackerError):
    """Seen when the database's schema version is not this tracker's: written by a newer one, or
    (opened read-only) an older one not yet brought up to date."""


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

    def __init__(self, errors: Sequence[RowError], source: str = "file") -> None:
        self.errors = list(errors)
        lines = "\n".join(f"  {e}" for e in errors[:200])
        more = f"\n  … and {len(errors) - 200} more" if len(errors) > 200 else ""
        super().__init__(
            f"The {source} was rejected and nothing was written: "
            f"{len(errors)} problem(s).\n{lines}{more}"
        )


class SignInNotConfigured(TrackerError):
    """Seen when the tracker would be open to others without sign-in, or sign-in is set up two
    ways at once; nothing was started."""


class Invalid(TrackerError):
    """Seen when something typed is not valid (a malformed email, an unknown role); nothing was
    written."""
