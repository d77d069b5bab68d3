"""Background pack builds: one per pack at a time, stopped after a time limit or once nobody
waits, and a build's error reaches whoever waits for it."""

import itertools
import threading

import pytest

from tracker.boardpack import jobs
from tracker.boardpack.build import PackFormat, build, spec_of
from tracker.errors import BuildStopped, TrackerError

pytest_plugins = ["tests.boardpack_fixtures"]

HANG_GUARD = 60
"""Seconds to wait for a build that should end at once; only reached if it never stops."""

_keys = itertools.count()


@pytest.fixture
def key() -> str:
    """A build key no other test uses (builds are kept per process)."""
    return f"test-{next(_keys)}"


def forever(progress: jobs.Progress) -> bytes:
    """Work that never ends by itself, reporting progress as a pack build does."""
    while True:
        progress(0.5, "still going")
        threading.Event().wait(0.01)


def test_a_second_request_for_a_pack_joins_the_build_already_going(key):
    release, calls = threading.Event(), []

    def work(progress: jobs.Progress) -> bytes:
        calls.append(key)
        progress(0.5, "halfway")
        release.wait(HANG_GUARD)
        return b"the pack"

    first, fresh = jobs.start(key, work)
    second, again = jobs.start(key, work)
    assert fresh and not again and second is first
    release.set()
    assert jobs.wait(second, lambda _share, _text: None) == b"the pack"
    assert calls == [key]
    assert jobs.running(key) is None


def test_a_build_nobody_waits_for_stops(key):
    job, _ = jobs.start(key, forever, abandon_after=0.2)
    assert job.done.wait(HANG_GUARD)
    assert isinstance(job.failure, BuildStopped)
    assert "nobody was waiting" in str(job.failure)
    assert jobs.running(key) is None


def test_a_build_past_its_time_limit_stops_even_while_someone_waits(key):
    job, _ = jobs.start(key, forever, limit=0.3)
    with pytest.raises(BuildStopped, match="stopped after 0 seconds"):
        jobs.wait(job, lambda _share, _text: None)


def test_the_builds_error_reaches_whoever_waits(key):
    def work(_progress: jobs.Progress) -> bytes:
        raise TrackerError("Chromium is missing: apt-get install chromium")

    job, _ = jobs.start(key, work)
    with pytest.raises(TrackerError, match="apt-get install chromium"):
        jobs.wait(job, lambda _share, _text: None)


def test_a_real_pack_build_stops_at_its_first_progress_report_past_the_limit(
    key, pack_db, small_pack
):
    job, _ = jobs.start(
        key, lambda progress: build(pack_db, spec_of(small_pack), PackFormat.pptx, progress),
        limit=0,
    )  # fmt: skip
    with pytest.raises(BuildStopped):
        jobs.wait(job, lambda _share, _text: None)
