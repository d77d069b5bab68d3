"""The PDF pack's look: A4 landscape page, DejaVu Sans, NHS blue, paragraph styles, footer."""

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from tracker.charts import PALETTE
from tracker.errors import TrackerError

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
"""Where Debian (fonts-dejavu-core) and other Linux systems keep DejaVu Sans."""
FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
"""DejaVu Sans has every symbol the pack prints (▲ ▼ ✔ ✘ ◐ ● ⚠ σ); PDF's built-in Helvetica does not."""

PAGE = landscape(A4)
MARGIN = 14 * mm
FOOTER_Y = 8 * mm
BODY_WIDTH = PAGE[0] - 2 * MARGIN

NHS_BLUE = colors.HexColor("#005EB8")
"""NHS identity blue (https://www.england.nhs.uk/nhsidentity/) for headings and table heads."""
GREY = colors.HexColor("#425563")
LIGHT = colors.HexColor(PALETTE["band"])
RULE = colors.HexColor(PALETTE["grid"])


def _font_file(name: str) -> Path:
    for folder in FONT_DIRS:
        path = folder / f"{name}.ttf"
        if path.is_file():
            return path
    raise TrackerError(
        f"The PDF board pack needs the DejaVu Sans font ({name}.ttf), which was not found in "
        f"{', '.join(str(d) for d in FONT_DIRS)}. Install it with "
        "`apt-get install fonts-dejavu-core`. The PowerPoint pack does not need it."
    )


def register_fonts() -> None:
    """Register DejaVu Sans (regular and bold) with reportlab, once per process."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(FONT, str(_font_file(FONT))))
    pdfmetrics.registerFont(TTFont(BOLD, str(_font_file(BOLD))))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


def styles() -> dict[str, ParagraphStyle]:
    text = colors.HexColor(PALETTE["text"])
    base = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13, textColor=text)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11, textColor=GREY),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5),
        "head": ParagraphStyle(
            "head", parent=base, fontName=BOLD, fontSize=8.5, leading=10.5, textColor=colors.white
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName=BOLD,
            fontSize=18,
            leading=22,
            textColor=NHS_BLUE,
            spaceAfter=6,
        ),  # fmt: skip
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=BOLD, fontSize=13, leading=16, spaceBefore=8, spaceAfter=4
        ),
        "h3": ParagraphStyle("h3", parent=base, fontName=BOLD, fontSize=11, leading=14),
        "cover": ParagraphStyle("cover", parent=base, fontSize=14, leading=20),
        "title": ParagraphStyle(
            "title", parent=base, fontName=BOLD, fontSize=32, leading=38, textColor=NHS_BLUE
        ),
        "toc": ParagraphStyle("toc", parent=base, fontSize=12, leading=18),
        "tile": ParagraphStyle("tile", parent=base, fontName=BOLD, fontSize=11.5, leading=14),
    }


def canvas_maker(footer: str) -> type[canvas.Canvas]:
    """Return a canvas class that writes the footer and "Page n of N" on every page."""

    class Numbered(canvas.Canvas):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            self._pages: list[dict[str, object]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's method name
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # reportlab's stubs omit this private method

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.setFont(FONT, 8)
                self.setFillColor(GREY)
                self.drawString(MARGIN, FOOTER_Y, footer)
                self.drawRightString(PAGE[0] - MARGIN, FOOTER_Y, f"Page {number} of {total}")
                super().showPage()
            super().save()

    return Numbered
