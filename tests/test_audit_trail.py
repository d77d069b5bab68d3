"""The audit trail read for an initiative or a person: filtered and paged, changes in words."""

from datetime import date, timedelta

import pandas as pd
import pytest

from tests.conftest import small_programme
from tracker.audit_trail import TRAIL_COLUMNS, audit_trail, audited_record, authors, readable
from tracker.models import CheckIn, Goal, Milestone, Target
from tracker.store import Database, writes

SEP = date(2026, 9, 1)


def points(measure: str, value: float) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "measure": [measure],
            "period": [SEP],
            "value": [value],
            "missing_reason": [""],
            "note": [""],
        }
    )


@pytest.fixture
def two_initiatives(small_db: Database) -> Database:
    """The small programme (set up by "setup") plus UEC-011, whose code starts with UEC-01's.

    Then "ana" records a value for each initiative's first measure and corrects UEC-01-M1's, and
    "di" adds a milestone to UEC-01.
    """
    _, initiative, measure, *_ = small_programme()
    writes.save_entities(
        small_db,
        [
            initiative.model_copy(update={"code": "UEC-011"}),
            measure.model_copy(update={"code": "UEC-011-M1", "initiative": "UEC-011"}),
        ],
        "setup",
    )
    writes.write_data_points(small_db, points("UEC-01-M1", 77.7), "ana")
    writes.write_data_points(small_db, points("UEC-011-M1", 41.2), "ana")
    writes.write_data_points(small_db, points("UEC-01-M1", 80.5), "ana")
    writes.save_milestones(
        small_db,
        [
            Milestone(
                code="UEC-01-MS1",
                initiative="UEC-01",
                title="Open SDEC",
                owner="Lee Lead",
                baseline_date=date(2026, 12, 1),
                forecast_date=date(2026, 12, 1),
            )
        ],
        "di",
    )
    return small_db


def test_authors_are_everyone_who_wrote_once_each_in_name_order(two_initiatives):
    assert authors(two_initiatives) == ["ana", "di", "setup"]


def test_an_initiative_s_trail_holds_its_own_rows_and_its_measures_and_milestones(
    two_initiatives,
):
    trail = audit_trail(two_initiatives, initiative="UEC-01")
    assert list(trail.rows.columns) == TRAIL_COLUMNS
    # Set-up wrote UEC-01 and its three measures; ana one value and its correction; di one
    # milestone. Nothing of UEC-011 or the programme belongs to UEC-01.
    assert sorted(trail.rows["code"]) == sorted(
        [
            "UEC-01",
            "UEC-01-M1",
            "UEC-01-M2",
            "UEC-01-M3",
            "UEC-01-M1 2026-09-01",
            "UEC-01-M1 2026-09-01",
            "UEC-01-MS1",
        ]
    )
    assert not trail.more
    assert list(trail.rows["id"]) == sorted(trail.rows["id"], reverse=True)  # newest first


def test_a_person_s_trail_with_an_entity_reads_each_change_in_words(two_initiatives):
    trail = audit_trail(two_initiatives, who="ana", entity="data_point")
    assert list(trail.rows["who"].unique()) == ["ana"]
    assert list(trail.rows["code"]) == [
        "UEC-01-M1 2026-09-01",
        "UEC-011-M1 2026-09-01",
        "UEC-01-M1 2026-09-01",
    ]
    # UEC-01-M1 is a monthly percentage: the value is named by its measure and month, and both
    # readings carry the per cent sign with the measure's usual one decimal.
    assert trail.rows["record"].iloc[0] == "Measure value UEC-01-M1, Sep 2026"
    assert trail.rows["change"].iloc[0] == "Value: 77.7% → 80.5%"
    assert list(trail.rows["action"]) == ["update", "create", "create"]


def test_filters_combine_and_an_unknown_initiative_or_person_finds_nothing(two_initiatives):
    both = audit_trail(two_initiatives, who="ana", initiative="UEC-011")
    assert list(both.rows["code"]) == ["UEC-011-M1 2026-09-01"]
    assert audit_trail(two_initiatives, initiative="NOPE").rows.empty
    assert audit_trail(two_initiatives, who="nobody").rows.empty


def test_the_newest_rows_are_kept_and_more_says_older_ones_match(two_initiatives):
    every = audit_trail(two_initiatives, initiative="UEC-01")
    newest = audit_trail(two_initiatives, initiative="UEC-01", limit=2)
    assert newest.more and list(newest.rows["id"]) == list(every.rows["id"][:2])
    exact = audit_trail(two_initiatives, initiative="UEC-01", limit=len(every.rows))
    assert not exact.more and len(exact.rows) == len(every.rows)


def test_dates_are_whole_days_both_included(two_initiatives):
    every = audit_trail(two_initiatives)
    days = {t.date() for t in every.rows["at"]}
    first, last = min(days), max(days)
    assert len(audit_trail(two_initiatives, since=first, until=last).rows) == len(every.rows)
    assert audit_trail(two_initiatives, until=first - timedelta(days=1)).rows.empty
    assert audit_trail(two_initiatives, since=last + timedelta(days=1)).rows.empty


