"""The PowerPoint pack: opened with python-pptx, it holds every section, the engine's numbers and
native charts; a published pack reads the same after data are corrected."""

import re
import subprocess
import sys
from dataclasses import replace
from datetime import date

import pandas as pd
import pytest
from pptx import Presentation
from pptx.util import Emu, Inches

from tests.boardpack_helpers import PERIOD, engine, matrix_counts, slide_texts
from tracker import formatting
from tracker.boardpack import fit
from tracker.boardpack.build import PackFormat, build, spec_of
from tracker.boardpack.fit import CELL_LIMIT, TEXT_LIMIT
from tracker.boardpack.model import APPENDIX, PackSpec, Table
from tracker.boardpack.powerpoint import CONTINUED, _height, write_pptx
from tracker.boardpack.powerpoint_chart import number_format, serial, value_range
from tracker.charts import PALETTE, assurance_icon_text, variation_icon_text
from tracker.errors import PackTooLong
from tracker.reports import MATRIX_ASSURANCE, MATRIX_VARIATION
from tracker.store import packs, writes
from tracker.store.db import utc_now

pytest_plugins = ["tests.boardpack_fixtures"]


def charts_of(deck) -> list:
    return [shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart]


def test_every_slide_is_numbered_out_of_the_total(pptx_slides):
    texts = pptx_slides
    assert len(texts) > 60
    for number, text in enumerate(texts, start=1):
        assert f"Slide {number} of {len(texts)}" in text


def test_cover_names_programme_period_cut_off_and_author(pptx_slides, full_pack):
    cover = pptx_slides[0]
    assert "North Weald" in cover and "Board pack: Oct 2026" in cover
    assert f"{full_pack.cut_off:%H:%M} UTC" in cover and "Pat Secretary" in cover


def test_every_initiative_has_its_section_and_the_contents_point_to_it(pptx_slides, full_book):
    texts, book = pptx_slides, full_book
    contents = texts[1]
    for code, name in zip(book.initiatives["code"], book.initiatives["name"], strict=True):
        found = re.search(rf"^(\d+)\n{re.escape(f'{code} · {name}')}$", contents, re.MULTILINE)
        assert found, f"{code} missing from the contents"
        assert texts[int(found.group(1)) - 1].startswith(f"{code} · {name}")


def test_matrix_counts_equal_the_engines(pptx_slides, full_book):
    summary = next(t for t in pptx_slides if t.startswith("Summary"))
    cells = summary.split("\n")
    start = cells.index("Variation \\ assurance")
    rows = cells[start + 6 : start + 6 * (len(MATRIX_VARIATION) + 1)]
    counts = matrix_counts(full_book)
    for i, variation in enumerate(MATRIX_VARIATION):
        row = rows[i * 6 : i * 6 + 6]
        assert [int(n) for n in row[1:5]] == [counts[(variation, a)] for a in MATRIX_ASSURANCE]
    assert f"{sum(counts.values())} measures in all." in summary


def test_every_exception_is_listed_with_its_reason(pptx_slides, full_book):
    text = "\n".join(pptx_slides)
    found = full_book.exceptions
    assert len(found) > 10
    for row in found.itertuples():
        assert f"{row.code} {row.title}" in text
        assert row.reason in text


def test_each_goal_and_measure_has_a_native_xy_chart(pptx_deck, full_book):
    book = full_book
    charts = charts_of(pptx_deck)
    # and one more: the benefits' cumulative totals (tests/test_boardpack_registers.py)
    assert len(charts) == len(book.measures) + len(book.goals) + 1
    assert all(c.chart_type.name.startswith("XY_SCATTER") for c in charts)


def test_spc_chart_points_are_coloured_by_type_with_mean_limits_and_target(pptx_deck):
    charts = charts_of(pptx_deck)
    concern = next(
        c for c in charts if "Special cause concern" in [s.name for s in c.plots[0].series]
    )
    series = {s.name: s for s in concern.plots[0].series}
    assert {"Mean", "Process limits", "Common cause"} <= set(series)
    marker = series["Special cause concern"].marker.format.fill.fore_color.rgb
    assert f"#{marker}" == "#D45F09"  # MDC's orange, darkened to 3:1, for special cause concern
    with_target = next(
        c for c in charts if {"Mean", "Target"} <= {s.name for s in c.plots[0].series}
    )
    target = next(s for s in with_target.plots[0].series if s.name == "Target")
    assert f"#{target.format.line.color.rgb}" == PALETTE["target"].upper()


def test_first_pack_says_there_is_nothing_to_compare(pptx_slides):
    changes = next(t for t in pptx_slides if t.startswith("What changed"))
    assert "first published pack" in changes


def test_a_published_pack_reads_the_same_after_a_value_is_corrected(sample_db):
    lead = packs.PackFilters(lead="Imran Chaudhry")  # one initiative (PRV-01) keeps it quick
    pack = packs.publish(
        sample_db,
        packs.PackRequest(period=PERIOD, cut_off=utc_now(), author="Pat Secretary", filters=lead),
    )
    before = slide_texts(build(sample_db, spec_of(pack), PackFormat.pptx))
    latest = engine(sample_db, pack).points
    latest = latest[latest["measure"] == "PRV-01-M1"].sort_values("period").iloc[-1]
    correction = pd.DataFrame(
        {
            "measure": ["PRV-01-M1"],
            "period": [latest["period"]],
            "value": [latest["value"] + 5.0],
            "missing_reason": [""],
            "note": ["corrected after the board"],
        }
    )
    assert writes.write_data_points(sample_db, correction, "analyst").changed == 1
    assert slide_texts(build(sample_db, spec_of(pack), PackFormat.pptx)) == before
    now = PackSpec(period=PERIOD, cut_off=utc_now(), author="Pat Secretary", filters=lead.chosen())
    assert slide_texts(build(sample_db, now, PackFormat.pptx)) != before


