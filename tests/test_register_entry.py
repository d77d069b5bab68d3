"""Entering the registers: a risk's review and a benefit's month by the acting person, and CSV
imports that refuse each kind of bad input with its row, column and reason, writing nothing."""

from datetime import date

import pytest

from tests.register_fixtures import benefit, month, risk
from tracker import register_entry
from tracker.errors import ImportRejected
from tracker.models import actions_text
from tracker.store import registers, specs

RISK_HEADER = (
    "code,programme,initiative,title,cause,event,effect,category,owner,identified,"
    "last_reviewed,next_review,actions,initial_likelihood,initial_consequence,"
    "current_likelihood,current_consequence,target_likelihood,target_consequence"
)
GOOD_RISK = (
    "UEC-R01,TEST,UEC-01,Nurses,Because,there is a risk,which would,workforce,Nia Nurse,"
    '2026-04-01,2026-10-01,2026-11-01,"Recruit | Hana HR | 2026-12-31",5,4,4,4,2,3'
)


def _count(db, table: str) -> int:
    return db.cursor().execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]


def _refused(db, layout: str, text: str) -> list[tuple[int, str, str]]:
    with pytest.raises(ImportRejected) as raised:
        register_entry.import_csv(db, layout, text, "fay@trust.nhs.uk")
    return [(e.row, e.column, e.reason) for e in raised.value.errors]


def test_a_good_risk_file_is_written_by_the_acting_person(small_db):
    done = register_entry.import_csv(
        small_db, "risks", f"{RISK_HEADER}\n{GOOD_RISK}\n", "nia@x.nhs.uk"
    )
    assert done.added == 1
    stored = registers.risks(small_db)
    assert stored["recorded_by"].tolist() == ["nia@x.nhs.uk"]
    assert stored["current_likelihood"].tolist() == [4]


@pytest.mark.parametrize(
    ("change", "column", "reason"),
    [
        (("4,4,2,3", "6,4,2,3"), "current_likelihood", "less than or equal to 5"),
        (("4,4,2,3", "0,4,2,3"), "current_likelihood", "greater than or equal to 1"),
        (("4,4,2,3", "2,2,2,3"), "(row)", "target score 6 is above the current score 4"),
        (("2026-11-01", "2026-09-01"), "(row)", "next_review 2026-09-01 is before last_reviewed"),
        (("Hana HR", ""), "actions.0.owner", "Field required"),
    ],
)
def test_a_bad_risk_row_is_refused_with_its_row_and_column(small_db, change, column, reason):
    bad = GOOD_RISK.replace(*change)
    problems = _refused(
        small_db, "risks", f"{RISK_HEADER}\n{GOOD_RISK.replace('UEC-R01', 'R0')}\n{bad}\n"
    )
    assert [(row, col) for row, col, _ in problems] == [(3, column)]
    assert reason in problems[0][2]
    assert _count(small_db, "risk") == 0


def test_a_linked_measure_of_another_initiative_is_refused(small_db):
    register_entry.save_benefits(small_db, [benefit(code="OTHER", measure=None)], "fay")
    text = (
        "code,initiative,title,category,owner,profile_from,profile_to,measure\n"
        "B9,UEC-01,Savings,cash-releasing,Fay,2026-04-01,2027-03-01,NOPE-M1\n"
    )
    with pytest.raises(Exception, match="NOPE-M1"):
        register_entry.import_csv(small_db, "benefits", text, "fay")
    assert _count(small_db, "benefit") == 1


@pytest.mark.parametrize(
    ("money", "reason"),
    [
        ("£1000", "has a currency sign"),
        ("1.000,50", "is not a number"),
        ("1,00", "uses a decimal comma"),
        ("10,00,000", "is not a number"),
    ],
)
def test_money_in_the_wrong_form_is_refused(small_db, money, reason):
    register_entry.save_benefits(small_db, [benefit()], "fay")
    text = f'benefit,month,planned,actual\nUEC-01-B1,2026-05-01,1000,"{money}"\n'
    [(row, column, why)] = _refused(small_db, "benefit_months", text)
    assert (row, column) == (2, "actual")
    assert reason in why
    assert _count(small_db, "benefit_month") == 0


def test_money_with_thousands_separators_in_the_usual_form_is_read(small_db):
    register_entry.save_benefits(small_db, [benefit()], "fay")
    text = 'benefit,month,planned,actual\nUEC-01-B1,2026-05-01,"12,500","1,234.50"\n'
    register_entry.import_csv(small_db, "benefit_months", text, "fay")
    assert registers.benefit_months(small_db)[["planned", "actual"]].values.tolist() == [
        [12500.0, 1234.5]
    ]


def test_a_month_outside_the_profile_is_refused_by_its_row(small_db):
    register_entry.save_benefits(small_db, [benefit()], "fay")
    text = "benefit,month,planned\nUEC-01-B1,2026-05-01,100\nUEC-01-B1,2027-04-01,100\n"
    [(row, column, why)] = _refused(small_db, "benefit_months", text)
    assert (row, column) == (3, "month")
    assert "outside benefit UEC-01-B1's profile" in why


