"""People and access: grants and revokes, their refusals, and every kind of write checked by role."""

from datetime import UTC, date, datetime

import pandas as pd
import pytest

from tests.conftest import ADMIN, EDITOR, VIEWER, small_programme
from tracker import access
from tracker.access_rules import Action
from tracker.errors import Conflict, Invalid, NotAllowed, NotFound
from tracker.models import Annotation, CheckIn, Milestone, Rag, User
from tracker.store import Database, batches, grants, packs, people, writes
from tracker.store.db import Cursor
from tracker.store.setup import Deletable, delete_unused


def _count(db: Database, sql: str) -> int:
    return int(db.cursor().execute(sql).fetchall()[0][0])


def _audit_rows(db: Database) -> int:
    return _count(db, "SELECT count(*) FROM audit")


def _points(measure: str, value: float = 75.0) -> pd.DataFrame:
    return pd.DataFrame(
        {"measure": [measure], "period": [date(2026, 10, 1)], "value": [value],
         "missing_reason": [""], "note": [""]}
    )  # fmt: skip


def test_with_no_admin_anyone_may_write_and_make_the_first_admin(small_db):
    writes.write_data_points(small_db, _points("UEC-01-M1"), "whoever")
    access.grant(small_db, "First.Admin@Trust.nhs.uk", "admin", None, "whoever")
    assert access.standing(small_db, "first.admin@trust.nhs.uk").may(Action.access)
    assert not access.standing(small_db, "whoever").has_access


def test_a_grant_is_audited_under_the_acting_person(guarded_db):
    found = (
        guarded_db.cursor()
        .execute("SELECT who, action, code FROM audit WHERE entity = 'access_grant' ORDER BY id")
        .fetchall()
    )
    assert found == [
        ("setup", "create", ADMIN),
        (ADMIN, "create", EDITOR),
        (ADMIN, "create", VIEWER),
    ]


@pytest.mark.parametrize(
    ("email", "role", "initiative", "error", "reason"),
    [
        ("not-an-email", "editor", None, Invalid, "email"),
        ("x@trust.nhs.uk", "boss", None, Invalid, "role"),
        ("x@trust.nhs.uk", "editor", "NOPE-01", NotFound, "No initiative with code NOPE-01"),
        ("x@trust.nhs.uk", "admin", "UEC-01", Invalid, "only an editor is granted one"),
    ],
)
def test_a_bad_grant_is_refused_with_its_reason_and_writes_nothing(
    guarded_db, email, role, initiative, error, reason
):
    before = _audit_rows(guarded_db)
    with pytest.raises(error, match=reason):
        access.grant(guarded_db, email, role, initiative, ADMIN)
    assert _audit_rows(guarded_db) == before


def test_the_last_admin_cannot_be_revoked_or_demoted(guarded_db):
    before = _audit_rows(guarded_db)
    with pytest.raises(Conflict, match="at least one admin must remain"):
        access.revoke(guarded_db, ADMIN, None, None, ADMIN)
    with pytest.raises(Conflict, match="at least one admin must remain"):
        access.grant(guarded_db, ADMIN, "viewer", None, ADMIN)
    assert _audit_rows(guarded_db) == before


def test_an_admin_revoked_once_another_admin_exists(guarded_db):
    access.grant(guarded_db, "second@trust.nhs.uk", "admin", None, ADMIN)
    taken = access.revoke(guarded_db, ADMIN, "admin", None, "second@trust.nhs.uk")
    assert [(g.email, g.role, g.scope) for g in taken] == [(ADMIN, "admin", "")]
    assert not access.standing(guarded_db, ADMIN).has_access


def test_revoking_a_grant_nobody_holds_is_refused(guarded_db):
    with pytest.raises(NotFound, match=f"{VIEWER} holds no such grant"):
        access.revoke(guarded_db, VIEWER, "editor", None, ADMIN)


def test_only_an_admin_changes_access(guarded_db):
    with pytest.raises(NotAllowed, match=f"{EDITOR} may not change who has access"):
        access.grant(guarded_db, EDITOR, "admin", None, EDITOR)
    with pytest.raises(NotAllowed):
        access.revoke(guarded_db, VIEWER, None, None, EDITOR)


