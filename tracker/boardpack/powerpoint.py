"""The board pack as PowerPoint: 16:9 slides, native charts, tables that continue over slides."""

import io
from collections.abc import Callable
from datetime import date

import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.slide import Slide
from pptx.util import Inches, Pt

from tracker import usertext
from tracker.boardpack import diagram
from tracker.boardpack.fit import CELL_LIMIT, cut, lines, page_limit, shorten
from tracker.boardpack.model import (
    APPENDIX,
    BENEFITS,
    CHANGES,
    EXCEPTIONS,
    RISKS,
    SUMMARY,
    GoalBlock,
    InitiativeSection,
    MeasureBlock,
    PackContent,
    RegisterPages,
    Table,
)
from tracker.boardpack.native import NativeSeries, goal_series, spc_series
from tracker.boardpack.powerpoint_chart import add_xy_chart
from tracker.boardpack.words import RAG_TEXT_COLOURS
from tracker.charts import PALETTE
from tracker.errors import PackTooLong

SLIDE_WIDTH, SLIDE_HEIGHT = 13.333, 7.5
"""Inches: PowerPoint's 16:9 widescreen slide."""
MARGIN = 0.5
TOP = 1.05
"""Inches from the top of a slide to its first line below the title."""
BOTTOM = 6.95
"""Inches from the top of a slide to the end of its body, above the footer."""
BODY_WIDTH = SLIDE_WIDTH - 2 * MARGIN
COVER_TOP = 1.5
"""Inches from the top of the cover to the programme's name."""

NHS_BLUE = "#005EB8"
"""NHS identity blue (https://www.england.nhs.uk/nhsidentity/) for titles."""
GREY = "#425563"

CHAR_EM = 0.5
"""Average width of an Arial character as a share of its size: sizes text boxes and rows."""
LINE_SPACING = 1.25
"""Line height as a multiple of the font size, with a little room to spare."""
CELL_PADDING = 0.1
"""Inches a table row needs beyond its lines (top and bottom cell margins)."""
BOX_PADDING = 0.08
"""Inches a text box needs beyond its lines (its margins)."""
TITLE_SIZES = (24, 18)
"""Points of a slide title: 24 when it fits on one line, else 18 on at most two."""
TITLE_TOP = 0.3
"""Inches from the top of a slide to its title."""
CONTINUED = " (continued)"
"""Added to the title of a slide that carries on the one before it."""
MIN_LINES = 3
"""A paragraph too long for a slide starts on the current one only if this many lines fit."""
SPLIT_FILL = 0.9
"""Share of a slide's lines that a split paragraph or table row fills: the line count is an
estimate from an average character width, and a tenth to spare keeps the text above the footer
where Office wraps a little sooner."""

CONTENTS_WIDTH = 10
"""Inches of a section's title on the contents slide."""

GOALS_PER_SLIDE = 2
MEASURES_PER_SLIDE = 2
CHART_HEIGHT = 2.05
"""Inches per chart with two charts to a slide: readable on a screen, editable in place."""

Run = tuple[str, str | None, bool]
"""A piece of text: (text, colour or None for the default, bold)."""

Progress = Callable[[float, str], None]


def _per_line(width: float, size: float) -> int:
    """Return how many characters of `size` points fit on a line `width` inches wide."""
    return max(1, int(width * 72 / (size * CHAR_EM)))


def _wrapped(text: str, width: float, size: float) -> list[str]:
    return lines(text, _per_line(width, size))


def _lines(text: str, width: float, size: float) -> int:
    return len(_wrapped(text, width, size))


def _lines_height(count: int, size: float) -> float:
    return count * size * LINE_SPACING / 72


def _height(text: str, width: float, size: float) -> float:
    return _lines_height(_lines(text, width, size), size) + BOX_PADDING


def _lines_that_fit(height: float, size: float, padding: float) -> int:
    """Return how many lines of `size` points to put in `height` inches beside `padding` when a
    text is split to fill it (SPLIT_FILL of those that fit by the estimate)."""
    return int(SPLIT_FILL * (height - padding) * 72 / (size * LINE_SPACING))


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def _split_row(cells: list[list[str]], most: int) -> list[tuple[str, ...]]:
    """Return a row, its cells as wrapped lines, as rows of at most `most` lines each.

    The later rows say "(continued)" in their first cell when its text has run out.
    """
    step = max(most, 1)
    parts = []
    for start in range(0, max(len(c) for c in cells), step):
        part = ["".join(c[start : start + step]).strip() for c in cells]
        if start and not part[0]:
            part[0] = CONTINUED.strip()
        parts.append(tuple(part))
    return parts


