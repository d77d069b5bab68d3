"""The PDF pack: A4 landscape pages numbered out of the total, the engine's numbers, the app's
charts as images drawn by Chromium, and a clear message when Chromium is missing."""

import io
import re
import shutil
import subprocess
from pathlib import Path

import kaleido
import pytest
from PIL import Image
from pypdf import PdfReader

from tests.boardpack_helpers import SMALL_THEME, engine, matrix_counts, page_texts
from tracker import vocabulary
from tracker.boardpack import fit
from tracker.boardpack.build import PackFormat, build, load, spec_of
from tracker.boardpack.fit import CELL_LIMIT, TEXT_LIMIT
from tracker.boardpack.images import ChartRenderer
from tracker.boardpack.pdf import layout
from tracker.errors import PackTooLong, TrackerError
from tracker.reports import MATRIX_ASSURANCE, MATRIX_VARIATION
from tracker.spc_settings import VariationFamily
from tracker.store import Database, packs

pytest_plugins = ["tests.boardpack_fixtures"]

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "boardpack"
A4_LANDSCAPE = (841.89, 595.28)
"""A4 in PDF points (1/72 inch), wider than tall."""

chromium = pytest.mark.browser
"""Building a PDF starts Chromium to draw the charts: such tests run with the browser checks."""


@pytest.fixture(scope="module")
def pages(pdf_file) -> list[str]:
    return page_texts(pdf_file)


@pytest.fixture(scope="module")
def small_content(pack_db, small_pack):
    return load(pack_db, spec_of(small_pack))


@pytest.fixture(scope="module")
def small_book(pack_db, small_pack):
    return engine(pack_db, small_pack)


@chromium
def test_pages_are_a4_landscape_and_numbered_out_of_the_total(pdf_file, pages):
    reader = PdfReader(io.BytesIO(pdf_file))
    assert len(reader.pages) == len(pages) > 8
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
            A4_LANDSCAPE, abs=0.5
        )
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text


@chromium
def test_only_the_filtered_initiatives_have_sections_on_the_pages_the_contents_give(
    pages, small_book, full_book
):
    contents = pages[1]
    for code, name in zip(
        small_book.initiatives["code"], small_book.initiatives["name"], strict=True
    ):
        found = re.search(rf"{re.escape(f'{code} · {name}')}\s+(\d+)", contents)
        assert found, f"{code} missing from the contents"
        assert f"{code} · {name}" in pages[int(found.group(1)) - 1]
    others = set(full_book.initiatives["name"]) - set(small_book.initiatives["name"])
    assert not [name for name in others if name in "\n".join(pages)]
    assert f"Theme: {SMALL_THEME}" in pages[0]


@chromium
def test_matrix_counts_equal_the_engines(pages, small_book):
    summary = next(t for t in pages if t.startswith("Summary"))
    lines = summary.split("\n")
    counts = matrix_counts(small_book)
    for variation, words in zip(MATRIX_VARIATION, _row_words(), strict=True):
        start = lines.index(words)
        cells = [int(n) for n in lines[start + 1 : start + 1 + len(MATRIX_ASSURANCE)]]
        assert cells == [counts[(variation, a)] for a in MATRIX_ASSURANCE], words


def _row_words() -> list[str]:
    return [vocabulary.text(VariationFamily, v) for v in MATRIX_VARIATION]


@chromium
def test_every_exception_is_listed(pages, small_book):
    text = re.sub(r"\s+", " ", "\n".join(pages))
    assert len(small_book.exceptions) >= 3
    for row in small_book.exceptions.itertuples():
        assert re.sub(r"\s+", " ", f"{row.code} {row.title}") in text


