"""Check-in actions without Streamlit: load a form, check it (every problem), save it as one."""

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from tests.conftest import TODAY
from tracker import checkins
from tracker.checkins import Checked, CheckInForm, Problems, Saved
from tracker.errors import EditConflict, ImportRejected, NotFound
from tracker.periods import Frequency
from tracker.store import queries

OCT = date(2026, 10, 1)
ELE = "ELE-02"
"""Elective recovery: its October check-in is owed; M1 holds 61.4 for October (sample_data)."""


def typed(
    form: CheckInForm, values: dict[int, dict[str, str]] | None = None, **fields
) -> CheckInForm:
    """Return the form with cells of the values grid typed over (row → column → text), and
    any check-in fields (rag, confidence, on_behalf_of, narrative) replaced."""
    grid = form.values.copy()
    for row, cells in (values or {}).items():
        for column, text in cells.items():
            grid.loc[row, column] = text
    return replace(form, values=grid, **fields)


def slipped(form: CheckInForm, forecast: date, reason: str) -> CheckInForm:
    """Return the form with its first open milestone's forecast moved and a reason typed."""
    grid = form.milestones.copy()
    grid.loc[0, "Forecast"] = forecast
    grid.loc[0, "Reason for change"] = reason
    return replace(form, milestones=grid)


@pytest.fixture
def form(sample_db) -> CheckInForm:
    return checkins.load_form(sample_db, ELE, OCT, TODAY)


def test_a_form_is_loaded_with_what_is_held(sample_db, form):
    assert form.read_at == queries.write_counter(sample_db)
    first = form.values.iloc[0]
    assert (first["measure"], first["period"], first["Value"]) == (
        "ELE-02-M1",
        "2026-10-01",
        "61.4",
    )
    # No October check-in yet: RAG is left for the lead to choose; written by whoever saves it.
    assert (form.rag, form.confidence, form.on_behalf_of) == (None, checkins.NEW_CONFIDENCE, "")
    assert set(form.narrative.values()) == {""}
    assert form.milestones["code"].tolist()[0] == "ELE-02-MS3"


def test_an_unknown_initiative_is_named(sample_db):
    with pytest.raises(NotFound, match="No initiative with code XYZ-99"):
        checkins.load_form(sample_db, "XYZ-99", OCT, TODAY)


def test_values_milestones_and_check_in_are_saved_as_one(sample_db, form):
    form = typed(
        slipped(form, date(2026, 12, 18), "Consultant job plans agreed late"),
        {0: {"Value": "62", "Note": "Validated"}},
        rag="amber",
        confidence=4,
        narrative={**form.narrative, "asks": "=Board to fund validation"},
    )
    saved = checkins.save_check_in(sample_db, "ana", form, TODAY)
    assert isinstance(saved, Saved)
    # The receipt reads in words: ELE-02-M1 is a monthly percentage, so its value is named by
    # month and carries the per cent sign; the milestone's fields are named as the page names them.
    assert saved.lines == [
        "Measure value ELE-02-M1, Oct 2026 · Value: 61.4% → 62.0%; Note: (empty) → Validated",
        "Milestone ELE-02-MS3 · Forecast date: 30 Oct 2026 → 18 Dec 2026; "
        "Reason for change: Transfer criteria disputed by consultants; settled at the clinical "
        "reference group in September. → Consultant job plans agreed late",
        "Check-in Oct 2026 · new, amber with confidence 4/5",
    ]
    assert not any("_" in line for line in saved.lines)
    # Only the row typed over is written: the other measures' October values were left alone.
    assert (saved.summary.values.added, saved.summary.values.changed) == (0, 1)
    history = queries.value_history(sample_db, "ELE-02-M1", OCT)
    assert history["value"].tolist() == [61.4, 62.0]
    log = queries.audit_log(sample_db, who="ana")
    assert sorted(log["entity"]) == ["check_in", "data_point", "milestone_version"]
    held = queries.check_ins(sample_db).query("initiative == @ELE").iloc[-1]
    assert (held["rag"], held["confidence"], held["asks"]) == (
        "amber",
        4,
        "=Board to fund validation",
    )


