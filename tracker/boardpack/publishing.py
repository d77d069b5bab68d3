"""Publish a board pack from a form's choices, and list the published packs as the page shows them."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd
from pydantic import ValidationError

from tracker import formatting, periods, usertext
from tracker.boardpack.words import PRESET_WORDS, filters_text, timestamp
from tracker.errors import TrackerError
from tracker.store import Database, packs

MONTHS_OFFERED = 24
"""Past periods offered for a new pack: two years, enough to republish any recent month."""


@dataclass(frozen=True)
class Publishing:
    """What publishing did: the pack recorded, or every problem (and then nothing was written)."""

    pack: packs.PublishedPack | None = None
    problems: list[str] = field(default_factory=list)


def months_offered(today: date) -> list[date]:
    """Return the months a new pack may report: the current month, then the last complete ones.

    The second entry is the latest complete month, the usual choice.
    """
    latest = periods.last_complete_period(today, periods.Frequency.monthly)
    return [
        periods.add_periods(latest, periods.Frequency.monthly, -n)
        for n in range(-1, MONTHS_OFFERED)
    ]


def publish_pack(
    db: Database,
    author: str,
    period: date,
    cut_off: datetime,
    preset: str,
    filters: Mapping[str, str | None],
) -> Publishing:
    """Return the pack published for `period` frozen at `cut_off` (UTC), or why it was refused.

    Each problem is one "field: what is wrong" line (a blank filter means all); a cut-off in the
    future is refused, because facts recorded before it would change a pack that must not change.
    """
    try:
        # Validated from plain values, so that a bad preset or filter is a problem, not a crash.
        request = packs.PackRequest.model_validate(
            {
                "period": period,
                "cut_off": cut_off,
                "author": author,
                "preset": preset,
                "filters": dict(filters),
            }
        )
        return Publishing(pack=packs.publish(db, request))
    except ValidationError as err:
        return Publishing(problems=packs.problems(err).splitlines())
    except TrackerError as err:
        return Publishing(problems=[str(err)])


def published_message(pack: packs.PublishedPack) -> str:
    """Return the line that confirms a publication: pack id, month and cut-off."""
    return (
        f"Published pack {pack.id} for {formatting.uk_month(pack.period)}, cut-off "
        f"{timestamp(pack.cut_off)}."
    )


def pack_listing(published: list[packs.PublishedPack]) -> pd.DataFrame:
    """Return one row per published pack, in the order given, as the page lists them."""
    return pd.DataFrame(
        {
            "Pack": [p.id for p in published],
            "Period": [formatting.uk_month(p.period) for p in published],
            "Cut-off": [timestamp(p.cut_off) for p in published],
            "Published by": [p.author for p in published],
            "SPC rules": [PRESET_WORDS.get(p.preset, p.preset) for p in published],
            "Scope": [filters_text(p.filters.chosen()) for p in published],
            "Published": [timestamp(p.created_at) for p in published],
        }
    )


def file_name(pack: packs.PublishedPack, extension: str) -> str:
    """Return the download's file name: board-pack-2026-10-pack-3.pptx."""
    return f"board-pack-{pack.period:%Y-%m}-pack-{pack.id}.{extension}"


def pack_heading(pack: packs.PublishedPack) -> str:
    """Return the line above a pack's contents (markdown): id, month, cut-off, author, scope."""
    return (
        f"**Pack {pack.id} · {formatting.uk_month(pack.period)}** · cut-off "
        f"{timestamp(pack.cut_off)} · published by {usertext.markdown(pack.author, inline=True)} · "
        f"{usertext.markdown(filters_text(pack.filters.chosen()), inline=True)}"
    )
