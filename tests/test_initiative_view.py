"""One initiative's page composed without Streamlit: header, goal and measure tables, check-ins."""

from datetime import date

import pandas as pd
import pytest

from tests.conftest import TODAY
from tracker import reports
from tracker.glossary import GLOSSARY
from tracker.initiative_view import (
    GOAL_HELP,
    HEADLINE_HELP,
    MEASURE_HELP,
    check_in_line,
    goal_cards,
    goal_rows,
    header_caption,
    headline,
    history,
    measure_groups,
    measure_rows,
    narrative,
)
from tracker.models import CheckIn, Goal
from tracker.store import Database, writes

MONTHS = [date(2026, m, 1) for m in range(5, 11)]
"""Six monthly values of UEC-01-M1, May to Oct 2026, the last 75 %."""


@pytest.fixture
def book(small_db: Database) -> reports.Portfolio:
    """The small programme with a goal (72 % → 78 %), six months of data and two check-ins."""
    writes.save_entities(
        small_db,
        [
            Goal(
                code="UEC-01-G1",
                initiative="UEC-01",
                statement="Reach 78 % within 4 hours",
                measure="UEC-01-M1",
                baseline_value=72,
                baseline_period=date(2025, 4, 1),
                target_value=78,
                target_date=date(2027, 3, 1),
            )
        ],
        "setup",
    )
    points = pd.DataFrame(
        {
            "measure": "UEC-01-M1",
            "period": MONTHS,
            "value": [73.0, 74.0, 73.5, 74.5, 74.0, 75.0],
            "missing_reason": "",
            "note": "",
        }
    )
    writes.write_data_points(small_db, points, "ana")
    writes.save_check_ins(
        small_db,
        [
            CheckIn(
                initiative="UEC-01",
                period=date(2026, 9, 1),
                rag="amber",
                confidence=3,
                author="Lee Lead",
            ),  # fmt: skip
            CheckIn(
                initiative="UEC-01",
                period=date(2026, 10, 1),
                rag="green",
                confidence=4,
                progress="Went *well*",
                author="Lee Lead",
            ),  # fmt: skip
        ],
        "Lee Lead",
    )
    return reports.initiative_data(small_db, "UEC-01", TODAY)


def test_the_header_names_people_theme_and_dates_and_the_headline_figures(book):
    item = book.initiatives.iloc[0]
    assert header_caption(item).startswith(
        "Lead Lee Lead · Executive sponsor Dana Director · Urgent and emergency care · "
        "Test Trust · 1 Apr 2024 to 31 Mar 2027"
    )
    assert headline(item) == {
        "Status": "Active",
        "RAG": "🟢 Green",
        "Confidence": "4 / 5",
        "Last check-in": "Oct 2026",
    }


def test_a_goal_row_shows_the_share_of_the_way_from_baseline_and_the_target(book):
    rows = goal_rows(book)
    assert len(rows) == 1
    row = rows.iloc[0]
    assert row["Goal"] == "Reach 78 % within 4 hours"
    # From 72 to 78, the latest 75 is half way.
    assert row["Way from baseline"] == pytest.approx(0.5)
    assert (row["Latest"], row["Target"]) == ("75.0%", "78.0% by Mar 2027")


def test_the_statistical_headers_of_both_tables_and_the_headline_have_help_marks(book):
    goal_headers, measure_headers = goal_rows(book).columns, measure_rows(book).columns
    assert GOAL_HELP == {
        "Way from baseline": GLOSSARY["Way from baseline"],
        "Planned by now": GLOSSARY["Planned by now"],
    }
    assert set(GOAL_HELP) <= set(goal_headers)
    assert set(MEASURE_HELP) == {"Variation", "Assurance"} <= set(measure_headers)
    assert set(HEADLINE_HELP) == {"RAG"} <= set(headline(book.initiatives.iloc[0]))


def test_each_goal_has_a_card_with_its_words_and_chart(book):
    cards = list(goal_cards(book))
    assert [c.code for c in cards] == ["UEC-01-G1"]
    assert cards[0].heading == "**UEC-01-G1** · Reach 78 % within 4 hours"
    assert cards[0].confidence == "Owner's confidence: 🟢 Green, 4 / 5"
    assert cards[0].figure.data


def test_measures_show_the_latest_value_with_its_month_or_a_dash(book):
    rows = measure_rows(book).set_index("Code")
    assert rows.loc["UEC-01-M1", "Latest"] == "75.0% (Oct 2026)"
    assert rows.loc["UEC-01-M2", "Latest"] == "–"
    assert list(rows["Type"]) == ["Outcome", "Process", "Balancing"]


def test_measures_are_grouped_by_type_in_the_page_s_order(book):
    groups = measure_groups(book)
    assert [(h, [m.code for m in ms]) for h, ms in groups] == [
        ("Outcome measures", ["UEC-01-M1"]),
        ("Process measures", ["UEC-01-M2"]),
        ("Balancing measures", ["UEC-01-M3"]),
    ]


def test_check_ins_come_newest_first_with_their_narrative_shown_as_typed(book):
    past = history(book)
    newest, older = list(past.itertuples())
    assert check_in_line(newest) == "Oct 2026 · 🟢 Green · confidence 4/5 · Lee Lead"
    assert check_in_line(older) == "Sep 2026 · 🟠 Amber · confidence 3/5 · Lee Lead"
    assert narrative(newest) == [
        "**Progress.** Went \\*well\\*",
        "**Risks and issues.** –",
        "**Next steps.** –",
        "**Asks of the board.** –",
    ]
