"""Each role's actions over the initiatives its grants cover, with hand-made cases."""

import pytest

from tracker.access_rules import (
    EDITOR_ACTIONS,
    PROGRAMME_ACTIONS,
    Action,
    Held,
    Standing,
    allows,
    describe,
    require,
)
from tracker.errors import NotAllowed
from tracker.models import Role

ADMIN = [Held(Role.admin)]
EDITOR_ALL = [Held(Role.editor)]
EDITOR_UEC = [Held(Role.editor, "UEC-01")]
VIEWER = [Held(Role.viewer)]


def test_every_action_is_an_editors_a_programme_one_or_reading():
    assert EDITOR_ACTIONS | PROGRAMME_ACTIONS | {Action.read} == set(Action)
    assert not EDITOR_ACTIONS & PROGRAMME_ACTIONS


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("initiative", [None, "UEC-01", "DIS-01"])
def test_an_admin_may_do_everything_everywhere(action, initiative):
    assert allows(ADMIN, action, initiative)


@pytest.mark.parametrize("action", sorted(EDITOR_ACTIONS))
def test_an_editor_of_one_initiative_works_on_it_and_no_other(action):
    assert allows(EDITOR_UEC, action, "UEC-01")
    assert not allows(EDITOR_UEC, action, "DIS-01")
    # Programme-wide, their one initiative does not cover it.
    assert not allows(EDITOR_UEC, action, None)


@pytest.mark.parametrize("action", sorted(EDITOR_ACTIONS))
def test_an_editor_of_every_initiative_works_on_any(action):
    assert allows(EDITOR_ALL, action, "DIS-01")
    assert allows(EDITOR_ALL, action, None)


@pytest.mark.parametrize("action", sorted(PROGRAMME_ACTIONS))
@pytest.mark.parametrize("held", [EDITOR_ALL, EDITOR_UEC, VIEWER])
def test_only_an_admin_sets_up_publishes_loads_workbooks_and_grants(action, held):
    assert not allows(held, action, None)
    assert not allows(held, action, "UEC-01")


@pytest.mark.parametrize("held", [ADMIN, EDITOR_ALL, EDITOR_UEC, VIEWER])
def test_every_grant_reads_the_board_pages(held):
    assert allows(held, Action.read)


@pytest.mark.parametrize("action", sorted(EDITOR_ACTIONS))
def test_a_viewer_changes_nothing(action):
    assert not allows(VIEWER, action, "UEC-01")


@pytest.mark.parametrize("action", list(Action))
def test_no_grant_allows_nothing(action):
    assert not allows([], action, "UEC-01")


def test_two_scoped_grants_cover_both_initiatives():
    held = [Held(Role.editor, "UEC-01"), Held(Role.editor, "DIS-01")]
    assert allows(held, Action.check_ins, "DIS-01")
    assert not allows(held, Action.check_ins, "ELE-01")


def test_a_refusal_names_who_what_which_initiative_and_their_access():
    with pytest.raises(NotAllowed) as refused:
        require("eddie@trust.nhs.uk", EDITOR_UEC, Action.values, ["UEC-01", "DIS-01"])
    message = str(refused.value)
    assert message.startswith(
        "eddie@trust.nhs.uk may not update measure values for initiative DIS-01"
    )
    assert "editor for UEC-01" in message
    assert "nothing was written" in message


def test_a_programme_wide_refusal_names_no_initiative():
    with pytest.raises(
        NotAllowed, match=r"^vera may not publish a board pack: their access is viewer\."
    ):
        require("vera", VIEWER, Action.publish)


def test_describe_lists_grants_or_says_no_access():
    assert describe([]) == "no access"
    assert describe([Held(Role.viewer), Held(Role.editor, "UEC-01")]) == "editor for UEC-01, viewer"


def test_standing_with_full_rights_may_do_anything():
    full = Standing("me", full=True)
    assert full.may(Action.access) and full.may_somewhere(Action.values) and full.has_access


def test_standing_of_a_scoped_editor():
    editor = Standing("eddie", full=False, held=tuple(EDITOR_UEC))
    assert editor.may_somewhere(Action.values)
    assert not editor.may(Action.values)
    assert editor.may(Action.values, "UEC-01")
    assert editor.has_access
    assert not Standing("nobody", full=False).has_access
    assert not Standing("vera", full=False, held=tuple(VIEWER)).may_somewhere(Action.values)
