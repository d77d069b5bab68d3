"""Board pack records: publish one (validated, audited, one transaction) and read them back."""

import json
from datetime import UTC, date, datetime
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from tracker.access_rules import Action
from tracker.errors import Conflict, NotFound
from tracker.models import Person
from tracker.store import people
from tracker.store.db import Database, utc_now
from tracker.store.writes import audit

PresetName = Literal["mdc", "nhsr"]
"""The SPC rule presets (tracker.spc.Preset values); schema.sql's CHECK holds the same list."""

_COLUMNS = (
    "id, period, cut_off, author, preset, CAST(filters AS VARCHAR), created_at, "
    "coalesce(is_public, FALSE)"
)


def utc(value: datetime) -> datetime:
    """Return a time as naive UTC, as the store keeps it; one with a time zone is converted."""
    if value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def problems(err: ValidationError) -> str:
    """Return a pack request's validation errors as "field: what is wrong" lines."""
    return "\n".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in err.errors())


class PackFilters(BaseModel):
    """The overview filters a pack was built with; None means all."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    programme: str | None = None
    theme: str | None = None
    organisation: str | None = None
    lead: str | None = None

    @field_validator("*")
    @classmethod
    def _blank_is_all(cls, value: str | None) -> str | None:
        return value or None

    def chosen(self) -> dict[str, str]:
        """Return only the filters that are set, e.g. {"theme": "Urgent and emergency care"}."""
        return {k: v for k, v in self.model_dump().items() if v}


class PackRequest(BaseModel):
    """A pack to publish: the month it reports, its cut-off (UTC), author, preset and filters."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    period: date
    cut_off: datetime
    author: Person
    preset: PresetName = "mdc"
    filters: PackFilters = PackFilters()

    @field_validator("period")
    @classmethod
    def _month_start(cls, value: date) -> date:
        if value.day != 1:
            raise ValueError(
                f"period {value.isoformat()} is not the first of a month; "
                f"use {value.replace(day=1).isoformat()}"
            )
        return value

    @field_validator("cut_off")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        return utc(value)


class PublishedPack(PackRequest):
    """A published pack as stored: its id, when it was published (UTC) and whether an admin
    marked it public as well."""

    id: int
    created_at: datetime
    public: bool = False

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> Self:
        """Return the pack from a row of _COLUMNS."""
        pack_id, period, cut_off, author, preset, filters, created_at, public = row
        return cls(
            id=pack_id,
            period=period,
            cut_off=cut_off,
            author=author,
            preset=preset,
            filters=PackFilters(**json.loads(filters)),
            created_at=created_at,
            public=public,
        )


def check_cut_off(cut_off: datetime, now: datetime) -> None:
    """Raise Conflict when a cut-off is after `now`: a pack can only freeze what has happened."""
    if cut_off > now:
        raise Conflict(
            f"cut_off {cut_off:%Y-%m-%d %H:%M} UTC is in the future; a pack can only be frozen "
            f"at a time that has passed (now is {now:%Y-%m-%d %H:%M} UTC)."
        )


def publish(db: Database, request: PackRequest) -> PublishedPack:
    """Return the newly published pack after recording it (and its audit row) in one transaction.

    The cut-off must not be in the future: facts recorded after publishing but before a future
    cut-off would change the pack, and a published pack must never change.
    """
    at = utc_now()
    check_cut_off(request.cut_off, at)
    filters = json.dumps(request.filters.chosen(), sort_keys=True)
    with db.transaction() as cur:
        people.check(cur, request.author, Action.publish)
        # The id is drawn first: DuckDB cannot INSERT … RETURNING into PostgreSQL's tables.
        cur.reserve_ids(1)
        pack_id = cur.execute("SELECT nextval('id_seq')").fetchall()[0][0]
        cur.execute(
            "INSERT INTO board_pack (id, period, cut_off, author, preset, filters, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [pack_id, request.period, request.cut_off, request.author, request.preset, filters,
             at],
        )  # fmt: skip
        after = {
            "period": request.period,
            "cut_off": request.cut_off,
            "author": request.author,
            "preset": request.preset,
            "filters": request.filters.chosen(),
        }
        audit(cur, at, request.author, "create", "board_pack", pack_id, _code(request), None, after)
    return PublishedPack(**request.model_dump(), id=pack_id, created_at=at)


def _code(request: PackRequest) -> str:
    return f"{request.period:%Y-%m}"


def published(db: Database, public_only: bool = False) -> list[PublishedPack]:
    """Return every published pack (or only those marked public), the latest cut-off first."""
    where = "WHERE is_public " if public_only else ""
    rows = (
        db.cursor()
        .execute(f"SELECT {_COLUMNS} FROM board_pack {where}ORDER BY cut_off DESC, id DESC")
        .fetchall()
    )
    return [PublishedPack.from_row(row) for row in rows]


def set_public(db: Database, who: str, pack_id: int, public: bool) -> PublishedPack:
    """Return the pack after marking it public or not, with an audit row naming `who`.

    Only the mark changes: the pack's contents stay frozen at its cut-off. Marking a pack as it
    already is writes nothing. Refused (NotAllowed) unless `who` may publish packs (an admin);
    NotFound names an unknown id.
    """
    at = utc_now()
    with db.transaction() as cur:
        # Publishing's right: what the public may read is the programme office's decision.
        people.check(cur, who, Action.publish)
        rows = cur.execute(f"SELECT {_COLUMNS} FROM board_pack WHERE id = ?", [pack_id]).fetchall()
        if not rows:
            raise NotFound(
                f"No published board pack with id {pack_id}; list them on the Board pack page. "
                "Nothing was written."
            )
        found = PublishedPack.from_row(rows[0])
        if found.public == public:
            return found
        cur.execute("UPDATE board_pack SET is_public = ? WHERE id = ?", [public, pack_id])
        audit(
            cur,
            at,
            who,
            "update",
            "board_pack",
            pack_id,
            _code(found),
            {"is_public": found.public},
            {"is_public": public},
        )
    return found.model_copy(update={"public": public})


def pack(db: Database, pack_id: int) -> PublishedPack:
    """Return one published pack by id; NotFound names the id when there is none."""
    rows = (
        db.cursor().execute(f"SELECT {_COLUMNS} FROM board_pack WHERE id = ?", [pack_id]).fetchall()
    )
    if not rows:
        raise NotFound(
            f"No published board pack with id {pack_id}; list them on the Board pack page."
        )
    return PublishedPack.from_row(rows[0])


def latest_for_period(db: Database, period: date) -> PublishedPack | None:
    """Return the pack published for `period` with the latest cut-off, or None."""
    rows = (
        db.cursor()
        .execute(
            f"SELECT {_COLUMNS} FROM board_pack WHERE period = ? "
            "ORDER BY cut_off DESC, id DESC LIMIT 1",
            [period],
        )
        .fetchall()
    )
    return PublishedPack.from_row(rows[0]) if rows else None


def previous(db: Database, cut_off: datetime) -> PublishedPack | None:
    """Return the published pack with the latest cut-off strictly before `cut_off`, or None.

    This is "the last published pack" a new pack reports its changes against.
    """
    rows = (
        db.cursor()
        .execute(
            f"SELECT {_COLUMNS} FROM board_pack WHERE cut_off < ? "
            "ORDER BY cut_off DESC, id DESC LIMIT 1",
            [cut_off],
        )
        .fetchall()
    )
    return PublishedPack.from_row(rows[0]) if rows else None