def rag_runs(rag: str) -> list[Run]:
    """Return a RAG text as runs with its dot in the RAG colour ("● Amber")."""
    colour = RAG_TEXT_COLOURS.get(rag)
    if colour is None:
        return [(rag, None, True)]
    dot, _, word = rag.partition(" ")
    return [(dot, colour, True), (f" {word}", None, True)]


class _Deck:
    """A presentation being laid out top to bottom, a slide at a time."""

    def __init__(self, footer: str, limit: int) -> None:
        self.prs = Presentation()
        self.prs.slide_width = Inches(SLIDE_WIDTH)
        self.prs.slide_height = Inches(SLIDE_HEIGHT)
        self.blank = self.prs.slide_layouts[6]
        self.footer = footer
        self.limit = limit
        self.slide: Slide | None = None
        self.title = ""
        self.y = TOP
        self.sections: list[tuple[str, int]] = []

    @property
    def number(self) -> int:
        """Return the number of the current slide (1-based)."""
        return len(self.prs.slides)

    def new(self, title: str, section: str | None = None) -> Slide:
        """Start a slide with a title; `section` records it as the start of a section.

        PackTooLong past the deck's limit: every loop that lays out text adds slides here.
        """
        if self.number >= self.limit:
            raise PackTooLong(
                f"The PowerPoint pack was stopped at {self.limit:,} slides, more than its "
                "initiatives should need: a text in it could not be laid out. Shorten the "
                "longest texts in the tracker, or publish a pack for fewer initiatives."
            )
        self.slide = self.prs.slides.add_slide(self.blank)
        self.title = title
        if title:
            self._title(title)
        self.y = TOP
        if section is not None:
            self.sections.append((section, self.number))
        return self.slide

    def _title(self, title: str) -> None:
        """Write the title: 24 pt on one line, else 18 pt on two (cut with … if longer)."""
        large, small = TITLE_SIZES
        if _lines(title, BODY_WIDTH, large) == 1:
            self.runs([(title, NHS_BLUE, True)], large, top=TITLE_TOP)
            return
        wrapped = _wrapped(title, BODY_WIDTH, small)
        if len(wrapped) > 2:
            title = shorten(title, len("".join(wrapped[:2]).rstrip()))
        self.runs([(title, NHS_BLUE, True)], small, top=TITLE_TOP)

    def _current(self) -> Slide:
        if self.slide is None:
            raise RuntimeError("no slide started")
        return self.slide

    def room(self) -> float:
        """Return the inches left for the body on this slide."""
        return BOTTOM - self.y

    def ensure(self, height: float) -> None:
        """Continue on a new slide (same title, "continued") unless `height` inches still fit."""
        if self.room() < height:
            self.continued()

    def continued(self) -> None:
        """Start the next slide with this one's title marked "(continued)"."""
        self.new(self.title.removesuffix(CONTINUED) + CONTINUED)

    def runs(
        self,
        runs: list[Run],
        size: float,
        *,
        top: float | None = None,
        height: float | None = None,
        left: float = MARGIN,
        width: float = BODY_WIDTH,
        align: PP_ALIGN = PP_ALIGN.LEFT,
    ) -> None:
        """Write one paragraph of runs at `top` (default: the flow position) and move below it.

        A newline in a run's text starts a new line of the paragraph.
        """
        text = "".join(r[0] for r in runs)
        box_height = height if height is not None else _height(text, width, size)
        at = self.y if top is None else top
        box = self._current().shapes.add_textbox(
            Inches(left), Inches(at), Inches(width), Inches(box_height)
        )
        frame = box.text_frame
        frame.word_wrap = True
        for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
            setattr(frame, side, Inches(0.02))
        paragraph = frame.paragraphs[0]
        paragraph.alignment = align
        for words, colour, bold in runs:
            for i, piece in enumerate(words.split("\n")):
                if i:
                    paragraph.add_line_break()
                run = paragraph.add_run()
                run.text = piece
                run.font.size = Pt(size)
                run.font.bold = bold
                run.font.name = "Arial"
                run.font.color.rgb = _rgb(colour or PALETTE["text"])
        if top is None:
            self.y += box_height

    def text(
        self,
        text: str,
        size: float = 12,
        bold: bool = False,
        colour: str | None = None,
        lead: str = "",
    ) -> None:
        """Write a paragraph in the flow, after a bold `lead` if given ("Aim. ").

        A paragraph that fits on a slide moves to the next one whole if it does not fit here;
        a longer one fills this slide and continues on the next ones, a slide at a time.
        """
        wrapped = _wrapped(lead + text, BODY_WIDTH, size)
        height = _lines_height(len(wrapped), size) + BOX_PADDING
        if height <= BOTTOM - TOP or _lines_that_fit(self.room(), size, BOX_PADDING) < MIN_LINES:
            self.ensure(height)
        while True:
            if _lines_height(len(wrapped), size) + BOX_PADDING <= self.room():
                fit = len(wrapped)
            else:
                fit = _lines_that_fit(self.room(), size, BOX_PADDING)
            part, wrapped = wrapped[:fit], wrapped[fit:]
            words = "".join(part)
            runs: list[Run] = []
            if lead and words.startswith(lead):
                runs.append((lead, colour, True))
                words = words.removeprefix(lead)
            runs.append((words.strip(), colour, bold))
            self.runs(runs, size)
            if not wrapped:
                return
            self.continued()

    def gap(self, inches: float = 0.12) -> None:
        """Leave a little space in the flow."""
        self.y += inches

    def table(self, table: Table, size: float = 10) -> None:
        """Draw a table in the flow; rows that do not fit continue on the next slide.

        Cells are cut at CELL_LIMIT characters, and a row taller than a slide is split into
        rows that each fit one, the later ones marked "(continued)" in their first cell.
        """
        if not table.rows:
            self.text(table.empty, 11, colour=GREY)
            return
        total = sum(table.widths)
        widths = [BODY_WIDTH * w / total for w in table.widths]

        def wrapped(cells: tuple[str, ...]) -> list[list[str]]:
            return [_wrapped(c, w - 0.1, size) for c, w in zip(cells, widths, strict=True)]

        def row_height(cells: tuple[str, ...]) -> float:
            return _lines_height(max(len(c) for c in wrapped(cells)), size) + CELL_PADDING

        header = row_height(table.columns)
        most = _lines_that_fit(BOTTOM - TOP - header, size, CELL_PADDING)
        cells = (tuple(cut(c, CELL_LIMIT) for c in row) for row in table.rows)
        rows = [part for row in cells for part in _split_row(wrapped(row), most)]
        heights = [row_height(r) for r in rows]
        start = 0
        while start < len(rows):
            self.ensure(header + heights[start])
            end, used = start, header
            while end < len(rows) and used + heights[end] <= self.room():
                used += heights[end]
                end += 1
            part = [table.columns, *rows[start:end]]
            self._table_part(part, widths, [header, *heights[start:end]], size)
            self.y += used + 0.1
            start = end

    def _table_part(
        self,
        rows: list[tuple[str, ...]],
        widths: list[float],
        heights: list[float],
        size: float,
    ) -> None:
        """Draw one slide's part of a table: the header row, then `rows[1:]`."""
        shape = self._current().shapes.add_table(
            len(rows), len(widths), Inches(MARGIN), Inches(self.y),
            Inches(BODY_WIDTH), Inches(sum(heights)),
        )  # fmt: skip
        grid = shape.table
        for i, width in enumerate(widths):
            grid.columns[i].width = Inches(width)
        for r, (cells, height) in enumerate(zip(rows, heights, strict=True)):
            grid.rows[r].height = Inches(height)
            for c, value in enumerate(cells):
                cell = grid.cell(r, c)
                cell.margin_left = cell.margin_right = Inches(0.05)
                cell.margin_top = cell.margin_bottom = Inches(0.03)
                cell.text = value
                for paragraph in cell.text_frame.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(size)
                        run.font.name = "Arial"
                        run.font.bold = r == 0

    def chart(
        self,
        series: list[NativeSeries],
        unit: str,
        decimals: int,
        description: str,
        height: float = CHART_HEIGHT,
    ) -> None:
        """Draw a native chart of `series` in the flow ("No data yet." when there are none),
        with `description` as its alternative text."""
        if not series:
            self.text("No data yet.", 11, colour=GREY)
            return
        self.ensure(height)
        box = (Inches(MARGIN), Inches(self.y), Inches(BODY_WIDTH), Inches(height))
        add_xy_chart(self._current(), series, box, unit, decimals, description)
        self.y += height + 0.05

    def finish(self) -> None:
        """Add the footer and "slide n of N" to every slide."""
        total = len(self.prs.slides)
        for number, slide in enumerate(self.prs.slides, start=1):
            self.slide = slide
            self.runs([(self.footer, GREY, False)], 9, top=7.05, height=0.3, width=10)
            self.runs(
                [(f"Slide {number} of {total}", GREY, False)], 9, top=7.05, height=0.3,
                left=SLIDE_WIDTH - MARGIN - 2, width=2, align=PP_ALIGN.RIGHT,
            )  # fmt: skip

    def save(self) -> bytes:
        """Return the presentation as .pptx bytes."""
        out = io.BytesIO()
        self.prs.save(out)
        return out.getvalue()


