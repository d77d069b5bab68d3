"""The board pack as PDF: A4 landscape, page numbers, contents, the app's charts as images."""

import io
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    LayoutError,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as PdfTable

from tracker import usertext
from tracker.boardpack import diagram
from tracker.boardpack.fit import CELL_LIMIT, cut, page_limit
from tracker.boardpack.images import ChartRenderer, find_browser
from tracker.boardpack.model import (
    CHART_WIDTH,
    Chart,
    InitiativeSection,
    PackContent,
    RegisterPages,
    Table,
)
from tracker.boardpack.pdf_benefits import cumulative_drawing
from tracker.boardpack.pdf_style import (
    BODY_WIDTH,
    LIGHT,
    MARGIN,
    NHS_BLUE,
    PAGE,
    RULE,
    canvas_maker,
    register_fonts,
    styles,
)
from tracker.boardpack.words import RAG_TEXT_COLOURS
from tracker.errors import PackTooLong
from tracker.formatting import number, uk_month

CHART_DRAWN_WIDTH = 250 * mm
"""Charts are drawn a little narrower than the page body so two SPC charts fit on a page."""
CHART_MAX_HEIGHT = PAGE[1] - 2 * MARGIN - 30 * mm
"""A taller chart (a timeline of many milestones) is drawn smaller, to keep it on one page with
its heading and a line or two above it: reportlab cannot split an image over pages."""

DIAGRAM_HEIGHT = PAGE[1] - 2 * MARGIN - 30 * mm
"""A driver diagram fills its page below its heading and counts: one page, like a chart."""

CUMULATIVE_HEIGHT = 70 * mm
"""The cumulative benefits chart: low enough to follow the year's table on the page when it can."""

CHART_SHARE = 0.85
"""Share of the PDF's progress bar spent drawing charts (the slow part: a browser per chart)."""

Progress = Callable[[float, str], None]


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(usertext.reportlab(text), style)