def test_a_milestone_change_reads_in_words_with_uk_dates(two_initiatives):
    moved = Milestone(
        code="UEC-01-MS1",
        initiative="UEC-01",
        title="Open SDEC",
        owner="Lee Lead",
        baseline_date=date(2026, 12, 1),
        forecast_date=date(2027, 1, 15),
        change_reason="Estates delay",
    )
    writes.save_milestones(two_initiatives, [moved], "di")
    newest = audit_trail(two_initiatives, who="di").rows.iloc[0]
    assert newest["record"] == "Milestone UEC-01-MS1"
    # The audit keeps fields in the model's order: forecast_date before change_reason.
    assert newest["change"] == (
        "Forecast date: 1 Dec 2026 → 15 Jan 2027; Reason for change: (empty) → Estates delay"
    )


@pytest.mark.parametrize(
    ("before", "after", "unit", "words"),
    [
        (None, '{"value": 77.7, "note": ""}', "%", "Value: 77.7%"),
        ('{"value": 77.7, "note": ""}', '{"value": 80.5, "note": "fix"}', None,
         "Value: 77.7 → 80.5; Note: (empty) → fix"),
        # Money shows whole pounds unless a value holds pence, which an audit never rounds away.
        ('{"value": 1250}', '{"value": 1250.25}', "£", "Value: £1,250 → £1,250.25"),
        ('{"forecast_date": "2026-12-01"}', '{"forecast_date": "2027-01-15"}', None,
         "Forecast date: 1 Dec 2026 → 15 Jan 2027"),
        # A board pack's cut-off is a time; its filters name what it covers.
        (None, '{"cut_off": "2026-11-30T17:05:00", "filters": {"theme": "Prevention"}}', None,
         "Cut-off: 30 Nov 2026 17:05; Filters: Theme Prevention"),
        ('{"rag": "amber", "next_steps": ""}', '{"rag": "red", "next_steps": "Escalate"}', None,
         "RAG: amber → red; Next steps: (empty) → Escalate"),
        # The internal ids of a withdrawn row mean nothing to a reader.
        ('{"id": 7, "initiative_id": 3, "title": "Open SDEC", "owner": ""}', None, None,
         "withdrawn: Title: Open SDEC"),
    ],
)  # fmt: skip
def test_readable_says_created_changed_and_withdrawn_values_in_words(before, after, unit, words):
    assert readable(before, after, unit) == words


def test_a_goal_names_what_it_refers_to_by_code_and_its_values_carry_the_unit(small_db):
    goal = Goal(
        code="UEC-01-G1",
        initiative="UEC-01",
        statement="Reach 78 %",
        measure="UEC-01-M1",
        baseline_value=72,
        baseline_period=date(2025, 4, 1),
        target_value=78,
        target_date=date(2027, 3, 1),
    )
    writes.save_entities(small_db, [goal], "setup")
    [created] = audit_trail(small_db, entity="goal").rows["change"]
    # The store refers to the initiative and measure by internal ids; the trail names their
    # codes, in the model's order. UEC-01-M1 is a percentage, so the baseline and target read
    # in per cent.
    assert created == (
        "Code: UEC-01-G1; Initiative: UEC-01; Statement: Reach 78 %; Measure: UEC-01-M1; "
        "Baseline value: 72.0%; Baseline period: 1 Apr 2025; "
        "Target value: 78.0%; Target date: 1 Mar 2027"
    )


def test_a_trajectory_reads_as_periods_and_values():
    planned = '{"trajectory": "[{\\"period\\": \\"2026-04-01\\", \\"value\\": 74.0}]"}'
    assert readable(None, planned, "%") == "Trajectory: 1 Apr 2026 74.0%"


def test_a_check_in_and_a_target_are_named_by_their_period_and_start(small_db):
    writes.save_check_ins(
        small_db,
        [CheckIn(initiative="UEC-01", period=SEP, rag="amber", confidence=3, author="Lee Lead")],
        "lee",
    )
    writes.save_targets(
        small_db,
        [
            Target(
                measure="UEC-01-M1",
                value=76,
                effective_from=date(2026, 4, 1),
                reason="Operational plan",
                set_by="Dana Director",
            )
        ],
        "dana",
    )
    rows = audit_trail(small_db, who="lee").rows
    # UEC-01 checks in monthly (the model's default), so its check-in is named by month.
    assert list(rows["record"]) == ["Check-in UEC-01, Sep 2026"]
    [target] = audit_trail(small_db, who="dana").rows.itertuples()
    assert target.record == "Target UEC-01-M1 from 1 Apr 2026"
    assert "Value: 76.0%" in target.change


def test_a_benefit_month_is_named_by_its_month_as_a_value_by_its_period():
    frequencies = pd.Series({"UEC-01-M1": "weekly"})
    # The audit names both by their parent's code and an ISO day; people read a month, a week
    assert audited_record("benefit_month", "MH-01-B2 2026-10-01", frequencies) == (
        "Benefit month MH-01-B2, Oct 2026"
    )
    assert audited_record("data_point", "UEC-01-M1 2026-09-07", frequencies) == (
        "Measure value UEC-01-M1, w/c 7 Sep 2026"
    )