def test_every_problem_is_listed_and_nothing_is_written(sample_db, form):
    before = queries.write_counter(sample_db)
    form = slipped(
        typed(
            form, {0: {"Value": "N/A"}, 1: {"Value": "1,700", "Note": "Late"}, 2: {"Value": "65"}}
        ),
        date(2027, 1, 29),
        "",
    )
    found = checkins.save_check_in(sample_db, "ana", form, TODAY)
    assert isinstance(found, Problems)
    assert found.lines[0] == (
        "ELE-02-M1 · RTT pathways within 18 weeks, Oct 2026, Value: 'N/A' is not a number; "
        "enter digits only (e.g. 76.4)"
    )
    # The milestone's missing reason and the unchosen RAG are listed beside the value.
    assert found.lines[-2].startswith("Milestone ELE-02-MS3, Reason for change: forecast moved")
    assert found.lines[-1] == "RAG: choose red, amber or green."
    # Each grid keeps what was typed, with its problems beside the row they are in.
    assert found.values["Value"].tolist()[:3] == ["N/A", "1,700", "65"]
    assert found.values["Problem"].iloc[0].startswith("Value: 'N/A' is not a number")
    assert found.values["Problem"].iloc[1] == ""
    assert found.milestones["Problem"].iloc[0].startswith("Reason for change: forecast moved")
    assert queries.write_counter(sample_db) == before


NOV = date(2026, 11, 1)
DEC_4 = date(2026, 12, 4)
"""A Friday: the week commencing 30 Nov 2026 ends on Sunday 6 Dec, so it is still open."""
WEEKLY = "ELE-02-M5"
"""ELE-02's weekly measure: the sample holds it up to the week of 16 Nov 2026."""


def weeks(form: CheckInForm) -> pd.Series:
    """Return the form's rows of the weekly measure: period by grid row."""
    grid = form.values
    return grid.loc[grid["measure"] == WEEKLY, "period"]


def test_on_4_dec_the_grid_offers_the_week_of_23_nov_and_saves_its_value(sample_db):
    form = checkins.load_form(sample_db, ELE, NOV, DEC_4)
    offered = weeks(form)
    assert offered.tolist() == ["2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"]
    last = offered.index[-1]
    checked = checkins.preview_check_in(
        sample_db, "test.user", typed(form, {last: {"Value": "40"}}, rag="green"), DEC_4
    )
    assert isinstance(checked, Checked)
    saved = checked.points[["measure", "period", "value"]].to_numpy().tolist()
    assert saved == [[WEEKLY, date(2026, 11, 23), 40.0]]


def test_a_value_for_the_open_week_is_refused_beside_its_row(sample_db):
    # A form read on Monday 7 Dec offers the week of 30 Nov; checked as on 4 Dec it is refused.
    form = checkins.load_form(sample_db, ELE, NOV, date(2026, 12, 7))
    row = weeks(form).index[-1]
    assert form.values.loc[row, "period"] == "2026-11-30"
    before = queries.write_counter(sample_db)
    found = checkins.save_check_in(
        sample_db, "ana", typed(form, {row: {"Value": "40"}}, rag="green"), DEC_4
    )
    assert isinstance(found, Problems)
    reason = (
        "w/c 30 Nov 2026 has not ended yet (it ends on 6 Dec 2026); enter its value from 7 Dec 2026"
    )
    assert found.values.loc[row, "Problem"] == f"Period: {reason}"
    assert found.lines == [f"{form.values.loc[row, 'Measure']}, w/c 30 Nov 2026, Period: {reason}"]
    assert queries.write_counter(sample_db) == before


def test_a_changed_value_needs_a_note(sample_db, form):
    found = checkins.preview_check_in(
        sample_db, "test.user", typed(form, {0: {"Value": "65"}}, rag="green"), TODAY
    )
    assert isinstance(found, Problems)
    assert found.lines == [
        "ELE-02-M1 · RTT pathways within 18 weeks, Oct 2026, Note: you changed 61.4 to 65; "
        "say why in the note (the old value is kept in the history)"
    ]


