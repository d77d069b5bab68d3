"""The database object: a second process that finds the file locked gets a clear message."""

import subprocess
import sys

from tracker.store import Database


def test_second_process_gets_a_clear_message_not_a_traceback(db_path):
    with Database(db_path):
        result = subprocess.run(
            [sys.executable, "-m", "tracker", "init", "--db", str(db_path)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert "in use by another program" in result.stderr
    assert "Traceback" not in result.stderr


def test_read_only_database_refuses_writes(db_path):
    Database(db_path).close()
    with Database(db_path, read_only=True) as db:
        try:
            with db.transaction():
                raise AssertionError("should not get here")
        except Exception as err:  # noqa: BLE001
            assert "read-only" in str(err)
