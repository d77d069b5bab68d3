"""Pages link both ways: measure, goal, initiative, milestone and exception each open the next."""

from pathlib import Path
from urllib.parse import parse_qsl

from streamlit.testing.v1 import AppTest

from tests.register_fixtures import sample_exceptions
from tracker.store import Database, queries
from tracker.ui.widgets import PAGE_ROWS


def links(at: AppTest) -> list[tuple[str, dict[str, str], str]]:
    """Return each page link as (page file name, query parameters, label)."""
    return [
        (Path(e.proto.page).stem, dict(parse_qsl(e.proto.query_string)), e.proto.label)
        for e in at.get("page_link")
    ]


def test_measure_page_links_to_its_initiative_and_each_goal_of_the_measure(app, sample_db_path):
    with Database(sample_db_path, read_only=True) as db:
        goals = queries.goals(db)
        measures = queries.measures(db).set_index("code")
    goal = goals.iloc[0]
    found = links(app("measure", measure=goal["measure"]))
    owner = measures.loc[goal["measure"], "initiative"]
    assert ("initiative", {"initiative": owner}, f"Initiative {owner}") in found
    expected = goals[goals["measure"] == goal["measure"]]
    goal_links = [(page, query) for page, query, label in found if label.startswith("Goal ")]
    assert goal_links == [
        ("initiative", {"initiative": initiative, "tab": "Goals"})
        for initiative in expected["initiative"]
    ]


def test_exceptions_open_their_measure_or_the_initiative_tab_that_holds_the_item(
    app, sample_db_path
):
    with Database(sample_db_path, read_only=True) as db:
        found = sample_exceptions(db)
    tabs = {"goal_off_track": "Goals", "milestone_late": "Milestones",
            "milestone_slipped": "Milestones", "checkin_overdue": "Check-ins",
            "pdsa_awaiting_study": "PDSA cycles", "pdsa_none_in_90_days": "PDSA cycles"}  # fmt: skip
    assert set(tabs) <= set(found["kind"]), "the sample should hold every kind that opens a tab"
    expected = sorted(
        (
            ("measure", {"measure": row["code"]})
            if row["link_page"] == "measure"
            else (row["link_page"], {})
            if row["link_page"] in ("risks", "benefits")
            else ("initiative", {"initiative": row["initiative"], "tab": tabs[row["kind"]]})
            for _, row in found.iterrows()
        ),
        key=repr,
    )
    opened = links(app("exceptions"))
    shown = sorted(((page, query) for page, query, label in opened if label == "Open"), key=repr)
    assert shown == expected


def test_milestones_page_links_each_initiative_drawn_to_its_milestones_tab(app, sample_db_path):
    with Database(sample_db_path, read_only=True) as db:
        stored = queries.milestones(db)
    # The timeline's first page: its first PAGE_ROWS milestones by initiative, then baseline
    drawn = stored.sort_values(["initiative", "baseline_date", "code"])[:PAGE_ROWS]
    initiatives = sorted(set(drawn["initiative"]))
    assert len(initiatives) > 1, "the sample should spread milestones over initiatives"
    shown = [(page, query) for page, query, _ in links(app("milestones"))]
    assert shown == [
        ("initiative", {"initiative": code, "tab": "Milestones"}) for code in initiatives
    ]


def test_goals_tab_links_each_goal_to_the_measure_it_is_judged_on(app, sample_db_path):
    with Database(sample_db_path, read_only=True) as db:
        goals = queries.goals(db)
    initiative = goals.iloc[0]["initiative"]
    expected = goals.loc[goals["initiative"] == initiative, "measure"]
    shown = links(app("initiative", initiative=initiative, tab="Goals"))
    assert [(page, query) for page, query, _ in shown] == [
        ("measure", {"measure": code}) for code in expected
    ]