@chromium
def test_every_chart_is_an_image_drawn_by_chromium(pdf_file, small_book):
    reader = PdfReader(io.BytesIO(pdf_file))
    images = [image for page in reader.pages for image in page.images]
    milestone_charts = small_book.milestones["initiative"].nunique()
    assert len(images) == len(small_book.measures) + len(small_book.goals) + milestone_charts
    assert all(image.data[:2] == b"\xff\xd8" for image in images)  # JPEG, embedded as drawn


@chromium
def test_pages_render_to_png_for_people_to_look_at(pdf_file, tmp_path):
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm is missing: run `make test`, which installs poppler-utils.")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    source = tmp_path / "pack.pdf"
    source.write_bytes(pdf_file)
    for old in ARTIFACTS.glob("page-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(source), str(ARTIFACTS / "page")], check=True
    )
    pngs = sorted(ARTIFACTS.glob("page-*.png"))
    assert len(pngs) == len(PdfReader(io.BytesIO(pdf_file)).pages)
    assert all(p.stat().st_size > 5_000 for p in pngs)


def test_without_chromium_the_pdf_says_how_to_install_it_and_pptx_still_works(
    pack_db, small_pack, monkeypatch
):
    monkeypatch.setenv("BROWSER_PATH", "/nowhere/chromium")
    with pytest.raises(TrackerError, match=r"apt-get install chromium"):
        build(pack_db, spec_of(small_pack), PackFormat.pdf)
    assert build(pack_db, spec_of(small_pack), PackFormat.pptx)[:2] == b"PK"


def test_kaleido_still_has_the_tab_hook_the_renderer_overrides():
    assert callable(getattr(kaleido.Kaleido, "_return_kaleido_tab", None))


def test_a_browser_that_cannot_start_is_a_clear_error_not_a_hang(tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    with pytest.raises(TrackerError, match="could not start"), ChartRenderer(fake):
        pass


@chromium
def test_the_longest_texts_are_laid_out_not_a_traceback(long_db_path):
    with Database(long_db_path) as db:
        [pack] = packs.published(db)
        data = build(db, spec_of(pack), PackFormat.pdf)
    text = " ".join(" ".join(page_texts(data)).split())  # one line: words wrap anywhere
    assert "PRV-01" in text and "Appendix: measure definitions" in text
    for limit in (TEXT_LIMIT, CELL_LIMIT):  # narratives and aims; definitions in the appendix
        assert f"(cut at {limit:,} characters; full text in the tracker)" in text


@chromium
def test_a_pdf_past_the_page_limit_stops_with_a_message(pack_db, small_pack, monkeypatch):
    monkeypatch.setattr(fit, "PAGES_BASE", 5)
    monkeypatch.setattr(fit, "PAGES_PER_INITIATIVE", 0)
    with pytest.raises(PackTooLong, match="stopped at 5 pages"):
        build(pack_db, spec_of(small_pack), PackFormat.pdf)


def test_a_chart_taller_than_a_page_is_drawn_smaller_to_fit(small_content, tmp_path):
    # A milestone timeline grows 30 px a row: 40 milestones make it 1,360 px tall at 1,100 px
    # wide, which drawn 250 mm wide would be 309 mm, taller than the page's 182 mm body.
    tall = tmp_path / "tall.jpg"
    Image.new("RGB", (1100, 1360), "white").save(tall)
    data = layout(small_content, {chart.key: tall for chart in small_content.all_charts()})
    reader = PdfReader(io.BytesIO(data))
    drawn = [image for page in reader.pages for image in page.images]
    assert len(drawn) == len(small_content.all_charts())


@chromium
def test_every_chart_is_followed_by_its_words(pages, small_content):
    text = "\n".join(pages)
    charts = small_content.all_charts()
    # and the registers' two: the heat map's and the cumulative benefits'
    assert text.count("In words: ") == len(charts) + 2 > 2
    spc = next(c for c in charts if c.key.startswith("spc-"))
    first = spc.words().text.split(":")[0]  # "SPC chart (XmR) of <name>", before any line break
    assert f"In words: {first}" in text.replace("\n", " ")
