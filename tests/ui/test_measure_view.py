"""The measure page, the initiative page and the board pack show each measure alike."""

from datetime import date, datetime

import pandas as pd

from tests.conftest import TODAY
from tracker import reports
from tracker.boardpack import content
from tracker.boardpack.model import PackSpec
from tracker.measure_view import measure_views
from tracker.store import Database

INITIATIVE = "DIS-01"
"""Its five measures hold every kind of icon the sample has: concern, improvement, common cause;
pass, fail, hit and miss, and no target."""


def test_measure_page_initiative_page_and_board_pack_agree_on_every_measure(app, sample_db_path):
    with Database(sample_db_path, read_only=True) as db:
        book = reports.portfolio(db, TODAY)
    codes = book.measures.loc[book.measures["initiative"] == INITIATIVE, "code"]
    views = measure_views(book, codes)
    assert len(views) == 5
    spec = PackSpec(period=date(2026, 10, 1), cut_off=datetime(2026, 11, 23, 9), author="Pat")
    pack = content.assemble(book, None, spec, "Test programme")
    section = next(s for s in pack.initiatives if s.code == INITIATIVE)
    blocks = {block.code: block for block in section.measures}
    glance = app("initiative", initiative=INITIATIVE).dataframe(key="measures").value
    glance = glance.set_index("Code")
    for code, view in views.items():
        block = blocks[code]
        assert (block.variation, block.assurance) == (view.variation, view.assurance)
        assert block.variation_reading == view.variation_reading
        assert block.assurance_reading == view.assurance_reading
        pd.testing.assert_frame_equal(block.chart.points, view.points)
        assert block.chart.median == view.median
        row = glance.loc[code]
        assert (row["Variation"], row["Assurance"]) == (view.variation, view.assurance)
        page = [m.value for m in app("measure", measure=code).markdown]
        assert f"**Variation:** {view.variation}" in page
        assert f"**Assurance:** {view.assurance}" in page
        assert view.variation_reading in page and view.assurance_reading in page
    # The sample's readmissions measure (lower is better) has risen: special cause concern.
    assert views["DIS-01-M5"].variation == "▲ Concern (high)"
    assert views["DIS-01-M5"].variation_reading.startswith("Special cause concern")