def test_a_check_in_outside_its_rules_is_refused_naming_the_field(sample_db, form):
    found = checkins.preview_check_in(
        sample_db, "test.user", typed(form, rag="amber", confidence=9), TODAY
    )
    assert isinstance(found, Problems)
    # In the words the form labels it with, and kept apart to be shown beside the check-in.
    assert [line.split(":")[0] for line in found.lines] == ["Confidence"]
    assert found.check_in == found.lines


def test_a_check_shows_the_changes_and_writes_nothing(sample_db, form):
    before = queries.write_counter(sample_db)
    checked = checkins.preview_check_in(
        sample_db,
        "test.user",
        typed(form, {0: {"Value": "62", "Note": "Validated"}}, rag="red"),
        TODAY,
    )
    assert isinstance(checked, Checked)
    assert checked.lines == [
        "Measure value ELE-02-M1, Oct 2026 · Value: 61.4% → 62.0%; Note: (empty) → Validated",
        "Check-in Oct 2026 · new, red with confidence 3/5",
    ]
    assert checked.milestones == [] and len(checked.points) == 1
    assert queries.write_counter(sample_db) == before


def test_a_second_save_of_the_same_records_is_refused_then_can_go_over_theirs(sample_db, form):
    ana = typed(form, {0: {"Value": "62", "Note": "Validated"}}, rag="amber")
    bo = typed(form, {0: {"Value": "63", "Note": "Bo's count"}}, rag="red")
    assert isinstance(checkins.save_check_in(sample_db, "ana", ana, TODAY), Saved)
    counter = queries.write_counter(sample_db)
    with pytest.raises(EditConflict) as refused:
        checkins.save_check_in(sample_db, "bo", bo, TODAY)
    assert {(c.entity, c.who) for c in refused.value.changes} == {
        ("data_point", "ana"),
        ("check_in", "ana"),
    }
    assert queries.write_counter(sample_db) == counter
    mine = checkins.save_check_in(sample_db, "bo", replace(bo, read_at=refused.value.latest), TODAY)
    assert isinstance(mine, Saved)
    # Bo saved it over Ana's, so Bo is now its author.
    assert "Check-in Oct 2026 · RAG: amber → red; Author: ana → bo" in mine.lines
    history = queries.value_history(sample_db, "ELE-02-M1", OCT)
    assert history["value"].tolist() == [61.4, 62.0, 63.0]


def test_a_form_saved_unchanged_writes_only_its_check_in(sample_db, form):
    saved = checkins.save_check_in(sample_db, "ana", replace(form, rag="green"), TODAY)
    assert isinstance(saved, Saved)
    assert saved.lines == ["Check-in Oct 2026 · new, green with confidence 3/5"]
    assert sorted(queries.audit_log(sample_db, who="ana")["entity"]) == ["check_in"]
    assert (saved.summary.values.added, saved.summary.values.changed) == (0, 0)


DUE = pd.DataFrame(
    {
        "kind": ["data", "check-in", "check-in"],
        "code": ["ELE-02", "ELE-02", "UEC-01"],
        "period": pd.to_datetime(["2026-08-01", "2026-09-01", "2026-10-01"]),
    }
)


def test_the_period_offered_is_the_one_owed():
    owed = checkins.owed(DUE, ELE)
    assert owed["kind"].tolist() == ["check-in"]
    options, offered = checkins.period_choices(Frequency.monthly, owed, TODAY)
    # On 23 Nov 2026 the latest complete month is October; a year of months goes back to Nov 2025.
    assert (options[0], options[-1], len(options)) == (OCT, date(2025, 11, 1), 12)
    assert offered == date(2026, 9, 1)


def test_with_nothing_owed_or_owed_too_long_ago_the_latest_period_is_offered():
    nothing = checkins.owed(DUE, "DIS-01")
    assert checkins.period_choices(Frequency.quarterly, nothing, TODAY)[1] == date(2026, 7, 1)
    long_ago = DUE.assign(period=pd.Timestamp("2024-01-01"))
    owed = checkins.owed(long_ago, ELE)
    assert checkins.period_choices(Frequency.monthly, owed, TODAY)[1] == OCT


