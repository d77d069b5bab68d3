"""Each role sees only its pages and is refused, nothing written, what it may not do; a person
with no grant sees only the page that says to ask for access; admins manage access."""

import pytest

from tests.conftest import ADMIN, EDITOR, VIEWER
from tests.ui.conftest import auth
from tracker import access, usertext
from tracker.store import Database

TITLES = {
    "update": "Update",
    "import_data": "Import",
    "setup": "Set-up: programme and initiatives",
    "setup_workbook": "Set-up: programme workbook",
    "people": "People and access",
    "my_updates": "My updates",
    "audit": "Audit log",
}
"""The start of each page's H1, to tell where a visit landed."""


@pytest.fixture
def as_person(app, sample_db_path, provider):
    """Return a function that opens a page signed in (organisation sign-in, `at.user`) as a
    person, on the sample with an admin (ADMIN), an editor of UEC-01 (EDITOR) and a viewer
    (VIEWER) granted."""
    with Database(sample_db_path) as db:
        access.grant(db, ADMIN, "admin", None, "sample.loader")
        access.grant(db, EDITOR, "editor", "UEC-01", ADMIN)
        access.grant(db, VIEWER, "viewer", None, ADMIN)

    def open_as(email: str, page: str, **params: str):
        signed_in = {"is_logged_in": True, "email": email, "name": email.split("@")[0]}
        return app(page, user=signed_in, secrets=auth(provider), **params)

    return open_as


def _landed(at) -> str:
    return at.title[0].value


@pytest.mark.parametrize(
    ("email", "offered"),
    [
        (ADMIN, set(TITLES)),
        (EDITOR, {"update", "import_data", "my_updates", "audit"}),
        (VIEWER, {"my_updates", "audit"}),
    ],
)
def test_each_role_opens_only_its_pages(as_person, email, offered):
    for page, title in TITLES.items():
        landed = _landed(
            as_person(email, page, **({"initiative": "UEC-01"} if page == "update" else {}))
        )
        if page in offered:
            assert landed.startswith(title), (email, page, landed)
        else:
            # A page the role is not offered is not there: the address opens the overview.
            assert landed == "Programme overview", (email, page, landed)


def test_an_editor_opening_another_initiatives_update_by_address_is_refused(as_person):
    at = as_person(EDITOR, "update", initiative="DIS-01")
    assert [e.value for e in at.error] == [
        f"{EDITOR} may not write check-ins for initiative DIS-01: their access is editor for "
        "UEC-01. Ask an admin (the programme office) for access; this page shows nothing more."
    ]
    assert [b.label for b in at.button] == ["Sign out"]  # no form to submit


def test_an_editor_saves_their_own_initiatives_check_in_as_themselves(as_person, sample_db_path):
    at = as_person(EDITOR, "update", initiative="UEC-01")
    at.radio(key="update_rag").set_value("green")
    at.button(key="update_save").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == []
    with Database(sample_db_path) as db:
        who = (
            db.cursor()
            .execute("SELECT who FROM audit WHERE entity = 'check_in' ORDER BY id DESC LIMIT 1")
            .fetchall()
        )
    assert who == [(EDITOR,)]


def test_someone_with_no_grant_sees_only_the_ask_for_access_page(as_person):
    for page in ("overview", "update", "people"):
        at = as_person("stranger@trust.nhs.uk", page)
        assert _landed(at) == "Ask for access"
        # Shown as typed: usertext keeps an email from becoming a link.
        assert usertext.markdown("stranger@trust.nhs.uk", inline=True) in at.markdown[0].value
        assert "Ask your programme office for access" in at.markdown[0].value


def test_a_viewer_sees_no_publish_form_on_the_board_pack_page(as_person):
    at = as_person(VIEWER, "board_pack")
    assert "Publishing a pack is for admins" in at.info[0].value
    assert not [b for b in at.button if b.label == "Publish"]


def test_an_admin_grants_and_revokes_on_the_people_page(as_person, sample_db_path):
    at = as_person(ADMIN, "people")
    at.text_input(key="people_email").set_value("New.Lead@Trust.nhs.uk")
    at.selectbox(key="people_role").set_value("editor")
    at.selectbox(key="people_scope").set_value("DIS-01")
    at.button(key="people_grant_submit").click().run()
    assert [s.value for s in at.success] == [
        "new.lead@trust.nhs.uk is now editor of initiative DIS-01."
    ]
    with Database(sample_db_path) as db:
        assert access.standing(db, "new.lead@trust.nhs.uk").may(access.Action.values, "DIS-01")


def test_the_people_page_refuses_a_bad_grant_and_writes_nothing(as_person, sample_db_path):
    at = as_person(ADMIN, "people")
    at.text_input(key="people_email").set_value("not an email")
    at.button(key="people_grant_submit").click().run()
    assert at.error[0].value.startswith("Nothing was granted: email")
    with Database(sample_db_path) as db:
        assert "not an email" not in set(access.people_and_grants(db)["email"])


def test_my_updates_shows_the_signed_in_persons_own_items(as_person, sample_db_path):
    with Database(sample_db_path) as db:
        [(lead, email)] = (
            db.cursor()
            .execute(
                "SELECT p.name, p.email FROM initiative AS i JOIN person AS p ON p.name = i.lead "
                "WHERE i.code = 'UEC-01'"
            )
            .fetchall()
        )
        access.grant(db, email, "editor", "UEC-01", ADMIN)
    at = as_person(email, "my_updates")
    assert at.selectbox(key="my_updates_person").value == lead


def test_an_admin_adds_a_person_to_the_people_list(as_person, sample_db_path):
    at = as_person(ADMIN, "people")
    at.text_input(key="people_new_name").set_value("Nia Newcomer")
    at.text_input(key="people_new_email").set_value("Nia.Newcomer@trust.nhs.uk")
    at.button(key="people_add_submit").click().run()
    assert [s.value for s in at.success] == [
        "Nia Newcomer (nia.newcomer@trust.nhs.uk) is on the people list."
    ]
    with Database(sample_db_path) as db:
        assert access.name_of(db, "nia.newcomer@trust.nhs.uk") == "Nia Newcomer"