def test_an_editor_updates_their_initiative_and_is_refused_another(guarded_db):
    writes.write_data_points(guarded_db, _points("UEC-01-M1"), EDITOR)
    before = _audit_rows(guarded_db)
    with pytest.raises(NotAllowed, match="may not update measure values for initiative UEC-02"):
        writes.write_data_points(guarded_db, _points("UEC-02-M1"), EDITOR)
    assert _audit_rows(guarded_db) == before


def test_a_refused_milestone_creates_no_milestone(guarded_db):
    milestone = Milestone(
        code="UEC-02-MS1", initiative="UEC-02", title="Open", owner="Lee Lead",
        baseline_date=date(2026, 12, 1), forecast_date=date(2026, 12, 1), status="on track",
    )  # fmt: skip
    with pytest.raises(NotAllowed, match="change milestones for initiative UEC-02"):
        writes.save_milestones(guarded_db, [milestone], EDITOR)
    assert _count(guarded_db, "SELECT count(*) FROM milestone") == 0
    writes.save_milestones(guarded_db, [milestone.model_copy(update={"code": "UEC-01-MS1",
                                                                    "initiative": "UEC-01"})],
                           EDITOR)  # fmt: skip
    assert _count(guarded_db, "SELECT count(*) FROM milestone") == 1


@pytest.mark.parametrize("who", [VIEWER, "stranger@trust.nhs.uk"])
def test_a_viewer_or_a_stranger_writes_no_check_in_or_annotation(guarded_db, who):
    check_in = CheckIn(initiative="UEC-01", period=date(2026, 10, 1), rag=Rag.green,
                       confidence=3, author="Lee Lead")  # fmt: skip
    note = Annotation(measure="UEC-01-M1", date=date(2026, 10, 1), kind="note", label="Go-live")
    with pytest.raises(NotAllowed, match="write check-ins for initiative UEC-01"):
        writes.save_check_ins(guarded_db, [check_in], who)
    with pytest.raises(NotAllowed, match="annotate charts"):
        writes.add_annotations(guarded_db, [note], who)


def test_set_up_is_an_admins(guarded_db):
    # The same write the set-up pages and workbooks make.
    renamed = small_programme()[2].model_copy(update={"name": "Four hours"})
    with pytest.raises(NotAllowed, match="change the set-up for initiative UEC-01"):
        writes.save_entities(guarded_db, [renamed], EDITOR)
    writes.save_entities(guarded_db, [renamed], ADMIN)
    with pytest.raises(NotAllowed, match="may not change the set-up"):
        delete_unused(guarded_db, Deletable.measure, "UEC-01-M2", EDITOR)


def test_publishing_a_pack_is_an_admins(guarded_db):
    request = packs.PackRequest(
        period=date(2026, 10, 1), cut_off=datetime(2026, 11, 1, tzinfo=UTC), author=EDITOR
    )
    with pytest.raises(NotAllowed, match="may not publish a board pack"):
        packs.publish(guarded_db, request)
    assert packs.published(guarded_db) == []


def test_an_editor_reverts_their_own_import_but_not_anothers(guarded_db):
    own = writes.write_data_points(guarded_db, _points("UEC-01-M1"), EDITOR, source="mine")
    theirs = writes.write_data_points(guarded_db, _points("UEC-01-M3", 4.0), ADMIN, source="x")
    with pytest.raises(NotAllowed, match="may not revert another person's import"):
        batches.revert(guarded_db, theirs.batch_id, EDITOR)
    batches.revert(guarded_db, own.batch_id, EDITOR)
    batches.revert(guarded_db, theirs.batch_id, ADMIN)


def test_a_person_acts_by_their_name_on_the_people_list(guarded_db):
    grants.save_people(guarded_db, [User(name="Eddie Editor", email=EDITOR)], ADMIN)
    writes.write_data_points(guarded_db, _points("UEC-01-M1"), "Eddie Editor")
    with pytest.raises(NotAllowed):
        writes.write_data_points(guarded_db, _points("UEC-02-M1"), "eddie editor")


