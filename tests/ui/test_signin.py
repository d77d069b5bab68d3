"""Sign-in on the pages (AppTest with st.user): signed out, signed in, local mode; and who each
identity source names (the pure rules of tracker.ui.identity)."""

import pandas as pd
import pytest

from bench.server import free_port
from tests.ui.conftest import SIGNED_IN, SIGNED_OUT, auth
from tracker.errors import SignInNotConfigured
from tracker.ui import identity
from tracker.ui.identity import LOCAL_MODE_NOTICE, Mode, Visitor
from tracker.usertext import WORD_JOINER


@pytest.fixture(autouse=True)
def fresh_provider_answers():
    """Each test asks the sign-in service itself (the page keeps an answer half a minute)."""
    identity.provider_problem.clear()
    yield
    identity.provider_problem.clear()


@pytest.fixture(autouse=True)
def no_trusted_header(monkeypatch):
    monkeypatch.delenv("TRACKER_TRUSTED_HEADER", raising=False)
    monkeypatch.delenv("TRACKER_PUBLIC", raising=False)


DATA_ELEMENTS = ("dataframe", "table", "metric", "plotly_chart", "expander", "tabs")
"""The elements a page shows programme data in."""


def everything_shown(at) -> list[str]:
    """Return the kinds of data element the page shows ([] for a page with no data)."""
    return [kind for kind in DATA_ELEMENTS if len(at.get(kind))]


# --- the pages ---------------------------------------------------------------------------------


def test_local_mode_says_so_on_every_page_and_acts_for_tracker_user(app, monkeypatch):
    monkeypatch.setenv("TRACKER_USER", "pat.local")
    for page in ("overview", "update", "audit", "glossary"):
        at = app(page)
        notices = [i.value for i in at.sidebar.info]
        assert notices == [LOCAL_MODE_NOTICE], page
        assert not [b for b in at.sidebar.button if b.label == "Sign out"]


def test_signed_out_sees_only_the_sign_in_page_with_its_button(app, provider):
    at = app("overview", user=SIGNED_OUT, secrets=auth(provider))
    assert [t.value for t in at.title] == ["Sign in"]
    assert [b.label for b in at.button] == ["Sign in"]
    assert everything_shown(at) == []
    assert len(at.error) == 0


@pytest.mark.parametrize("page", ["update", "audit", "setup", "board_pack"])
def test_a_page_opened_by_its_address_while_signed_out_shows_the_sign_in_page(app, provider, page):
    at = app(page, user=SIGNED_OUT, secrets=auth(provider), initiative="DIS-01")
    assert [t.value for t in at.title] == ["Sign in"]
    assert everything_shown(at) == []


def test_signed_in_sees_the_pages_their_email_and_sign_out(app, provider):
    at = app("overview", user=SIGNED_IN, secrets=auth(provider))
    assert at.title[0].value != "Sign in"
    assert len(at.dataframe) > 0  # the programme itself
    # usertext keeps an email from becoming a mail link with an invisible word joiner.
    shown = [c.value.replace(WORD_JOINER, "") for c in at.sidebar.caption]
    assert "Signed in as carol.jones@example.org" in shown
    assert [b.label for b in at.sidebar.button if b.label == "Sign out"] == ["Sign out"]
    assert len(at.sidebar.info) == 0  # no local-mode notice


def test_sign_out_returns_to_the_sign_in_page(app, provider):
    at = app("overview", user=SIGNED_IN, secrets=auth(provider))
    [sign_out] = [b for b in at.sidebar.button if b.label == "Sign out"]
    sign_out.click().run()
    assert [t.value for t in at.title] == ["Sign in"]
    assert everything_shown(at) == []


def test_a_sign_in_without_an_email_is_told_what_to_ask_for(app, provider):
    at = app("overview", user={"is_logged_in": True, "name": "No Email"}, secrets=auth(provider))
    assert [t.value for t in at.title] == ["Sign in"]
    assert "email" in at.error[0].value and "Entra" in at.error[0].value
    assert [b.label for b in at.button] == ["Sign out"]
    assert everything_shown(at) == []