def test_the_author_is_the_person_saving_by_their_name_and_on_behalf_of_is_kept(sample_db, form):
    # Bethan Morgan is on the sample's people list; she writes the lead's check-in for them.
    lead = queries.initiatives(sample_db).set_index("code").loc[ELE, "lead"]
    saved = checkins.save_check_in(
        sample_db,
        "bethan.morgan@example.nhs.uk",
        typed(form, rag="amber", on_behalf_of=f"  {lead} "),
        TODAY,
    )
    assert isinstance(saved, checkins.Saved)
    found = (
        sample_db.cursor()
        .execute(
            "SELECT c.author, c.on_behalf_of, a.who FROM check_in AS c JOIN audit AS a "
            "ON a.entity = 'check_in' AND a.entity_id = c.id WHERE c.is_current AND c.period = ? "
            "AND c.initiative_id = (SELECT id FROM initiative WHERE code = ?)",
            [OCT, ELE],
        )
        .fetchall()
    )
    assert found == [("Bethan Morgan", lead, "bethan.morgan@example.nhs.uk")]


def test_someone_not_on_the_people_list_is_the_author_as_they_signed_in(sample_db, form):
    checkins.save_check_in(sample_db, "temp@trust.nhs.uk", typed(form, rag="green"), TODAY)
    assert checkins.load_form(sample_db, ELE, OCT, TODAY).on_behalf_of == ""
    found = (
        sample_db.cursor()
        .execute(
            "SELECT author FROM check_in WHERE is_current AND period = ? ORDER BY id DESC LIMIT 1",
            [OCT],
        )
        .fetchall()
    )
    assert found == [("temp@trust.nhs.uk",)]


def test_a_refused_benefit_month_writes_nothing_of_the_check_in(sample_db):
    # ELE-02-B1's profile runs April 2026 to March 2027 (sample_data): a March 2026 check-in
    # that enters its actual is refused by the store's profile rule, inside the transaction
    # that has already written the value and the check-in, so those are rolled back too.
    march = checkins.load_form(sample_db, ELE, date(2026, 3, 1), TODAY)
    benefits = march.benefits.copy()
    assert benefits["code"].tolist()[0] == "ELE-02-B1"
    benefits.loc[0, "Actual"] = 25_000
    form = replace(
        typed(march, {0: {"Value": "55", "Note": "Recounted"}}, rag="green"), benefits=benefits
    )
    before = queries.write_counter(sample_db)
    held = queries.value_history(sample_db, "ELE-02-M1", date(2026, 3, 1))["value"].tolist()
    with pytest.raises(ImportRejected, match="Mar 2026 is outside benefit ELE-02-B1's profile"):
        checkins.save_check_in(sample_db, "ana", form, TODAY)
    assert queries.write_counter(sample_db) == before
    assert queries.value_history(sample_db, "ELE-02-M1", date(2026, 3, 1))["value"].tolist() == held
    assert not (
        queries.check_ins(sample_db).query("initiative == @ELE")["period"] == "2026-03-01"
    ).any()


def test_a_risk_review_and_a_benefit_month_are_saved_with_the_check_in(sample_db, form):
    reviews = form.reviews.copy()
    reviews.loc[0, ["Review", "Likelihood"]] = [True, 2]
    benefits = form.benefits.copy()
    benefits.loc[0, "Forecast outturn"] = 150_000
    saved = checkins.save_check_in(
        sample_db, "ana", replace(form, rag="amber", reviews=reviews, benefits=benefits), TODAY
    )
    assert isinstance(saved, Saved)
    code = reviews["code"].iloc[0]
    # One new version of the risk and of the benefit's October month.
    assert (saved.registers.added, saved.registers.changed) == (0, 2)
    assert any(line.startswith(f"Risk {code} · reviewed: score") for line in saved.lines)
    assert "Benefit ELE-02-B1, Oct 2026 · " in "\n".join(saved.lines)
    assert "forecast outturn £150,000" in "\n".join(saved.lines)
    log = queries.audit_log(sample_db, who="ana")
    assert sorted(set(log["entity"])) == ["benefit_month", "check_in", "risk"]