def test_value_axis_fits_the_data_with_round_steps():
    assert value_range([93.1, 96.8]) == (92.0, 97.0, 1.0)
    assert value_range([12.1, 15.3]) == (11.0, 16.0, 1.0)
    low, high, step = value_range([0.0, 150.0])
    assert (low, step) == (0.0, 50) and high >= 150


def test_office_formats_dates_and_units():
    assert serial(date(2026, 10, 1)) == 46296  # what Excel shows as 01/10/2026
    assert number_format("%", 1) == '#,##0.0"%"'
    assert number_format("£", 0) == '"£"#,##0'


HANG_GUARD = 120
"""Seconds after which a one-initiative build counts as never finishing (it takes a few)."""


def _reserved_height_fits(shape, slide_height) -> str | None:
    """Return why a text box does not hold its text on the slide, or None if it does."""
    if shape.top + shape.height > slide_height:
        return f"ends {Emu(shape.top + shape.height).inches:.2f} in down a 7.5 in slide"
    if not shape.has_text_frame or not shape.text_frame.text:
        return None
    runs = [r for p in shape.text_frame.paragraphs for r in p.runs]
    size = max(r.font.size.pt for r in runs if r.font.size is not None)
    needed = _height(shape.text_frame.text, Emu(shape.width).inches, size)
    if Inches(needed) > shape.height + 1:  # 1 EMU: Inches() rounds to whole EMUs
        return f"needs {needed:.2f} in but has {Emu(shape.height).inches:.2f} in"
    return None


def test_the_longest_texts_finish_and_every_text_box_holds_its_text_on_its_slide(
    long_db_path, tmp_path
):
    out = tmp_path / "long.pptx"
    done = subprocess.run(
        [sys.executable, "-m", "tracker", "board-pack", "--period", "2026-10", "--out", str(out),
         "--db", str(long_db_path)],
        capture_output=True, text=True, timeout=HANG_GUARD,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    deck = Presentation(str(out))
    for number, slide in enumerate(deck.slides, start=1):
        for shape in slide.shapes:
            problem = _reserved_height_fits(shape, deck.slide_height)
            assert problem is None, f"slide {number}, {shape.text_frame.text[:60]!r}: {problem}"
    texts = slide_texts(out.read_bytes())
    assert any(t.startswith("PRV-01 · ") and f"{CONTINUED}\n" in t for t in texts)
    everything = " ".join(" ".join(texts).split())
    for limit in (TEXT_LIMIT, CELL_LIMIT):  # narratives and aims; definitions in the appendix
        assert f"(cut at {limit:,} characters; full text in the tracker)" in everything


def test_a_pack_past_the_slide_limit_stops_with_a_message(full_content, monkeypatch):
    monkeypatch.setattr(fit, "PAGES_BASE", 5)
    monkeypatch.setattr(fit, "PAGES_PER_INITIATIVE", 0)
    with pytest.raises(PackTooLong, match="stopped at 5 slides"):
        write_pptx(full_content)


def test_a_table_row_taller_than_a_slide_continues_with_every_word(full_content):
    # 1,899 characters in a column a fifth of the slide wide (2.4 inches: about 37 characters
    # a line at 9 pt) need about 52 lines, 8 inches: taller than a slide's 5.9 inch body.
    definition = " ".join(f"w{n:03d}" for n in range(1, 381))
    appendix = Table(
        columns=("Measure", "Definition"), rows=(("PRV-01-M1", definition),), widths=(4, 1)
    )
    slides = slide_texts(write_pptx(replace(full_content, appendix=appendix)))
    parts = [t for t in slides if t.startswith(APPENDIX)]
    assert [p.split("\n")[0] for p in parts] == [APPENDIX] + [APPENDIX + CONTINUED] * (
        len(parts) - 1
    )
    assert len(parts) >= 2
    shown = [p.split("\n")[4] for p in parts]  # title, 2 headings, first cell, definition
    assert [p.split("\n")[3] for p in parts] == ["PRV-01-M1"] + ["(continued)"] * (len(parts) - 1)
    assert " ".join(shown) == definition


def test_every_chart_has_its_words_as_alternative_text(pptx_deck, full_book):
    frames = [shape for slide in pptx_deck.slides for shape in slide.shapes if shape.has_chart]
    described = [frame._element.nvGraphicFramePr.cNvPr.get("descr") for frame in frames]
    assert all(described), "a chart without alternative text"
    measure = full_book.measures.iloc[0]
    latest = formatting.number(measure["last_value"], measure["unit"], int(measure["decimals"]))
    [words] = [d for d in described if f" of {measure['name']}: " in d and "SPC" in d]
    day = pd.Timestamp(measure["last_period"])
    # Monthly and quarterly periods are named by month, weekly ones by their first day.
    when = formatting.uk_month(day) if day.day == 1 else formatting.uk_date(day)
    assert f"Latest value {latest} in {when}" in words
    assert f"Variation: {variation_icon_text(measure['variation_icon'])}" in words
    assert f"Assurance: {assurance_icon_text(measure['assurance_icon'])}" in words