def test_an_unreachable_sign_in_service_is_a_clear_page_not_a_traceback(app):
    nowhere = f"http://127.0.0.1:{free_port()}/.well-known/openid-configuration"
    at = app("overview", user=SIGNED_OUT, secrets=auth(nowhere))
    assert [t.value for t in at.title] == ["Sign in"]
    [error] = at.error
    assert "did not answer" in error.value and "server_metadata_url" in error.value
    assert len(at.button) == 0  # no button that would lead to Streamlit's bare error
    assert len(at.exception) == 0


def test_sign_in_and_a_trusted_header_together_are_refused_on_the_page(app, provider, monkeypatch):
    monkeypatch.setenv("TRACKER_TRUSTED_HEADER", "X-Remote-User")
    at = app("overview", user=SIGNED_IN, secrets=auth(provider))
    assert "choose one" in at.error[0].value
    assert everything_shown(at) == []


# --- who each identity source names ------------------------------------------------------------


def test_oidc_names_the_person_by_their_email_in_lower_case_with_their_roles():
    seen = identity.from_claims({**SIGNED_IN, "roles": ["Tracker.Editor"]})
    assert seen == Visitor(Mode.oidc, "carol.jones@example.org", "Carol Jones", ("Tracker.Editor",))


def test_oidc_reads_a_single_role_given_as_text():
    assert identity.from_claims({**SIGNED_IN, "roles": "admin"}).claimed_roles == ("admin",)


def test_oidc_refuses_an_email_the_provider_says_is_not_verified():
    seen = identity.from_claims({**SIGNED_IN, "email_verified": False})
    assert seen.email is None and seen.problem == identity.NO_EMAIL


def test_oidc_signed_out_is_nobody_without_a_problem():
    assert identity.from_claims(SIGNED_OUT) == Visitor(Mode.oidc, None, "")


def test_a_trusted_header_names_the_person_only_on_a_loopback_address():
    headers = {"X-Remote-User": "dana@example.org"}
    assert identity.from_header(headers, "X-Remote-User", "127.0.0.1").email == "dana@example.org"
    for address in ("0.0.0.0", None):
        seen = identity.from_header(headers, "X-Remote-User", address)
        assert seen.email is None and seen.problem == identity.HEADER_NOT_TRUSTED


def test_a_missing_or_blank_header_is_nobody():
    assert identity.from_header({}, "X-Remote-User", "127.0.0.1").email is None
    assert identity.from_header({"X-Remote-User": " "}, "X-Remote-User", "::1").email is None


@pytest.mark.parametrize(
    ("oidc", "header", "mode"),
    [(False, None, Mode.local), (True, None, Mode.oidc), (False, "X-Remote-User", Mode.header)],
)
def test_the_mode_follows_the_configuration(oidc, header, mode):
    assert identity.choose_mode(oidc, header) is mode


def test_both_sign_in_and_a_header_is_refused():
    with pytest.raises(SignInNotConfigured, match="choose one"):
        identity.choose_mode(True, "X-Remote-User")


def test_providers_are_the_default_and_each_named_one():
    section = {
        "redirect_uri": "x",
        "server_metadata_url": "https://a/.well-known/openid-configuration",
        "microsoft": {"server_metadata_url": "https://m/.well-known/openid-configuration"},
        "other": {"client_id": "no server, not a provider"},
    }
    assert identity.providers(section) == [None, "microsoft"]
    assert identity.metadata_url(section, "microsoft").startswith("https://m/")


def test_a_sign_in_is_recorded_once_for_people_and_access(app, provider):
    from tracker import access
    from tracker.ui.cache import database

    def last_sign_in():
        found = access.people_and_grants(database())
        [when] = found[found["email"] == "carol.jones@example.org"]["last_sign_in"]
        return when

    at = app("overview", user=SIGNED_IN, secrets=auth(provider))
    first = last_sign_in()
    assert pd.notna(first)
    at.run()  # a second page run in the same session records nothing more
    assert last_sign_in() == first


def test_local_mode_records_no_sign_in(app):
    from tracker import access
    from tracker.ui.cache import database

    app("overview")
    assert access.people_and_grants(database())["last_sign_in"].isna().all()
