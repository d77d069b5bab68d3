"""User text in the board pack is printed as typed: markup is not obeyed, line breaks and bullets
are kept (the PDF without Chromium: each chart is a small blank image of its key)."""

from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from tests.boardpack_helpers import page_texts, slide_texts
from tests.hostile_text import write_hostile
from tracker.boardpack import pdf
from tracker.boardpack.build import load
from tracker.boardpack.model import PackContent, PackSpec
from tracker.boardpack.powerpoint import write_pptx
from tracker.store import Database, queries
from tracker.store.db import utc_now


@pytest.fixture
def content(sample_db_path: Path) -> PackContent:
    """The pack of UEC-01's theme after UEC-01 was given hostile text."""
    write_hostile(sample_db_path)
    with Database(sample_db_path) as db:
        theme = str(queries.initiatives(db).set_index("code").loc["UEC-01", "theme"])
        spec = PackSpec(date(2026, 10, 1), utc_now(), "Pat Secretary", filters={"theme": theme})
        return load(db, spec)


def pdf_text(content: PackContent, folder: Path) -> str:
    images = {}
    for chart in content.all_charts():
        images[chart.key] = folder / f"{chart.key}.jpg"
        Image.new("RGB", (40, 10), "white").save(images[chart.key])
    return "\n".join(page_texts(pdf.layout(content, images)))


def test_the_pdf_prints_reportlab_markup_in_an_aim_as_typed(content, tmp_path):
    text = pdf_text(content, tmp_path)
    assert '<img src=x> $x^2$ <font color="red">& co</font>' in text
    assert "**All green, nothing to see**" in text


def test_the_pdf_keeps_a_narratives_line_breaks_and_bullets(content, tmp_path):
    text = pdf_text(content, tmp_path)
    assert "Progress. **All green, nothing to see**\n• clinics open\n• staff hired ![b]" in text


def test_the_slides_keep_a_narratives_line_breaks_and_bullets(content):
    slides = slide_texts(write_pptx(content))
    # python-pptx reads a line break inside a paragraph as a vertical tab.
    assert any(
        "**All green, nothing to see**\v• clinics open\v• staff hired ![b]" in s for s in slides
    )
