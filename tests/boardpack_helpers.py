"""Board pack test helpers: the engine's view of a pack, and the text of slides and pages."""

import io
from datetime import date

from pptx import Presentation
from pypdf import PdfReader

from bench.long_texts import max_length, padded
from tracker import reports
from tracker.models import Initiative
from tracker.spc import Preset
from tracker.store import Database, packs

PERIOD = date(2026, 10, 1)
SMALL_THEME = "Prevention"
"""The PDF is built for one theme (2 initiatives, 11 charts) to keep the suite quick; the
benchmark builds the whole sample's PDF."""
LONG_LEAD = padded("Imran Chaudhry", max_length(Initiative, "lead") or 0)
"""PRV-01's lead in the longest-texts sample (bench.long_texts pads names the same way)."""


def engine(db: Database, pack: packs.PublishedPack) -> reports.Portfolio:
    """Return the engine's portfolio at a pack's cut-off: what the pack must agree with."""
    return reports.portfolio(
        db,
        pack.cut_off.date(),
        as_of=pack.cut_off,
        preset=Preset(pack.preset),
        filters=reports.Filters(**pack.filters.chosen()),
    )


def slide_texts(data: bytes) -> list[str]:
    """Return the text of each slide (text boxes and table cells), one string per slide."""
    texts = []
    for slide in Presentation(io.BytesIO(data)).slides:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
        texts.append("\n".join(parts))
    return texts


def page_texts(data: bytes) -> list[str]:
    """Return the text of each PDF page."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def matrix_counts(book: reports.Portfolio) -> dict[tuple[str, str], int]:
    return {(r.variation, r.assurance): int(r.n) for r in book.matrix.itertuples()}
