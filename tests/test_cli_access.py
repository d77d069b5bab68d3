"""`tracker access` grants, revokes and lists; `--as` makes every writing command act as that
person, refused (nothing written) what their role does not allow."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ADMIN, EDITOR, VIEWER
from tracker.cli import app
from tracker.store import Database

runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def _audit_rows(path: Path) -> int:
    with Database(path) as db:
        return int(db.cursor().execute("SELECT count(*) FROM audit").fetchall()[0][0])


@pytest.fixture
def guarded(guarded_db: Database, db_path: Path) -> Path:
    guarded_db.close()
    return db_path


def test_the_first_admin_is_granted_by_whoever_runs_it(small_db, db_path):
    small_db.close()
    result = run("access", "grant", "You@Trust.nhs.uk", "admin", "--db", db_path)
    assert result.exit_code == 0, result.output
    assert (
        "you@trust.nhs.uk is now admin of every initiative (granted by test.user)" in result.output
    )
    listed = run("access", "list", "--db", db_path)
    assert "you@trust.nhs.uk: admin of every initiative; never signed in" in listed.output


def test_grant_and_revoke_an_editor_of_one_initiative(guarded):
    done = run("access", "grant", "new@trust.nhs.uk", "editor", "--initiative", "uec-02",
               "--as", ADMIN, "--db", guarded)  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "new@trust.nhs.uk is now editor of initiative UEC-02" in done.output
    gone = run("access", "revoke", "new@trust.nhs.uk", "--as", ADMIN, "--db", guarded)
    assert gone.exit_code == 0, gone.output
    assert "new@trust.nhs.uk is no longer editor of initiative UEC-02." in gone.output
    assert "new@trust.nhs.uk" not in run("access", "list", "--db", guarded).output


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["grant", "not-an-email", "viewer"], "email"),
        (["grant", "x@trust.nhs.uk", "boss"], "role"),
        (["grant", "x@trust.nhs.uk", "editor", "--initiative", "NOPE-01"], "No initiative"),
        (["revoke", ADMIN], "at least one admin must remain"),
        (["revoke", VIEWER, "superuser"], "No role 'superuser'"),
    ],
)
def test_bad_access_changes_are_refused_and_write_nothing(guarded, args, reason):
    before = _audit_rows(guarded)
    result = run("access", *args, "--as", ADMIN, "--db", guarded)
    assert result.exit_code == 1
    assert reason in result.output
    assert _audit_rows(guarded) == before


def test_an_editor_cannot_grant(guarded):
    result = run("access", "grant", EDITOR, "admin", "--as", EDITOR, "--db", guarded)
    assert result.exit_code == 1
    assert f"{EDITOR} may not change who has access" in result.output


def test_a_viewer_importing_with_as_is_refused_and_nothing_is_written(guarded, tmp_path):
    data = tmp_path / "october.csv"
    data.write_text("measure,period,value\nUEC-01-M1,2026-10-01,75.5\n", encoding="utf-8")
    before = _audit_rows(guarded)
    result = run("import", data, "--as", VIEWER, "--db", guarded)
    assert result.exit_code == 1
    assert f"{VIEWER} may not update measure values for initiative UEC-01" in result.output
    assert _audit_rows(guarded) == before
    allowed = run("import", data, "--as", EDITOR, "--db", guarded)
    assert allowed.exit_code == 0, allowed.output


def test_without_as_the_command_acts_as_tracker_user(guarded, tmp_path):
    # TRACKER_USER is test.user (tests/conftest.py), who holds no grant here.
    data = tmp_path / "october.csv"
    data.write_text("measure,period,value\nUEC-01-M1,2026-10-01,75.5\n", encoding="utf-8")
    result = run("import", data, "--db", guarded)
    assert result.exit_code == 1
    assert "test.user may not update measure values" in result.output


def test_an_editor_cannot_publish_a_board_pack(guarded, tmp_path):
    result = run("board-pack", "--period", "2026-10", "--publish", "--out", tmp_path / "p.pptx",
                 "--as", EDITOR, "--db", guarded)  # fmt: skip
    assert result.exit_code == 1
    assert f"{EDITOR} may not publish a board pack" in result.output