def test_two_people_cannot_share_a_name(guarded_db):
    grants.save_people(guarded_db, [User(name="Sam Smith", email="sam@trust.nhs.uk")], ADMIN)
    with pytest.raises(Conflict, match="sam@trust.nhs.uk is already called Sam Smith"):
        grants.save_people(guarded_db, [User(name="sam smith", email="s2@trust.nhs.uk")], ADMIN)


def test_sign_ins_and_grants_are_listed_with_names(guarded_db):
    grants.save_people(guarded_db, [User(name="Ada Admin", email=ADMIN)], ADMIN)
    access.record_sign_in(guarded_db, "Ada.Admin@trust.nhs.uk", datetime(2026, 11, 1, 9, 0))
    access.record_sign_in(guarded_db, ADMIN, datetime(2026, 11, 2, 9, 0))
    access.record_sign_in(guarded_db, "new@trust.nhs.uk", datetime(2026, 11, 3, 9, 0))
    listed = access.people_and_grants(guarded_db)
    rows = list(listed[["name", "email", "role", "scope"]].itertuples(index=False, name=None))
    assert rows == [
        ("Ada Admin", ADMIN, "admin", ""),
        ("", EDITOR, "editor", "UEC-01"),
        ("", "new@trust.nhs.uk", "", ""),
        ("", VIEWER, "viewer", ""),
    ]
    assert listed.loc[0, "last_sign_in"] == pd.Timestamp(2026, 11, 2, 9, 0)


def test_check_for_pages_refuses_what_the_write_would(guarded_db):
    access.check(guarded_db, EDITOR, Action.check_ins, "UEC-01")
    with pytest.raises(NotAllowed):
        access.check(guarded_db, EDITOR, Action.check_ins, "UEC-02")


def _grant_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Return a list that collects every statement reading access_grant from now on."""
    reads: list[str] = []
    passed = Cursor.__getattr__

    def spied(self: Cursor, name: str) -> object:
        found = passed(self, name)
        if name != "execute":
            return found

        def execute(sql: str, *args: object, **kwargs: object) -> object:
            if "FROM access_grant" in sql:
                reads.append(sql)
            return found(sql, *args, **kwargs)

        return execute

    monkeypatch.setattr(Cursor, "__getattr__", spied)
    return reads


def test_a_check_in_save_reads_the_grants_once_for_its_three_writes(guarded_db, monkeypatch):
    milestone = Milestone(
        code="UEC-01-MS1", initiative="UEC-01", title="Open", owner="Lee Lead",
        baseline_date=date(2026, 12, 1), forecast_date=date(2026, 12, 1), status="on track",
    )  # fmt: skip
    check_in = CheckIn(initiative="UEC-01", period=date(2026, 10, 1), rag=Rag.green,
                       confidence=3, author="Lee Lead")  # fmt: skip
    reads = _grant_reads(monkeypatch)
    writes.save_update(guarded_db, _points("UEC-01-M1"), [milestone], check_in, EDITOR)
    # Values, milestone and check-in are each checked, but within the one transaction the
    # admins are read once and the editor's grants once (each of the three read them before).
    assert len(reads) == 2
    writes.save_check_ins(guarded_db, [check_in.model_copy(update={"confidence": 4})], EDITOR)
    assert len(reads) == 4  # a new transaction reads them afresh


def test_a_grant_written_in_a_transaction_counts_for_its_later_writes(guarded_db):
    newcomer = "nina.new@trust.nhs.uk"
    with guarded_db.transaction() as cur:
        assert people.held(cur, newcomer) == []  # read (and kept) before the grant
        access.grant(guarded_db, newcomer, "editor", "UEC-01", ADMIN)
        writes.write_data_points(guarded_db, _points("UEC-01-M1", 80.0), newcomer)
    assert _count(guarded_db, "SELECT count(*) FROM data_point WHERE value = 80") == 1
