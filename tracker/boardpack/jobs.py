"""Board packs built in the background: one build per pack at a time, each with a time limit."""

import threading
import time
from collections.abc import Callable, Hashable

from tracker.errors import BuildStopped

Progress = Callable[[float, str], None]

BUILD_LIMIT = 180.0
"""Seconds a build may take: three times the slowest pack measured (the PDF of the sample with
every text at its longest takes under 60 s, make bench); a build still going is stuck."""
ABANDONED_AFTER = 15.0
"""Seconds without anyone waiting after which a build stops: its visitor has left. A waiting
page looks every POLL seconds, and a rerun of the page finds its build again well within this."""
POLL = 0.25
"""Seconds between a waiting page's looks at its build (and updates of its progress bar)."""


class Build:
    """One pack being built in a thread; its progress, and its file or error when done.

    It stops, at its next progress report, after `limit` seconds or once nobody has waited for
    it (called `watch`) for `abandon_after` seconds: the visitor who asked for it has left.
    """

    def __init__(self, key: Hashable, limit: float, abandon_after: float) -> None:
        self.key = key
        self.limit = limit
        self.abandon_after = abandon_after
        self.started = self.seen = time.monotonic()
        self.share = 0.0
        self.message = "Waiting to start"
        self.data: bytes | None = None
        self.failure: BaseException | None = None
        self.done = threading.Event()

    def watch(self) -> None:
        """Note that someone is still waiting for this build."""
        self.seen = time.monotonic()

    def check(self) -> None:
        """Raise BuildStopped if the build has run out of time or nobody waits for it."""
        now = time.monotonic()
        if now - self.started > self.limit:
            raise BuildStopped(
                f"The pack was stopped after {self.limit:.0f} seconds, longer than any pack "
                "should take. Try again when the server is less busy, or build it with "
                "`tracker board-pack`."
            )
        if now - self.seen > self.abandon_after:
            raise BuildStopped("The pack was stopped: nobody was waiting for it any more.")

    def progress(self, share: float, message: str) -> None:
        """Record how far the build is; stops it here (BuildStopped) when it should stop."""
        self.check()
        self.share, self.message = share, message


_running: dict[Hashable, Build] = {}
_lock = threading.Lock()


def running(key: Hashable) -> Build | None:
    """Return the build of `key` that is still going, or None."""
    with _lock:
        return _running.get(key)


def start(
    key: Hashable,
    work: Callable[[Progress], bytes],
    limit: float = BUILD_LIMIT,
    abandon_after: float = ABANDONED_AFTER,
) -> tuple[Build, bool]:
    """Return the build of `key` and True if it was started now, False if it was already going.

    `work(progress)` returns the file; it runs in a thread of its own and stops, with
    BuildStopped from `progress`, after `limit` seconds or `abandon_after` seconds unwatched.
    """
    with _lock:
        found = _running.get(key)
        if found is not None:
            found.watch()
            return found, False
        build = Build(key, limit, abandon_after)
        _running[key] = build
    threading.Thread(target=_run, args=(build, work), name=f"board-pack-{key}", daemon=True).start()
    return build, True


def _run(build: Build, work: Callable[[Progress], bytes]) -> None:
    try:
        build.data = work(build.progress)
    except BaseException as err:  # handed to whoever waits, who raises it as their own
        build.failure = err
    finally:
        with _lock:
            _running.pop(build.key, None)
        build.done.set()


def wait(build: Build, progress: Progress, poll: float = POLL) -> bytes:
    """Return the build's file once done, telling `progress` how it goes meanwhile.

    Raises what the build raised (TrackerError: a message for the visitor).
    """
    while True:
        build.watch()
        progress(build.share, build.message)
        if build.done.wait(poll):
            break
    if build.failure is not None:
        raise build.failure
    if build.data is None:
        raise RuntimeError(f"build {build.key} ended without a file or an error")
    return build.data
