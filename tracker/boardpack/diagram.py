"""Each initiative's driver diagram in the pack: native PowerPoint shapes and connectors, and a
vector drawing in the PDF, both placed as the app's chart places them (charts.qi.node_places)."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import PP_ALIGN
from pptx.shapes.autoshape import Shape
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from tracker import drivers, qi_view, vocabulary
from tracker.charts.qi import DIAGRAM_COLUMNS, node_places
from tracker.models import DriverKind, DriverNode, LinkStrength

BOX_SHARE = 0.84
"""A node's box as a share of its column's width: the rest is the gap its links cross."""
ROW_SHARE = 0.9
"""A node's box as a share of its row's height: the rest keeps one column's boxes apart."""
MOST_ROW = 0.9
"""The tallest a box may be, in inches, when its column has few nodes."""
NODE_PT = 9
"""Point size of a node's words on the slide and the page: 12 change ideas fit a slide."""
AIM_PT = 10
FONT = "Helvetica"
TEXT_BLACK = vocabulary.TEXT_BLACK
LINE_SPACING = 1.2
"""A line of a box's words, as a multiple of its point size."""
HEADING_ROOM = 0.3
"""Inches above the boxes for the column headings."""


@dataclass(frozen=True)
class Diagram:
    """One initiative's diagram as the pack draws it: its aim, nodes and the method's counts."""

    code: str
    aim: str
    nodes: tuple[DriverNode, ...]
    counts: str


def read(methods: Mapping[str, qi_view.Method], today: date, month: date) -> dict[str, Diagram]:
    """Return the diagram of each initiative that has one, from its method (as recorded at the
    pack's cut-off), with the ideas under test on `today` and the decisions of `month`."""
    found = {}
    for code, method in methods.items():
        if method.nodes:
            counts = qi_view.board_counts(method.cycles, today, month).line
            found[code] = Diagram(code, method.aim, tuple(method.nodes), counts)
    return found


@dataclass(frozen=True)
class _Box:
    """Where one box goes in a drawing area, in its units, from its top left."""

    left: float
    top: float
    width: float
    height: float


def _boxes(diagram: Diagram, width: float, height: float) -> dict[str, _Box]:
    """Return each node's box (and the aim's, under ''), in an area `width` by `height`."""
    column = width / len(DIAGRAM_COLUMNS)
    body = height - HEADING_ROOM
    longest = max(len(c) for c in drivers.columns(diagram.nodes).values())
    tall = min(body / longest * ROW_SHARE, MOST_ROW)
    inset = column * (1 - BOX_SHARE) / 2
    found = {"": _Box(inset, HEADING_ROOM, column * BOX_SHARE, body)}
    for code, (place, middle) in node_places(diagram.nodes).items():
        found[code] = _Box(
            place * column + inset,
            HEADING_ROOM + middle * body - tall / 2,
            column * BOX_SHARE,
            tall,
        )
    return found


def _links(diagram: Diagram) -> list[tuple[str, str, LinkStrength]]:
    """Return every link as (from, to, strength), the aim as ''."""
    found = [
        ("", n.code, LinkStrength.strong) for n in diagram.nodes if n.kind is DriverKind.primary
    ]
    found += [(p.code, n.code, p.strength) for n in diagram.nodes for p in n.parents]
    return found


def _colour(node: DriverNode | None) -> str:
    return vocabulary.NHS_BLUE if node is None else vocabulary.DRIVER_KINDS[node.kind].colour


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#"))


Fit = Callable[[str, float, float, float], str]
"""Returns a text cut to what fits a box `width` by `height` inches at `size` points."""


