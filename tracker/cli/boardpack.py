"""The `tracker board-pack` command: a period's board pack as PowerPoint or PDF, with progress."""

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from tracker.boardpack import publishing
from tracker.boardpack.build import PackFormat, build, period_of, spec_of
from tracker.boardpack.model import PackSpec
from tracker.cli.app import AsOption, DbOption, acting, app, db_path, echo, user_errors
from tracker.config import get_settings
from tracker.errors import TrackerError
from tracker.store import Database, packs
from tracker.store.db import utc_now

PROGRESS_WIDTH = 30
"""Characters in the CLI's progress bar."""


def _cut_off(text: str) -> datetime:
    """Return --as-of as a UTC time; a time with an offset is converted, one without is UTC."""
    try:
        return packs.utc(datetime.fromisoformat(text.strip()))
    except ValueError:
        raise TrackerError(
            f"--as-of {text!r} is not a time; write it as YYYY-MM-DDTHH:MM (UTC), "
            "e.g. 2026-11-20T17:00"
        ) from None


def _progress(share: float, message: str) -> None:
    done = round(share * PROGRESS_WIDTH)
    bar = "#" * done + "." * (PROGRESS_WIDTH - done)
    # One line redrawn in place on stderr, so stdout keeps only the result.
    typer.echo(f"\r[{bar}] {share:4.0%} {message[:60]:<60}", nl=False, err=True)


def _spec(
    database: Database, period: str, as_of: str | None, publish: bool, who: str
) -> tuple[PackSpec, str]:
    """Return the pack to build and a word on where it came from."""
    month = period_of(period)
    settings = get_settings()
    if as_of is None and not publish:
        published = packs.latest_for_period(database, month)
        if published is not None:
            return spec_of(published), f"rebuilt from published pack {published.id}"
    now = utc_now()
    cut_off = _cut_off(as_of) if as_of else now
    packs.check_cut_off(cut_off, now)
    request = packs.PackRequest(
        period=month, cut_off=cut_off, author=who, preset=settings.spc_rules
    )
    if publish:
        # The Board pack page's action, so that page and command refuse and record alike.
        done = publishing.publish_pack(
            database, request.author, month, cut_off, request.preset, filters={}
        )
        if done.pack is None:
            raise TrackerError("The pack was not published: " + "; ".join(done.problems))
        return spec_of(done.pack), f"newly published pack {done.pack.id}"
    return PackSpec(
        period=month, cut_off=request.cut_off, author=request.author, preset=request.preset
    ), "a draft, not published"


@app.command("board-pack")
def board_pack(
    period: Annotated[str, typer.Option(help="Month the pack reports, YYYY-MM.")],
    out: Annotated[Path, typer.Option(help="File to write (.pptx or .pdf).")],
    fmt: Annotated[PackFormat, typer.Option("--format", help="pptx or pdf.")] = PackFormat.pptx,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Cut-off (UTC, YYYY-MM-DDTHH:MM): the pack shows the data as recorded then. "
            "Default: the period's latest published pack, else now.",
        ),
    ] = None,
    publish: Annotated[
        bool,
        typer.Option("--publish", help="Record the pack as published (by --as, an admin)."),
    ] = False,
    db: DbOption = None,
    person: AsOption = None,
) -> None:
    """Write a period's board pack (PowerPoint with native charts, or PDF) frozen at its cut-off.

    Without --as-of the period's latest published pack is rebuilt exactly; otherwise the pack
    shows the data as recorded at the cut-off. --publish records it so the Board pack page
    lists it. The PDF draws its charts with Chromium (`apt-get install chromium`).

    Example: tracker board-pack --period 2026-10 --as-of 2026-11-20T17:00 --format pdf --out pack.pdf
    """
    with user_errors(), Database(db_path(db)) as database:
        try:
            spec, source = _spec(database, period, as_of, publish, acting(person))
        except ValidationError as err:
            raise TrackerError(packs.problems(err)) from None
        except ValueError as err:
            raise TrackerError(str(err)) from None
        try:
            data = build(database, spec, fmt, _progress)
        finally:
            typer.echo("", err=True)  # end the progress line, also before an error message
        out.write_bytes(data)
    echo(
        f"Wrote the {fmt.value.upper()} board pack for {spec.period:%Y-%m} ({source}, cut-off "
        f"{spec.cut_off:%Y-%m-%d %H:%M} UTC) to {out}: {len(data) / 1_000_000:.1f} MB."
    )


@app.command("pack-public")
def pack_public(
    pack_id: Annotated[
        int, typer.Argument(metavar="ID", help="The published pack's id (the Pack column).")
    ],
    public: Annotated[
        bool, typer.Option("--on/--off", help="Show it without sign-in, or stop showing it.")
    ],
    person: AsOption = None,
    db: DbOption = None,
) -> None:
    """Mark a published board pack public, or not: readable without sign-in if TRACKER_PUBLIC is on.

    Only the mark changes (audited); the pack stays as frozen at its cut-off. Admins only (--as).

    Example: tracker pack-public 3 --on
    """
    with user_errors(), Database(db_path(db)) as database:
        done = packs.set_public(database, acting(person), pack_id, public)
    shown = "public" if done.public else "not public"
    echo(f"Pack {done.id} for {done.period:%Y-%m} is {shown}.")
