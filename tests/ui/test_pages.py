"""Initiative, measure, milestones and exceptions pages render on the sample with their key parts."""

import math
from datetime import date

import pandas as pd
import pytest

from tests.conftest import sample_rows
from tests.register_fixtures import sample_exceptions
from tracker import vocabulary
from tracker.store import Database, queries
from tracker.ui import widgets
from tracker.ui.widgets import PAGE_ROWS, SHOW_THE_DATA

TODAY = date(2026, 11, 23)
"""The day tests/conftest.py pins."""


def test_initiative_summary_shows_goals_measures_icons_and_the_latest_narrative(app):
    at = app("initiative", initiative="UEC-01")
    assert at.title[0].value.startswith("UEC-01")
    assert [s.value for s in at.header] == ["Goals", "Measures at a glance", "Latest check-in"]
    glance = at.dataframe(key="measures").value
    own = [m["code"] for m in sample_rows("measures.csv") if m["initiative"] == "UEC-01"]
    assert list(glance["Code"]) == own
    assert glance.set_index("Code").loc["UEC-01-M1", "Variation"].startswith("▲")
    goals = at.dataframe[0].value  # the first table, above the measures
    assert list(goals["Status"]) == ["★ Achieved", "✔ On track"]
    assert goals["Way from baseline"].between(0, 1).all()
    assert any("Asks of the board" in m.value for m in at.markdown)
    assert len(at.get("plotly_chart")) == 0  # charts wait in their tabs


@pytest.mark.parametrize(
    ("tab", "charts", "sections"),
    [
        ("Goals", 2, []),
        ("Measures", 5, ["Outcome measures", "Process measures", "Balancing measures"]),
        ("Milestones", 1, []),
        ("Check-ins", 2, ["Progress score"]),
        ("Driver diagram", 1, ["Open a driver or change idea"]),
    ],
)
def test_initiative_tab_from_the_link_draws_only_that_tab(app, tab, charts, sections):
    at = app("initiative", initiative="UEC-01", tab=tab)
    assert len(at.get("plotly_chart")) == charts
    assert [s.value for s in at.header] == sections


def test_initiative_check_ins_tab_keeps_every_narrative(app):
    at = app("initiative", initiative="UEC-01", tab="Check-ins")
    check_ins = [e for e in at.expander if e.label != SHOW_THE_DATA]  # the chart's own table
    assert len(check_ins) >= 3
    assert sum("Asks of the board" in m.value for m in at.markdown) == len(check_ins)


def test_measure_page_shows_icons_reading_and_data(app):
    at = app("measure", measure="DIS-01-M5")
    assert at.title[0].value.startswith("DIS-01-M5")
    text = " ".join(m.value for m in at.markdown)
    assert "Variation:" in text and "Assurance:" in text
    assert any("Special cause concern" in m.value for m in at.markdown)
    assert len(at.dataframe) >= 1


def test_measure_page_defaults_to_first_measure_without_query(app):
    at = app("measure")
    assert at.title[0].value.startswith("DIS-01-M1")


def test_exceptions_page_lists_the_concerning_measure(app):
    at = app("exceptions")
    table = at.dataframe(key="exceptions").value
    concern = table[table["What"] == "Special cause concern"]
    assert "DIS-01-M5" in set(concern["Code"])
    assert list(table["Severity"]) == sorted(table["Severity"])
    assert any("DIS-01-M5" in m.value and "special cause concern" in m.value for m in at.markdown)


def test_milestones_page_counts_late_items(app):
    at = app("milestones")
    late = next(m for m in at.metric if m.label == "Late")
    assert int(late.value) >= 1


def test_milestones_page_states_every_milestone_with_a_symbol_and_words(app):
    at = app("milestones")
    states = {state for table in at.table for state in table.value["State"]}
    allowed = {term.text for term in vocabulary.MILESTONE_STATUSES.values()}
    assert states and states <= allowed
    assert "⚠ Late" in states  # the page counts at least one late milestone


def slipped_by_the_rule(path) -> set[str]:
    """Return the stored milestones that are slipped by the rule, worked out here from their dates.

    Slipped: not complete, not late (forecast still ahead and not marked late), and forecast
    more than 30 days after its baseline (issue 4's "more than 30 days").
    """
    with Database(path, read_only=True) as db:
        stored = queries.milestones(db)
    found = set()
    for m in stored.itertuples():
        forecast = pd.Timestamp(m.forecast_date).date()
        moved = (forecast - pd.Timestamp(m.baseline_date).date()).days
        open_ = m.status != "complete"
        late = open_ and (forecast < TODAY or m.status == "late")
        if open_ and not late and moved > 30:
            found.add(m.code)
    return found