def draw_slide(
    slide: Slide, diagram: Diagram, left: float, top: float, width: float, height: float, fit: Fit
) -> None:
    """Draw the diagram on a slide in the area given in inches: a rectangle per node holding
    its title (cut by `fit` to its box; the app and the PDF's table give it whole), and a
    connector glued to the two boxes of each link (dashed if hypothesised)."""
    boxes = _boxes(diagram, width, height)
    nodes = {n.code: n for n in diagram.nodes}
    column = width / len(DIAGRAM_COLUMNS)
    for n, heading in enumerate(DIAGRAM_COLUMNS):
        label = slide.shapes.add_textbox(
            Inches(left + n * column), Inches(top), Inches(column), Inches(HEADING_ROOM)
        )
        paragraph = label.text_frame.paragraphs[0]
        paragraph.text, paragraph.alignment = heading, PP_ALIGN.CENTER
        paragraph.runs[0].font.size, paragraph.runs[0].font.bold = Pt(NODE_PT + 1), True
    shapes: dict[str, Shape] = {}
    for code, box in boxes.items():
        node = nodes.get(code)
        shape = slide.shapes.add_shape(
            MSO_SHAPE.RECTANGLE,
            Inches(left + box.left),
            Inches(top + box.top),
            Inches(box.width),
            Inches(box.height),
        )
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb("#FFFFFF")
        shape.line.color.rgb = _rgb(_colour(node))
        shape.line.width = Pt(1.5)
        frame = shape.text_frame
        frame.word_wrap = True
        for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
            setattr(frame, side, Inches(0.03))
        size = AIM_PT if node is None else NODE_PT
        frame.text = fit(diagram.aim if node is None else node.title, box.width, box.height, size)
        for paragraph in frame.paragraphs:
            paragraph.alignment = PP_ALIGN.CENTER
            for run in paragraph.runs:
                run.font.size = Pt(size)
                run.font.color.rgb = _rgb(TEXT_BLACK)
        shapes[code] = shape
    for start, end, strength in _links(diagram):
        if start not in shapes or end not in shapes:
            continue
        line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Emu(0), Emu(0), Emu(0), Emu(0))
        # Glued to the right side (3) of the box it leaves and the left side (1) of the one it
        # reaches: moving a box in PowerPoint keeps its links.
        line.begin_connect(shapes[start], 3)
        line.end_connect(shapes[end], 1)
        term = vocabulary.LINK_STRENGTHS[strength]
        line.line.color.rgb = _rgb(term.colour)
        line.line.width = Pt(1)
        if strength is LinkStrength.hypothesised:
            line.line.dash_style = MSO_LINE_DASH_STYLE.DASH


def _wrapped(text: str, width: float, size: float, lines: int) -> list[str]:
    """Return `text` in lines that fit `width` points, at most `lines` (the last cut with …)."""
    words, found, line = text.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if stringWidth(trial, FONT, size) <= width:
            line = trial
            continue
        found.append(line)
        line = word
    found.append(line)
    if len(found) > lines:
        found = found[:lines]
        while stringWidth(found[-1] + " …", FONT, size) > width and " " in found[-1]:
            found[-1] = found[-1].rsplit(" ", 1)[0]
        found[-1] += " …"
    return found


def drawing(diagram: Diagram, width: float, height: float) -> Drawing:
    """Return the diagram as a vector drawing `width` by `height` points, for the PDF."""
    inch = 72.0
    boxes = _boxes(diagram, width / inch, height / inch)
    nodes = {n.code: n for n in diagram.nodes}
    found = Drawing(width, height)
    column = width / len(DIAGRAM_COLUMNS)
    for n, heading in enumerate(DIAGRAM_COLUMNS):
        found.add(
            String(
                n * column + column / 2,
                height - 14,
                heading,
                fontName=f"{FONT}-Bold",
                fontSize=NODE_PT + 1,
                textAnchor="middle",
            )
        )
    for start, end, strength in _links(diagram):
        if start not in boxes or end not in boxes:
            continue
        a, b = boxes[start], boxes[end]
        term = vocabulary.LINK_STRENGTHS[strength]
        link = Line(
            (a.left + a.width) * inch,
            height - (a.top + a.height / 2) * inch,
            b.left * inch,
            height - (b.top + b.height / 2) * inch,
        )
        link.strokeColor, link.strokeWidth = colors.HexColor(term.colour), 0.8
        if strength is LinkStrength.hypothesised:
            link.strokeDashArray = [3, 2]
        found.add(link)
    for code, box in boxes.items():
        node = nodes.get(code)
        x, y = box.left * inch, height - (box.top + box.height) * inch
        frame = Rect(x, y, box.width * inch, box.height * inch)
        frame.fillColor, frame.strokeColor = colors.white, colors.HexColor(_colour(node))
        frame.strokeWidth = 1.2
        found.add(frame)
        size = AIM_PT if node is None else NODE_PT
        most = max(1, int(box.height * inch / (size * LINE_SPACING)))
        lines = _wrapped(
            diagram.aim if node is None else node.title, box.width * inch - 6, size, most
        )
        first = y + box.height * inch / 2 + (len(lines) - 1) * size * LINE_SPACING / 2 - size / 3
        for n, text in enumerate(lines):
            found.add(
                String(
                    x + box.width * inch / 2,
                    first - n * size * LINE_SPACING,
                    text,
                    fontName=FONT,
                    fontSize=size,
                    textAnchor="middle",
                    fillColor=colors.HexColor(TEXT_BLACK),
                )
            )
    return found
