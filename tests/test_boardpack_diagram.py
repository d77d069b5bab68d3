"""The pack's driver diagrams: native shapes and connectors in PowerPoint, a vector drawing in
the PDF, each node's words readable back."""

import io

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader
from reportlab.graphics.shapes import Drawing, Line, Rect, String

from tests.conftest import sample_rows
from tracker.boardpack import diagram

pytest_plugins = ["tests.boardpack_fixtures"]


def diagram_slide(pptx_file: bytes, code: str):
    deck = Presentation(io.BytesIO(pptx_file))
    [slide] = [
        s
        for s in deck.slides
        if any(
            sh.has_text_frame and sh.text_frame.text == f"{code} · Driver diagram"
            for sh in s.shapes
        )
    ]
    return slide


def sample_nodes(code: str) -> list[dict[str, str]]:
    return [r for r in sample_rows("drivers.csv") if r["initiative"] == code]


def test_each_initiative_with_a_diagram_has_it_on_a_slide(full_content):
    assert sorted(full_content.diagrams) == sorted(
        {r["initiative"] for r in sample_rows("drivers.csv")}
    )


def test_the_slide_holds_a_rectangle_per_node_with_its_title(pptx_file):
    slide = diagram_slide(pptx_file, "UEC-01")
    boxes = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE]
    titles = {s.text_frame.text for s in boxes}
    # The aim's box and one per node, each holding its title as typed.
    assert len(boxes) == len(sample_nodes("UEC-01")) + 1
    assert {r["title"] for r in sample_nodes("UEC-01")} <= titles


def test_each_link_is_a_connector_glued_to_its_two_boxes(pptx_file):
    slide = diagram_slide(pptx_file, "UEC-01")
    connectors = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.LINE]
    links = sum(len(r["parents"].split(";")) for r in sample_nodes("UEC-01") if r["parents"])
    primaries = sum(r["kind"] == "primary" for r in sample_nodes("UEC-01"))
    assert len(connectors) == links + primaries
    glued = [c._element.xpath(".//a:stCxn | .//a:endCxn") for c in connectors]
    assert all(len(ends) == 2 for ends in glued)
    dashed = [c for c in connectors if c.line.dash_style is not None]
    hypothesised = sum(r["parents"].count("=hypothesised") for r in sample_nodes("UEC-01"))
    assert len(dashed) == hypothesised


def test_the_pdf_drawing_is_vector_with_boxes_apart_and_every_title(full_content):
    drawn = full_content.diagrams["UEC-01"]
    picture = diagram.drawing(drawn, 780, 480)
    assert isinstance(picture, Drawing)
    rects = [s for s in picture.contents if isinstance(s, Rect)]
    assert len(rects) == len(drawn.nodes) + 1
    lines = [s for s in picture.contents if isinstance(s, Line)]
    assert len(lines) == sum(len(n.parents) for n in drawn.nodes) + sum(
        n.kind == "primary" for n in drawn.nodes
    )
    by_column: dict[float, list[tuple[float, float]]] = {}
    for r in rects[1:]:
        by_column.setdefault(r.x, []).append((r.y, r.y + r.height))
    for spans in by_column.values():
        spans.sort()
        assert all(low[1] < high[0] for low, high in zip(spans, spans[1:], strict=False))
    words = " ".join(s.text for s in picture.contents if isinstance(s, String))
    # Each title's first word is drawn (long titles wrap over lines in their box).
    assert all(n.title.split()[0] in words for n in drawn.nodes)


def test_the_pdf_pack_has_a_diagram_page(pdf_file):

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_file)).pages)
    assert "Driver diagram" in text


def test_the_slide_counts_the_packs_month(full_content):
    # The pack reports Oct 2026 (tests/boardpack_helpers.PERIOD): UEC-01-C9-1 was adapted then.
    assert "1 Oct 2026 to 31 Oct 2026: ✔ Adopt 0, ↻ Adapt 1, ✘ Abandon 0" in (
        full_content.diagrams["UEC-01"].counts
    )
