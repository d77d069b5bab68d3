"""Build a pack: read the store as it stood at the cut-off (and at the last pack's), then write it."""

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from enum import StrEnum

from tracker import attention, qi_view, registers_view, reports
from tracker.boardpack import diagram
from tracker.boardpack.content import assemble, with_cycles
from tracker.boardpack.images import ChartRenderer
from tracker.boardpack.model import PackContent, PackSpec
from tracker.boardpack.pdf import preflight, write_pdf
from tracker.boardpack.powerpoint import write_pptx
from tracker.boardpack.registers import with_registers
from tracker.spc import Preset
from tracker.store import Database, packs, queries

Progress = Callable[[float, str], None]
"""Called as a pack builds with the share done (0 to 1) and what it is doing, in words."""

READ_SHARE = 0.25
"""Share of the progress bar for reading and analysing the store (about a second each read)."""


class PackFormat(StrEnum):
    """File format of a board pack."""

    pptx = "pptx"
    pdf = "pdf"


MEDIA_TYPES = {
    PackFormat.pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    PackFormat.pdf: "application/pdf",
}


def spec_of(pack: packs.PublishedPack) -> PackSpec:
    """Return how to build a published pack."""
    return PackSpec(
        period=pack.period,
        cut_off=pack.cut_off,
        author=pack.author,
        preset=pack.preset,
        filters=pack.filters.chosen(),
        pack_id=pack.id,
    )


def _portfolio(db: Database, spec: PackSpec) -> reports.Portfolio:
    """Return the portfolio exactly as it stood at the spec's cut-off (today = the cut-off day)."""
    return reports.portfolio(
        db,
        spec.as_at,
        as_of=spec.cut_off,
        preset=Preset(spec.preset),
        filters=reports.Filters(**spec.filters),
    )


def _programme_name(db: Database, spec: PackSpec) -> str:
    table = queries.programmes(db)
    chosen = spec.filters.get("programme")
    if chosen:
        table = table[table["code"] == chosen]
    if len(table) == 1:
        return str(table["name"].iloc[0])
    return "All programmes"


def period_of(text: str) -> date:
    """Return the first day of a month written YYYY-MM; ValueError says what to write instead."""
    try:
        year, month = (int(part) for part in text.strip().split("-"))
        return date(year, month, 1)
    except ValueError:
        raise ValueError(
            f"period {text!r} is not a month; write it as YYYY-MM, e.g. 2026-10"
        ) from None


def load(db: Database, spec: PackSpec, progress: Progress | None = None) -> PackContent:
    """Return the pack's contents at its cut-off, with the changes since the last published pack.

    The last published pack is the one with the latest cut-off before this one's; it is read
    as it stood at its own cut-off with its own preset and filters, so "what changed" compares
    with what the board was shown.
    """
    report = progress or (lambda _f, _m: None)
    report(0.0, "Reading the store as it stood at the cut-off")
    book = _portfolio(db, spec)
    last = packs.previous(db, spec.cut_off)
    previous_spec = spec_of(last) if last is not None else None
    previous = None
    if previous_spec is not None:
        report(READ_SHARE / 2, "Reading the last published pack for what changed")
        previous = _portfolio(db, previous_spec)
    report(READ_SHARE, "Assembling the contents")
    content = assemble(book, previous, spec, _programme_name(db, spec), previous_spec)
    methods = {
        code: qi_view.method(db, code, spec.cut_off) for code in sorted(book.initiatives["code"])
    }
    content = with_cycles(
        replace(content, diagrams=diagram.read(methods, spec.as_at, spec.period)), methods
    )
    # The registers as they stood at the cut-off, movement since the last published pack.
    concern = frozenset(attention.concern_measures(book.exceptions))
    regs = registers_view.load(db, spec.as_at, spec.cut_off, concern)
    return with_registers(content, book, regs)


def build(db: Database, spec: PackSpec, fmt: PackFormat, progress: Progress | None = None) -> bytes:
    """Return the pack as PowerPoint or PDF bytes, reporting progress as it builds.

    For a PDF, Chromium is looked for first (so a missing one is reported at once) and starts
    while the store is read, since both take seconds.
    """
    report = progress or (lambda _f, _m: None)

    def later(share: float, message: str) -> None:
        report(READ_SHARE + share * (1 - READ_SHARE), message)

    if fmt is PackFormat.pptx:
        return write_pptx(load(db, spec, report), later)
    with ChartRenderer(preflight()) as renderer:
        return write_pdf(load(db, spec, report), renderer, later)