def _cover(deck: _Deck, content: PackContent) -> None:
    cover = content.cover
    deck.new("")
    # The cover flows top to bottom, so a name on two lines pushes the rest down, not over it.
    deck.y = COVER_TOP
    deck.runs([(cover.programme, GREY, False)], 20)
    deck.gap(0.1)
    deck.runs([(cover.title, NHS_BLUE, True)], 40)
    deck.gap(0.43)
    facts = (cover.period, cover.cut_off, cover.author, cover.rules, cover.scope, cover.status)
    for i, fact in enumerate(facts):
        deck.runs([(fact, None, i == 0)], 16)
        deck.gap(0.09)


def _summary(deck: _Deck, content: PackContent) -> None:
    deck.new(SUMMARY, section=SUMMARY)
    tile_width, tile_height = (BODY_WIDTH - 0.4) / 3, 0.95
    for i, (label, value) in enumerate(content.tiles):
        left = MARGIN + (i % 3) * (tile_width + 0.2)
        top = TOP + (i // 3) * (tile_height + 0.15)
        deck.runs([(label, GREY, False)], 11, top=top, height=0.3, left=left, width=tile_width)
        deck.runs(
            [(value, None, True)], 14, top=top + 0.32, height=0.6, left=left, width=tile_width
        )
    deck.y = TOP + 2 * (tile_height + 0.15) + 0.1
    deck.text("Making Data Count summary: measures by variation and assurance", 14, bold=True)
    deck.table(content.matrix, 11)
    deck.text(f"{content.matrix_total} measures in all.", 11, colour=GREY)


def _changes(deck: _Deck, content: PackContent) -> None:
    changes = content.changes
    deck.new(CHANGES, section=CHANGES)
    deck.text(changes.since, 12, colour=GREY)
    if changes.first:
        return
    for heading, table in (
        ("Icons that changed", changes.icons),
        ("Goals whose status changed", changes.goals),
        ("Milestones that slipped, were completed or are new", changes.milestones),
        ("New and revised check-ins", changes.check_ins),
    ):
        deck.ensure(0.9)
        deck.gap()
        deck.text(heading, 13, bold=True)
        deck.table(table, 10)


def _registers(deck: _Deck, pages: RegisterPages) -> None:
    """Write the risks slide (heat map and top risks, as tables) and the benefits slide (the
    year's £ by initiative and a native chart of the cumulative totals)."""
    deck.new(RISKS, section=RISKS)
    deck.text(pages.risks_intro, 11, colour=GREY)
    deck.text("Heat map of current scores: open risks per cell · band and score", 12, bold=True)
    deck.table(pages.heat_map, 9)
    deck.text(pages.heat_map_words, 9, colour=GREY)
    deck.new(f"{RISKS}: top risks by current score")
    deck.table(pages.top_risks, 9)
    deck.new(BENEFITS, section=BENEFITS)
    deck.text(pages.benefits_intro, 11, colour=GREY)
    deck.table(pages.money, 10)
    deck.new(f"{BENEFITS}: cumulative by month against plan")
    path = pages.cumulative
    series = [
        NativeSeries("Planned", _days(path["month"]), _amounts(path["planned"]),
                     line=PALETTE["trajectory"], dash="dash", width=2),
        NativeSeries("Actual", _days(path["month"]), _amounts(path["actual"]),
                     line=PALETTE["actual"], width=2, marker="circle",
                     marker_colour=PALETTE["actual"]),
        NativeSeries("Forecast", _days(path["month"]), _amounts(path["forecast"]),
                     line=PALETTE["actual"], dash="dot", width=2, marker="diamond",
                     marker_colour=PALETTE["actual"]),
    ]  # fmt: skip
    deck.chart(series, "£", 0, pages.cumulative_words)
    deck.text(f"In words: {pages.cumulative_words}", 10, colour=GREY)


def _days(values: pd.Series) -> tuple[date | None, ...]:
    return tuple(pd.Timestamp(v).date() for v in values)


def _amounts(values: pd.Series) -> tuple[float | None, ...]:
    return tuple(None if pd.isna(v) else float(v) for v in values)


def _goal(deck: _Deck, goal: GoalBlock) -> None:
    deck.text(f"{goal.code} {goal.statement}", 12, bold=True)
    deck.text(f"{goal.status}: {goal.reason}", 10)
    deck.chart(
        goal_series(goal.chart), goal.chart.unit, goal.chart.decimals, goal.chart.words().text
    )


def _measure(deck: _Deck, measure: MeasureBlock) -> None:
    deck.text(f"{measure.code} · {measure.name} ({measure.kind})", 12, bold=True)
    deck.text(f"Variation: {measure.variation} · Assurance: {measure.assurance}", 10)
    deck.text(f"{measure.variation_reading} {measure.assurance_reading}", 10, colour=GREY)
    chart = measure.chart
    deck.chart(spc_series(chart), chart.unit, chart.decimals, chart.words().text)


def _initiative(deck: _Deck, section: InitiativeSection) -> None:
    deck.new(section.title, section=section.title)
    deck.text(section.facts, 10, colour=GREY)
    deck.gap()
    deck.text(usertext.plain(section.aim), 13, lead="Aim. ")
    deck.gap()
    deck.runs(
        [("RAG ", None, False), *rag_runs(section.rag),
         (f" · Confidence {section.confidence} · {section.check_in}", None, False)],
        13,
    )  # fmt: skip
    for label, text in section.narrative:
        deck.gap(0.08)
        # A heading keeps its first lines with it rather than end a slide alone.
        deck.ensure(_height(label, BODY_WIDTH, 12) + _lines_height(MIN_LINES, 11) + BOX_PADDING)
        deck.text(label, 12, bold=True)
        deck.text(usertext.plain(text), 11)
    for i in range(0, len(section.goals), GOALS_PER_SLIDE):
        deck.new(f"{section.code} · Goals against trajectory")
        for goal in section.goals[i : i + GOALS_PER_SLIDE]:
            _goal(deck, goal)
    for i in range(0, len(section.measures), MEASURES_PER_SLIDE):
        deck.new(f"{section.code} · Measures")
        for measure in section.measures[i : i + MEASURES_PER_SLIDE]:
            _measure(deck, measure)
    deck.new(f"{section.code} · Milestones")
    deck.table(section.milestones, 10)


def _diagram(deck: _Deck, drawn: diagram.Diagram) -> None:
    """The initiative's driver diagram on its own slide, as shapes and connectors to edit."""
    deck.new(f"{drawn.code} · Driver diagram")
    deck.text(drawn.counts, 10, colour=GREY)
    diagram.draw_slide(deck._current(), drawn, MARGIN, deck.y, BODY_WIDTH, BOTTOM - deck.y, _fitted)


def _fitted(text: str, width: float, height: float, size: float) -> str:
    """Return `text`, or as many of its lines as fit a box `width` by `height` inches at `size`
    points, the last ending in "…"."""
    most = max(1, int((height - BOX_PADDING) * 72 / (size * LINE_SPACING)))
    found = _wrapped(text, width, size)
    if len(found) <= most:
        return text
    kept = "".join(found[:most]).rstrip()
    # Two characters off the last line make room for the "…" on it.
    return kept[:-2].rstrip() + " …"


def write_pptx(content: PackContent, progress: Progress | None = None) -> bytes:
    """Return the pack as PowerPoint (.pptx) bytes; `progress(fraction, message)` as it goes."""
    report = progress or (lambda _f, _m: None)
    deck = _Deck(content.footer, page_limit(len(content.initiatives)))
    _cover(deck, content)
    deck.new("Contents")
    contents_slide = deck.slide
    _summary(deck, content)
    deck.new(EXCEPTIONS, section=EXCEPTIONS)
    deck.text(
        f"{len(content.exceptions.rows)} items that need the board's attention, most severe "
        "first, each with the reason it is listed.",
        12,
        colour=GREY,
    )
    deck.table(content.exceptions, 10)
    _changes(deck, content)
    if content.registers is not None:
        _registers(deck, content.registers)
    count = len(content.initiatives)
    for i, initiative in enumerate(content.initiatives):
        report(i / max(count, 1), f"Slides for {initiative.title}")
        _initiative(deck, initiative)
        if initiative.code in content.diagrams:
            _diagram(deck, content.diagrams[initiative.code])
    deck.new(APPENDIX, section=APPENDIX)
    deck.table(content.appendix, 9)
    deck.slide = contents_slide
    deck.y = TOP
    titles = dict(zip([s for s, _ in deck.sections], content.contents(), strict=True))
    for section, number in deck.sections:
        size = 12 if len(deck.sections) <= 18 else 11
        # One line each, so that every section has its line on the one contents slide.
        title = shorten(titles[section], _per_line(CONTENTS_WIDTH, size))
        deck.runs([(f"{number}", GREY, False)], size, left=MARGIN, width=0.8, top=deck.y)
        deck.runs([(title, None, False)], size, left=MARGIN + 0.9, width=CONTENTS_WIDTH)
    deck.finish()
    report(1.0, "PowerPoint written")
    return deck.save()
