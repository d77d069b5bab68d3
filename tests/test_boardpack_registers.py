"""The pack's risk and benefit pages: the heat map and top risks as native tables, the year's £
as a table and cumulative totals as a native chart with alternative text; in the PDF too."""

import pandas as pd
from reportlab.graphics.shapes import PolyLine, String

from tests.conftest import sample_rows
from tracker.boardpack.model import BENEFITS, RISKS
from tracker.boardpack.pdf_benefits import cumulative_drawing

pytest_plugins = ["tests.boardpack_fixtures"]


def _slides(deck, title: str) -> list:
    return [
        s for s in deck.slides
        if any(sh.has_text_frame and sh.text_frame.text.startswith(title) for sh in s.shapes)
    ]  # fmt: skip


def _tables(slide) -> list[pd.DataFrame]:
    found = []
    for shape in slide.shapes:
        if shape.has_table:
            rows = [[c.text for c in r.cells] for r in shape.table.rows]
            found.append(pd.DataFrame(rows[1:], columns=rows[0]))
    return found


def test_the_contents_list_the_registers_after_the_changes(full_content):
    titles = full_content.contents()
    assert titles[3:5] == [RISKS, BENEFITS]


def test_the_risks_slide_holds_the_heat_map_as_a_native_table(pptx_deck):
    [slide] = [s for s in _slides(pptx_deck, RISKS) if _tables(s)][:1]
    [grid] = _tables(slide)
    assert list(grid.columns) == ["Likelihood", "1 negligible", "2 minor", "3 moderate",
                                  "4 major", "5 catastrophic"]  # fmt: skip
    counts = grid.iloc[:, 1:].map(lambda cell: int(cell.split(" · ")[0]))
    open_risks = [r for r in sample_rows("risks.csv") if r["status"] == "open"]
    assert counts.to_numpy().sum() == len(open_risks)
    assert grid.iloc[0, 5].endswith("Extreme 25")  # top right: almost certain × catastrophic


def test_the_benefits_chart_is_native_with_alternative_text(pptx_deck):
    slides = _slides(pptx_deck, f"{BENEFITS}: cumulative")
    [frame] = [sh for sh in slides[0].shapes if sh.has_chart]
    assert [s.name for s in frame.chart.plots[0].series] == ["Planned", "Actual", "Forecast"]
    description = frame._element.nvGraphicFramePr.cNvPr.get("descr")
    assert description.startswith("FY 2026/27: planned £3,630,000 by March")


def test_the_benefits_table_totals_the_years_plan(pptx_deck):
    [money] = next(_tables(s) for s in _slides(pptx_deck, BENEFITS) if _tables(s))
    assert money["Initiative"].iloc[-1] == "Total"
    assert money["Plan for the year"].iloc[-1] == "£3,630,000"


def test_the_pdf_draws_the_cumulative_chart_as_vectors_with_its_table():
    path = pd.DataFrame(
        {
            "month": pd.date_range("2026-04-01", periods=12, freq="MS"),
            "planned": [100.0 * (n + 1) for n in range(12)],
            "actual": [90.0 * (n + 1) if n < 7 else None for n in range(12)],
            "forecast": [None] * 6 + [630.0 + 60 * n for n in range(6)],
        }
    )
    drawn = cumulative_drawing(path, 700, 200)
    texts = [s.text for s in drawn.contents if isinstance(s, String)]
    # The three named in its legend (patterns, not colour alone), each month on the axis.
    assert {"Planned (cumulative)", "Actual (cumulative)", "Forecast to outturn"} <= set(texts)
    assert "Apr 2026" in texts and "Mar 2027" in texts
    # The plan reaches £1,200 in March: four gridline steps of £500 (the round step of at
    # least a quarter of it) reach £2k, each labelled exactly.
    assert [t for t in texts if t.startswith("£")] == ["£0", "£500", "£1k", "£1.5k", "£2k"]
    lines = [s for s in drawn.contents if isinstance(s, PolyLine)]
    assert [len(line.points) // 2 for line in lines] == [12, 7, 6]


def test_the_pack_lists_the_registers_exceptions(full_content):
    kinds = {row[1] for row in full_content.exceptions.rows}
    assert {"Risk above the escalation line", "Benefit behind plan"} <= kinds
