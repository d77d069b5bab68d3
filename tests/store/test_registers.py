"""Risks and benefits go through the one write engine: each review a version, audited, as-at;
a refused write names the row, column and reason and writes nothing."""

from datetime import date

import pytest

from tests.register_fixtures import benefit, month, risk
from tracker.errors import ImportRejected, NotFound
from tracker.models import Initiative, Programme, RiskSettings
from tracker.store import queries, registers, specs, writes


def _count(db, table: str) -> int:
    return db.cursor().execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]


def test_each_review_of_a_risk_is_a_version_with_its_audit(small_db):
    registers.save(small_db, specs.RISKS, [risk()], "nia@trust.nhs.uk")
    before = queries.write_counter(small_db)
    reviewed = risk(current_likelihood=3, last_reviewed=date(2026, 11, 1),
                    next_review=date(2026, 12, 1))  # fmt: skip
    done = registers.save(small_db, specs.RISKS, [reviewed], "nia@trust.nhs.uk")
    assert (done.added, done.changed) == (0, 1)
    history = registers.risk_history(small_db)
    assert history["current_likelihood"].tolist() == [4, 3]
    assert registers.risks(small_db)["current_likelihood"].tolist() == [3]
    # As at the first save, the register shows the risk as it was then.
    first_at = history["recorded_at"].iloc[0]
    assert registers.risks(small_db, as_of=first_at)["current_likelihood"].tolist() == [4]
    audit = (
        small_db.cursor()
        .execute("SELECT action, code, who FROM audit WHERE id > ? AND entity = 'risk'", [before])
        .fetchall()
    )
    assert audit == [("update", "UEC-R01", "nia@trust.nhs.uk")]


def test_a_programme_risk_has_no_initiative(small_db):
    registers.save(small_db, specs.RISKS, [risk(code="P-R01", initiative=None)], "sam")
    found = registers.risks(small_db)
    assert found["programme"].tolist() == ["TEST"]
    assert found["initiative"].isna().tolist() == [True]


def test_an_unknown_initiative_is_refused_by_code(small_db):
    with pytest.raises(NotFound, match="No initiative with code NOPE"):
        registers.save(small_db, specs.RISKS, [risk(initiative="NOPE")], "sam")
    assert _count(small_db, "risk") == 0


def test_a_risk_on_another_programmes_initiative_is_refused_with_its_row(small_db):
    other = [Programme(code="OTHER", name="Other", sro="Sam"),
             small_programme_initiative("OTH-01", "OTHER")]  # fmt: skip
    writes.save_entities(small_db, other, "setup")
    with pytest.raises(ImportRejected) as raised:
        registers.save(small_db, specs.RISKS, [risk(), risk(code="R2", initiative="OTH-01")], "s")
    [problem] = raised.value.errors
    assert (problem.row, problem.column) == (3, "initiative")
    assert "belongs to programme OTHER" in problem.reason
    assert _count(small_db, "risk") == 0


def small_programme_initiative(code: str, programme: str) -> Initiative:
    return Initiative(code=code, programme=programme, name="Other", aim="Aim", lead="L",
                      sponsor="S", theme="T", organisation="O", start_date=date(2026, 4, 1),
                      planned_end=date(2027, 3, 31))  # fmt: skip


def test_a_benefit_linked_to_another_initiatives_measure_is_refused(small_db):
    writes.save_entities(
        small_db,
        [small_programme_initiative("UEC-02", "TEST")],
        "setup",
    )
    with pytest.raises(ImportRejected) as raised:
        registers.save(small_db, specs.BENEFITS, [benefit(initiative="UEC-02")], "fay")
    [problem] = raised.value.errors
    assert (problem.row, problem.column) == (2, "measure")
    assert "belongs to initiative UEC-01, not UEC-02" in problem.reason
    assert _count(small_db, "benefit") == 0


def test_a_benefit_without_a_measure_is_stored_and_read_back(small_db):
    registers.save(small_db, specs.BENEFITS, [benefit(measure=None)], "fay")
    found = registers.benefits(small_db)
    assert found["measure"].isna().tolist() == [True]
    assert found["unit"].tolist() == ["£"]


def test_a_month_outside_the_profile_is_refused_and_nothing_is_written(small_db):
    registers.save(small_db, specs.BENEFITS, [benefit()], "fay")
    entered = [month(date(2026, 4, 1), actual=1000), month(date(2027, 4, 1), planned=500)]
    with pytest.raises(ImportRejected) as raised:
        registers.save(small_db, specs.BENEFIT_MONTHS, entered, "fay")
    [problem] = raised.value.errors
    assert (problem.row, problem.column) == (3, "month")
    assert "Apr 2027 is outside benefit UEC-01-B1's profile (Apr 2026 to Mar 2027)" in (
        problem.reason
    )
    assert _count(small_db, "benefit_month") == 0


def test_a_months_new_actual_keeps_the_old_one(small_db):
    registers.save(small_db, specs.BENEFITS, [benefit()], "fay")
    registers.save(small_db, specs.BENEFIT_MONTHS, [month(date(2026, 5, 1), actual=900)], "fay")
    registers.save(small_db, specs.BENEFIT_MONTHS, [month(date(2026, 5, 1), actual=950)], "fay")
    assert registers.benefit_months(small_db)["actual"].tolist() == [950]
    assert _count(small_db, "benefit_month") == 2


def test_a_programme_sets_its_own_bands(small_db):
    own = RiskSettings(programme="TEST", moderate_from=5, high_from=10, extreme_from=16,
                       escalation=12)  # fmt: skip
    registers.save(small_db, specs.RISK_SETTINGS, [own], "sam")
    found = registers.risk_settings(small_db)
    assert found[["programme", "escalation"]].values.tolist() == [["TEST", 12]]