class _Heading(Paragraph):
    """A section heading that is also an entry of the contents page."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__(usertext.reportlab(text), style)
        self.toc_text = text


class _Document(SimpleDocTemplate):
    """A4 landscape; records the page each _Heading lands on, for the contents page.

    Each new page is reported to `on_page`, and a page past `limit` stops the layout with
    PackTooLong, so that no text, however long, can keep reportlab adding pages.
    """

    def __init__(
        self, out: io.BytesIO, on_page: Callable[[int], None], limit: int, **kwargs: Any
    ) -> None:
        super().__init__(out, **kwargs)
        self.pages: dict[str, int] = {}
        self.on_page = on_page
        self.limit = limit

    def handle_pageBegin(self) -> None:  # noqa: N802 - reportlab's hook name
        super().handle_pageBegin()
        if self.page > self.limit:
            raise PackTooLong(
                f"The PDF pack was stopped at {self.limit:,} pages, more than its initiatives "
                "should need: a text in it could not be laid out. Shorten the longest texts in "
                "the tracker, or publish a pack for fewer initiatives."
            )
        self.on_page(self.page)

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab's hook name
        text = getattr(flowable, "toc_text", None)
        if text:
            self.pages.setdefault(text, self.page)


def _table(table: Table, styles: dict[str, ParagraphStyle]) -> Flowable:
    if not table.rows:
        return _p(table.empty, styles["small"])
    total = sum(table.widths)
    widths = [BODY_WIDTH * w / total for w in table.widths]
    rows = [[_p(c, styles["head"]) for c in table.columns]]
    rows += [[_p(cut(c, CELL_LIMIT), styles["cell"]) for c in row] for row in table.rows]
    # splitInRow: a row taller than a page (a long definition) continues on the next page.
    grid = PdfTable(rows, colWidths=widths, repeatRows=1, splitInRow=1)
    grid.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), NHS_BLUE),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, LIGHT]),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return grid


Picture = Callable[[str], Flowable]
"""Returns the flowable that shows the chart with a key: its image, or a blank of its size."""


def _pictures(images: dict[str, Path], blank: bool) -> Picture:
    """Return a Picture over chart image files drawn CHART_DRAWN_WIDTH wide (narrower if that
    would make them taller than CHART_MAX_HEIGHT); `blank`: spacers.

    The first layout pass only needs sizes, so it lays out blanks and the images are embedded
    once, in the second pass. Files, not bytes: reportlab embeds a JPEG file as it is, but
    decodes an in-memory image to fingerprint it.
    """
    sizes = {key: ImageReader(str(path)).getSize() for key, path in images.items()}

    def picture(key: str) -> Flowable:
        width, height = sizes[key]
        scale = min(CHART_DRAWN_WIDTH / width, CHART_MAX_HEIGHT / height)
        drawn_width, drawn_height = width * scale, height * scale
        if blank:
            return Spacer(drawn_width, drawn_height)
        drawn = Image(str(images[key]), width=drawn_width, height=drawn_height)
        drawn.hAlign = "LEFT"
        return drawn

    return picture


def _rag(rag: str) -> str:
    colour = RAG_TEXT_COLOURS.get(rag)
    if colour is None:
        return f"<b>{usertext.reportlab(rag)}</b>"
    dot, _, word = rag.partition(" ")
    return f'<font color="{colour}">{dot}</font> <b>{usertext.reportlab(word)}</b>'


def _cover(content: PackContent, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    cover = content.cover
    story: list[Flowable] = [Spacer(1, 30 * mm), _p(cover.programme, styles["h2"])]
    story += [Spacer(1, 4 * mm), _p(cover.title, styles["title"]), Spacer(1, 10 * mm)]
    for line in (cover.period, cover.cut_off, cover.author, cover.rules, cover.scope, cover.status):
        story.append(_p(line, styles["cover"]))
    return [*story, PageBreak()]


def _summary(title: str, content: PackContent, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    tiles = [
        [_p(label, styles["small"]), _p(value, styles["tile"])] for label, value in content.tiles
    ]
    cells = [
        [tiles[i] for i in range(row, min(row + 3, len(tiles)))] for row in range(0, len(tiles), 3)
    ]
    grid = PdfTable(cells, colWidths=[BODY_WIDTH / 3] * 3)
    grid.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                ("INNERGRID", (0, 0), (-1, -1), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return [
        _Heading(title, styles["h1"]),
        grid,
        Spacer(1, 6 * mm),
        _p("Making Data Count summary: measures by variation and assurance", styles["h2"]),
        _table(content.matrix, styles),
        Spacer(1, 2 * mm),
        _p(f"{content.matrix_total} measures in all.", styles["small"]),
        PageBreak(),
    ]


def _changes(title: str, content: PackContent, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    changes = content.changes
    story: list[Flowable] = [_Heading(title, styles["h1"]), _p(changes.since, styles["body"])]
    if not changes.first:
        for heading, table in (
            ("Icons that changed", changes.icons),
            ("Goals whose status changed", changes.goals),
            ("Milestones that slipped, were completed or are new", changes.milestones),
            ("New and revised check-ins", changes.check_ins),
        ):
            story += [_p(heading, styles["h2"]), _table(table, styles)]
    return story


def _registers(
    titles: list[str], pages: RegisterPages, styles: dict[str, ParagraphStyle]
) -> list[Flowable]:
    """Return the risks and benefits pages: heat map and top risks; the year's £, and the
    cumulative totals by month as a vector chart and a table, with the chart's words."""
    risks, benefits = titles
    path = pages.cumulative
    cumulative = Table(
        columns=("Month", "Planned (cumulative)", "Actual (cumulative)", "Forecast to outturn"),
        rows=tuple(
            (uk_month(m), number(p, "£", 0), number(a, "£", 0), number(f, "£", 0))
            for m, p, a, f in zip(
                path["month"], path["planned"], path["actual"], path["forecast"], strict=True
            )
        ),
        widths=(1, 1, 1, 1),
    )
    return [
        PageBreak(),
        _Heading(risks, styles["h1"]),
        _p(pages.risks_intro, styles["body"]),
        _p("Heat map of current scores: open risks per cell · band and score", styles["h2"]),
        _table(pages.heat_map, styles),
        _p(f"In words: {pages.heat_map_words}", styles["small"]),
        _p("Top risks by current score", styles["h2"]),
        _table(pages.top_risks, styles),
        PageBreak(),
        _Heading(benefits, styles["h1"]),
        _p(pages.benefits_intro, styles["body"]),
        _table(pages.money, styles),
        _p("Cumulative by month against plan", styles["h2"]),
        cumulative_drawing(path, BODY_WIDTH, CUMULATIVE_HEIGHT),
        _p(f"In words: {pages.cumulative_words}", styles["small"]),
        _table(cumulative, styles),
    ]