def test_milestones_and_exceptions_pages_list_the_same_slipped_milestones(app, sample_db_path):
    expected = slipped_by_the_rule(sample_db_path)
    # The sample holds slipped milestones, and complete ones that slipped more than 30 days
    # on the way, which are history (sample_data/milestones.csv: ELE-01-MS2 was completed more
    # than three months after its baseline).
    assert expected and "ELE-01-MS2" not in expected
    # Only that kind, so that the table's first page of 25 rows holds them all
    exceptions = app("exceptions", kind="milestone_slipped").dataframe(key="exceptions").value
    listed = set(exceptions.loc[exceptions["What"] == "Milestone slipped", "Code"])
    at = app("milestones")
    assert [s.value for s in at.header][-1].startswith("Slipped over 30 days")
    slipped = set(at.table[-1].value["Milestone"])  # the last table, under that heading
    assert listed == slipped == expected
    count = next(m for m in at.metric if m.label.startswith("Slipped"))
    assert int(count.value) == len(expected)


def test_a_long_table_shows_25_rows_at_a_time_and_turns_its_pages(app, sample_db_path):
    with Database(sample_db_path, read_only=True) as db:
        codes = sample_exceptions(db)["code"].tolist()
    total = len(codes)
    assert 3 * PAGE_ROWS < total <= 4 * PAGE_ROWS  # the sample's exceptions fill four pages
    at = app("exceptions")
    assert len(at.dataframe(key="exceptions").value) == PAGE_ROWS
    picker = at.selectbox(key="exceptions_rows")
    assert picker.options == [
        f"1–{PAGE_ROWS} of {total}",
        f"{PAGE_ROWS + 1}–{2 * PAGE_ROWS} of {total}",
        f"{2 * PAGE_ROWS + 1}–{3 * PAGE_ROWS} of {total}",
        f"{3 * PAGE_ROWS + 1}–{total} of {total}",
    ]
    picker.set_value(3 * PAGE_ROWS).run()
    last = at.dataframe(key="exceptions").value
    assert len(last) == total - 3 * PAGE_ROWS
    assert last["Code"].tolist() == codes[3 * PAGE_ROWS :]  # the most severe come first


SHORT_PAGE = 2
"""Rows per page in the tests below: the sample's lists then run to several pages (a whole
ICS's are thousands of rows, which drew pages that never finished)."""


def _items_drawn(at: object) -> list[str]:
    """Return the codes of the exceptions "By kind" draws, in order ("**CODE** · title — why")."""
    return [m.value[2:].split("**")[0] for m in at.markdown if " — " in m.value]


def test_each_kind_of_exception_is_listed_a_page_at_a_time(app, sample_db_path, monkeypatch):
    monkeypatch.setattr(widgets, "PAGE_ROWS", SHORT_PAGE)
    with Database(sample_db_path, read_only=True) as db:
        found = sample_exceptions(db)
    kinds = list(dict.fromkeys(found["kind"]))  # most severe first, as the page groups them
    first = [code for k in kinds for code in found.loc[found["kind"] == k, "code"][:SHORT_PAGE]]
    at = app("exceptions")
    assert _items_drawn(at) == first
    longest = max(kinds, key=lambda k: (found["kind"] == k).sum())
    codes = found.loc[found["kind"] == longest, "code"].tolist()
    assert len(codes) > SHORT_PAGE
    picker = at.selectbox(key=f"kind_{longest}_rows")
    assert len(picker.options) == math.ceil(len(codes) / SHORT_PAGE)
    picker.set_value(SHORT_PAGE).run()
    # That kind's second page, the other kinds' first
    turned = [code for code in first if code not in codes[:SHORT_PAGE]]
    assert set(_items_drawn(at)) == set(turned) | set(codes[SHORT_PAGE : 2 * SHORT_PAGE])


def _timeline(at: object) -> list[str]:
    """Return the milestones the timeline draws, in order (its data under "Show the data")."""
    [expander] = [e for e in at.expander if e.label == SHOW_THE_DATA]
    return expander.dataframe[0].value["Milestone"].tolist()


def test_the_milestone_timeline_is_drawn_a_page_at_a_time(app, sample_db_path, monkeypatch):
    monkeypatch.setattr(widgets, "PAGE_ROWS", SHORT_PAGE)
    with Database(sample_db_path, read_only=True) as db:
        stored = queries.milestones(db)
    # The timeline's order: by initiative, then baseline date, then code
    ordered = stored.sort_values(["initiative", "baseline_date", "code"])["code"].tolist()
    at = app("milestones")
    assert _timeline(at) == ordered[:SHORT_PAGE]
    picker = at.selectbox(key="gantt_rows")
    assert len(picker.options) == math.ceil(len(ordered) / SHORT_PAGE)
    picker.set_value(SHORT_PAGE).run()
    page = ordered[SHORT_PAGE : 2 * SHORT_PAGE]
    assert _timeline(at) == page
    # The links open the initiatives of the milestones drawn, not of every milestone
    owners = set(stored.set_index("code").loc[page, "initiative"])
    links = {link.label for link in at.get("page_link")}
    assert owners <= links and len(links & set(stored["initiative"])) == len(owners)
