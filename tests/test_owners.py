"""Owners of PDSA cycles, risks, risk actions and benefits not on the people list: kept as
written, with one warning per person naming what they own; none while nobody is listed."""

from qi_helpers import cycle
from typer.testing import CliRunner

from tests.conftest import TODAY
from tests.register_fixtures import benefit, risk
from tests.test_workbook_method import method_book, set_cells
from tests.test_workbook_people import PEOPLE
from tracker import owners
from tracker.cli import app
from tracker.models import RiskAction
from tracker.store import grants, qi
from tracker.workbook import programme

LISTED = {"lee lead": "Lee Lead", "lee.lead@trust.nhs.uk": "Lee Lead", "hana hr": "Hana HR"}
"""A people list as access.people_by_name_and_email gives it: lower-case names and emails."""
ADVICE = (
    "is not on the people list; kept as written. Add them on People and access, or write the "
    "name as listed, for their items to show in My updates."
)


def test_owners_listed_by_name_in_any_case_or_by_email_raise_no_warning():
    items = [cycle("K1", owner="LEE LEAD"), cycle("K2", owner="lee.lead@trust.nhs.uk")]
    assert owners.unlisted(items, LISTED) == []


def test_each_unlisted_person_is_named_once_with_everything_they_own():
    action = RiskAction(action="Open the ward", owner="Dr Ray", due=TODAY)
    items = [
        cycle("K1", owner="Dr Ray"),
        risk(owner="Lee Lead", actions=(action,)),  # the risk's own owner is listed
        benefit(owner="Fay Finance"),
        cycle("K2", owner="Dr Ray"),
    ]
    assert owners.unlisted(items, LISTED) == [
        f"Dr Ray (owner of PDSA cycle K1, action 1 of risk UEC-R01, PDSA cycle K2) {ADVICE}",
        f"Fay Finance (owner of benefit UEC-01-B1) {ADVICE}",
    ]


def test_with_nobody_listed_no_owner_is_warned_about():
    assert owners.unlisted([cycle("K1", owner="Dr Ray"), benefit()], {}) == []


def test_a_workbooks_unlisted_cycle_owner_is_loaded_with_a_warning_in_its_preview(db):
    grants.save_people(db, PEOPLE, "pmo")
    # Everyone the method sheets name is listed: no warning.
    assert programme.load(db, method_book(), "pmo", TODAY, dry_run=True).warnings == ()
    book = set_cells("PDSA", 2, owner="Dr Priya Raman")
    preview = programme.load(db, book, "pmo", TODAY, dry_run=True)
    assert preview.warnings == (f"Dr Priya Raman (owner of PDSA cycle UEC-01-C1-1) {ADVICE}",)
    assert qi.pdsa_cycles(db).empty  # a preview writes nothing
    done = programme.load(db, book, "pmo", TODAY)
    assert done.warnings == preview.warnings
    owner = qi.pdsa_cycles(db).set_index("code").loc["UEC-01-C1-1", "owner"]
    assert owner == "Dr Priya Raman"
    # The same workbook again changes nothing: the owner held now was warned about already.
    assert programme.load(db, book, "pmo", TODAY, dry_run=True).warnings == ()


def test_the_cli_load_prints_each_unlisted_owner_as_a_warning(db, db_path, tmp_path):
    grants.save_people(db, PEOPLE, "pmo")
    db.close()
    book = tmp_path / "programme.xlsx"
    book.write_bytes(set_cells("Benefits", 2, owner="Fay Finance"))
    result = CliRunner().invoke(app, ["load", str(book), "--db", str(db_path), "--dry-run"])
    assert result.exit_code == 0, result.output
    # The benefit's owner is not on the list; the rest of the workbook names listed people.
    assert f"Warning: Fay Finance (owner of benefit UEC-01-B1) {ADVICE}" in result.output