def _described(chart: Chart, picture: Picture, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    """Return a chart's image and its words under it: reportlab writes no tagged PDF, so an
    image cannot carry alternative text, and the words are printed beside it for every reader."""
    return [picture(chart.key), _p(f"In words: {chart.words().text}", styles["small"])]


def _initiative(
    section: InitiativeSection, picture: Picture, styles: dict[str, ParagraphStyle]
) -> list[Flowable]:
    story: list[Flowable] = [
        PageBreak(),
        _Heading(section.title, styles["h1"]),
        _p(section.facts, styles["small"]),
        Spacer(1, 3 * mm),
        Paragraph(f"<b>Aim.</b> {usertext.reportlab(section.aim)}", styles["body"]),
        Spacer(1, 2 * mm),
        Paragraph(
            f"RAG {_rag(section.rag)} · Confidence <b>{usertext.reportlab(section.confidence)}</b> · "
            f"{usertext.reportlab(section.check_in)}",
            styles["body"],
        ),
    ]
    for label, text in section.narrative:
        story.append(
            Paragraph(
                f"<b>{usertext.reportlab(label)}.</b> {usertext.reportlab(text)}", styles["body"]
            )
        )
    goals = [
        [
            Spacer(1, 2 * mm),
            _p(f"{goal.code} {goal.statement}", styles["h3"]),
            _p(f"{goal.status}: {goal.reason}", styles["body"]),
            *_described(goal.chart, picture, styles),
        ]
        for goal in section.goals
    ]
    measures = [
        [
            Spacer(1, 3 * mm),
            _p(f"{measure.code} · {measure.name} ({measure.kind})", styles["h3"]),
            _p(f"Variation: {measure.variation} · Assurance: {measure.assurance}", styles["body"]),
            _p(f"{measure.variation_reading} {measure.assurance_reading}", styles["small"]),
            *_described(measure.chart, picture, styles),
        ]
        for measure in section.measures
    ]
    for heading, blocks in (("Goals against trajectory", goals), ("Measures", measures)):
        if blocks:
            # The heading stays on the page of its first block, never alone at a page's foot.
            blocks[0].insert(0, _p(heading, styles["h2"]))
        story += [KeepTogether(block) for block in blocks]
    milestones: list[Flowable] = [
        _p("Milestones", styles["h2"]),
        _table(section.milestones, styles),
    ]
    if section.milestone_chart is not None:
        milestones += _described(section.milestone_chart, picture, styles)
    story.append(KeepTogether(milestones))
    return story


def _contents(
    titles: list[str], pages: dict[str, int], styles: dict[str, ParagraphStyle]
) -> Flowable:
    """Return the contents page's table; without `pages` yet, page numbers are left blank."""
    number = ParagraphStyle("page", parent=styles["toc"], alignment=TA_RIGHT)
    rows = [[_p(title, styles["toc"]), _p(str(pages.get(title, "")), number)] for title in titles]
    grid = PdfTable(rows, colWidths=[BODY_WIDTH - 30 * mm, 30 * mm], hAlign="LEFT")
    grid.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE)]))
    return grid