def test_entering_a_months_actual_keeps_its_plan_and_the_earlier_version(small_db):
    register_entry.save_benefits(small_db, [benefit()], "fay")
    registers.save(small_db, specs.BENEFIT_MONTHS, [month(date(2026, 5, 1), planned=1000)], "fay")
    may = date(2026, 5, 1)
    held = register_entry.month_grid(
        registers.benefits(small_db), registers.benefit_months(small_db), "UEC-01", may
    )
    typed = held.copy()
    typed.loc[0, register_entry.MONTH_COLUMNS] = [900, 11_000, 3]
    risks, months, problems = register_entry.checked_entries(
        small_db, register_entry.review_grid(registers.risks(small_db), "UEC-01", may),
        typed, held, may, may,
    )  # fmt: skip
    assert (risks, problems) == ([], [])
    register_entry.write_entries(small_db, [], months, "lee@x.nhs.uk")
    now = registers.benefit_months(small_db).iloc[0]
    assert (now["planned"], now["actual"], now["forecast"], now["recorded_by"]) == (
        1000,
        900,
        11_000,
        "lee@x.nhs.uk",
    )
    assert _count(small_db, "benefit_month") == 2


def test_a_review_is_a_new_version_by_the_reviewer(small_db):
    register_entry.write_entries(small_db, [risk()], [], "nia@x.nhs.uk")
    register_entry.write_entries(small_db, [risk(current_likelihood=3)], [], "sam@x.nhs.uk")
    history = registers.risk_history(small_db)
    assert history["recorded_by"].tolist() == ["nia@x.nhs.uk", "sam@x.nhs.uk"]
    assert actions_text(risk().actions) in "Recruit four nurses | Hana HR | 2026-12-31"


def _may_grid(db):
    """Return UEC-01's May 2026 benefit grid and review grid as the check-in loads them."""
    may = date(2026, 5, 1)
    held = register_entry.month_grid(
        registers.benefits(db), registers.benefit_months(db), "UEC-01", may
    )
    return held, register_entry.review_grid(registers.risks(db), "UEC-01", may)


def test_a_month_with_only_its_plan_shows_empty_cells_not_none(small_db):
    register_entry.save_benefits(small_db, [benefit()], "fay")
    registers.save(small_db, specs.BENEFIT_MONTHS, [month(date(2026, 5, 1), planned=1000)], "fay")
    held, _ = _may_grid(small_db)
    # Nothing entered yet: each cell a lead types in is empty text, which the grid shows blank.
    assert held.loc[0, register_entry.MONTH_COLUMNS].tolist() == ["", "", ""]


def test_a_held_month_shows_its_numbers_as_typed_and_clearing_one_saves_it_empty(small_db):
    may = date(2026, 5, 1)
    register_entry.save_benefits(small_db, [benefit()], "fay")
    held_month = month(may, planned=1000, actual=1_234_567, forecast=12.5, confidence=4)
    registers.save(small_db, specs.BENEFIT_MONTHS, [held_month], "fay")
    held, reviews = _may_grid(small_db)
    # Whole numbers without '.0' and no exponent for millions: as a lead would type them.
    assert held.loc[0, register_entry.MONTH_COLUMNS].tolist() == ["1234567", "12.5", "4"]
    typed = held.copy()
    typed.loc[0, "Actual"] = ""
    _, months, problems = register_entry.checked_entries(small_db, reviews, typed, held, may, may)
    assert problems == []
    assert [(m.planned, m.actual, m.forecast, m.confidence) for m in months] == [
        (1000, None, 12.5, 4)
    ]


@pytest.mark.parametrize(
    ("column", "cell", "reason"),
    [
        ("Actual", "£900", "Actual: '£900' has a currency sign; enter the amount alone"),
        ("Forecast outturn", "11,0", "Forecast outturn: '11,0' uses a decimal comma"),
        ("Actual", "lots", "Actual: 'lots' is not a number"),
        ("Confidence", "3.5", "confidence: Input should be a valid integer"),
        ("Confidence", "6", "confidence: Input should be less than or equal to 5"),
    ],
)
def test_a_bad_cell_in_the_benefit_grid_is_named_with_its_benefit_and_month(
    small_db, column, cell, reason
):
    may = date(2026, 5, 1)
    register_entry.save_benefits(small_db, [benefit()], "fay")
    registers.save(small_db, specs.BENEFIT_MONTHS, [month(may, planned=1000)], "fay")
    held, reviews = _may_grid(small_db)
    typed = held.copy()
    typed.loc[0, column] = cell
    _, months, problems = register_entry.checked_entries(small_db, reviews, typed, held, may, may)
    assert months == []
    assert len(problems) == 1
    assert problems[0].startswith("Benefit UEC-01-B1, May 2026: " + reason), problems