def _story(
    content: PackContent,
    picture: Picture,
    pages: dict[str, int],
    styles: dict[str, ParagraphStyle],
) -> list[Flowable]:
    titles = content.contents()
    summary, exceptions, changes, *rest = titles
    held = 0 if content.registers is None else 2
    register_titles, appendix = rest[:held], rest[-1]
    story: list[Flowable] = [
        *_cover(content, styles),
        _p("Contents", styles["h1"]),
        _contents(titles, pages, styles),
        PageBreak(),
        *_summary(summary, content, styles),
        _Heading(exceptions, styles["h1"]),
        _p(
            "Items that need the board's attention, most severe first, each with the reason it "
            "is listed.",
            styles["body"],
        ),
        Spacer(1, 2 * mm),
        _table(content.exceptions, styles),
        PageBreak(),
        *_changes(changes, content, styles),
    ]
    if content.registers is not None:
        story += _registers(register_titles, content.registers, styles)
    for section in content.initiatives:
        story += _initiative(section, picture, styles)
        if section.code in content.diagrams:
            drawn = content.diagrams[section.code]
            story += [
                PageBreak(),
                _p(f"{section.code} · Driver diagram", styles["h2"]),
                _p(drawn.counts, styles["body"]),
                diagram.drawing(drawn, BODY_WIDTH, DIAGRAM_HEIGHT),
            ]
    story += [PageBreak(), _Heading(appendix, styles["h1"]), _table(content.appendix, styles)]
    return story


def _build(
    content: PackContent, story: list[Flowable], on_page: Callable[[int], None]
) -> _Document:
    document = _Document(
        io.BytesIO(),
        on_page,
        page_limit(len(content.initiatives)),
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=content.cover.title,
        author=content.cover.author,
        subject=content.cover.programme,
    )
    try:
        document.build(story, canvasmaker=canvas_maker(content.footer))
    except LayoutError as err:
        # Texts are cut and rows split to fit a page, so this is a layout the pack cannot do.
        raise PackTooLong(
            f"The PDF pack could not be laid out on page {document.page}: a part of it is "
            "larger than a page. Shorten the longest texts in the tracker, or build the "
            "PowerPoint pack."
        ) from err
    return document


def layout(
    content: PackContent, images: dict[str, Path], progress: Progress | None = None
) -> bytes:
    """Return the PDF bytes of a pack whose chart images (JPEG files by chart key) are drawn.

    Laid out twice: first with blanks the size of each chart to learn the page of every
    section, then for real with those page numbers on the contents page. `progress` hears
    of every page as it is begun.
    """
    report = progress or (lambda _f, _m: None)
    register_fonts()
    # Binary streams: reportlab's default ASCII85 text encoding runs in pure Python here (no
    # rl_accel), costing seconds a pack, and makes the file a quarter bigger for no gain.
    rl_config.useA85 = 0
    looks = styles()

    def paging(words: str) -> Callable[[int], None]:
        return lambda page: report(CHART_SHARE, f"{words}: page {page}")

    blank = _pictures(images, blank=True)
    first = _build(content, _story(content, blank, {}, looks), paging("Measuring the pages"))
    story = _story(content, _pictures(images, blank=False), first.pages, looks)
    final = _build(content, story, paging("Laying out the PDF"))
    return final.filename.getvalue()


def preflight() -> Path:
    """Return the browser to draw charts with, after checking the font; TrackerError says how
    to install whichever is missing. Cheap: call it before the slow work."""
    browser = find_browser()
    register_fonts()
    return browser


def write_pdf(
    content: PackContent, renderer: ChartRenderer, progress: Progress | None = None
) -> bytes:
    """Return the pack as PDF bytes, its charts drawn by `renderer` (one Chromium for all)."""
    report = progress or (lambda _f, _m: None)
    charts = content.all_charts()
    report(0.0, "Drawing the charts with Chromium")

    def drawn(done: int, total: int) -> None:
        report(CHART_SHARE * done / total, f"Drawing charts: {done} of {total}")

    drawn_images = renderer.render([c.figure for c in charts], CHART_WIDTH, drawn)
    report(CHART_SHARE, "Laying out the PDF")
    with tempfile.TemporaryDirectory(prefix="boardpack-") as folder:
        files = {}
        for chart, image in zip(charts, drawn_images, strict=True):
            files[chart.key] = Path(folder) / f"{chart.key}.jpg"
            files[chart.key].write_bytes(image)
        document = layout(content, files, report)
    report(1.0, "PDF written")
    return document
