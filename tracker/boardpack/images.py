"""Chart images for the PDF: the app's plotly figures drawn by one Chromium (kaleido) per pack.

One browser serves the whole pack: starting Chromium and loading plotly.js costs seconds, while
each figure then takes a fraction of one (a plain `write_image` per figure pays the start every
time). kaleido's own `start_sync_server` is not used because when Chromium fails to start its
server thread dies and every later call waits forever; here the browser lives on an event loop
in a thread this module owns, so a failure reaches the caller as a clear error.
"""

import asyncio
import os
import shutil
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import kaleido
import plotly.graph_objects as go

from tracker.errors import TrackerError

BROWSER_ENV = "BROWSER_PATH"
"""Environment variable naming the Chrome or Chromium binary (kaleido's own setting)."""
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
OTHER_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = (
    "Install it with `apt-get install chromium` (Debian or Ubuntu; `make test` does this), or set "
    f"{BROWSER_ENV} to a Chrome or Chromium binary. The PowerPoint pack (--format pptx) does "
    "not need a browser."
)

TABS = 1
"""Browser tabs drawing at once. A second tab loads plotly.js again: measured on 2 cores, it made
a one-theme pack slower (8.4 s against 6.3-7.3 s) and the whole sample pack no faster (20-23 s
either way), as Chromium already draws in processes of its own."""
SCALE = 2
"""Pixel density of the images: twice the screen's, sharp when printed (about 220 dpi on A4)."""
IMAGE_FORMAT = "jpg"
"""JPEG, because a PDF embeds it as it is; a PNG must be decoded and recompressed (0.1 s each)."""
FIGURE_TIMEOUT = 60
"""Seconds one figure may take before kaleido gives up on it."""
START_TIMEOUT = 120
"""Seconds to wait for Chromium to start and load plotly.js on a busy machine."""
DEFAULT_HEIGHT = 400
"""Pixel height of a figure that does not set its own (every tracker chart does)."""
BATCH = 8
"""Figures sent to the browser together: large enough to keep every tab busy, small enough to
report progress often."""


def find_browser() -> Path:
    """Return the Chromium (or Chrome) to draw charts with; TrackerError says how to install one.

    BROWSER_PATH wins when set (and must exist); else Debian's /usr/bin/chromium; else the first
    Chromium or Chrome on the PATH.
    """
    named = os.environ.get(BROWSER_ENV)
    if named:
        path = Path(named)
        if path.is_file() and os.access(path, os.X_OK):
            return path
        raise TrackerError(
            f"The PDF board pack draws its charts with Chromium, but {BROWSER_ENV}={named} is "
            f"not a program that can be run. {INSTALL_HINT}"
        )
    if DEBIAN_CHROMIUM.is_file() and os.access(DEBIAN_CHROMIUM, os.X_OK):
        return DEBIAN_CHROMIUM
    for name in OTHER_BROWSERS:
        found = shutil.which(name)
        if found:
            return Path(found)
    raise TrackerError(
        f"The PDF board pack draws its charts with Chromium, and none was found "
        f"(looked for {DEBIAN_CHROMIUM} and {', '.join(OTHER_BROWSERS)} on the PATH). "
        f"{INSTALL_HINT}"
    )


class _KeepPageKaleido(kaleido.Kaleido):
    """kaleido's browser, except that a tab keeps its page from one figure to the next.

    kaleido reloads a tab's page, and with it plotly.js (4.6 MB), after every figure: three
    quarters of the time a figure takes (0.3 of 0.4 s). The reload is hygiene only: the page
    draws each figure with Plotly.toImage on a new element that plotly purges afterwards
    (kaleido's vendor/kaleido_scopes.js), so it is left ready for the next figure.
    tests/test_boardpack_pdf.py checks this hook still exists in the pinned kaleido.
    """

    async def _return_kaleido_tab(self, tab: Any) -> None:
        await self.tabs_ready.put(tab)


async def _cancel_pending() -> None:
    current = asyncio.current_task()
    pending = [task for task in asyncio.all_tasks() if task is not current]
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)


class ChartRenderer:
    """A Chromium that draws plotly figures as images; use it as a context manager.

    Entering starts the browser in the background (it takes seconds), so the caller can read
    the store and build the first figures meanwhile; the first drawing waits for it. A
    browser that cannot start raises TrackerError there, or on leaving the block.
    """

    def __init__(self, browser: Path | None = None, tabs: int = TABS) -> None:
        self.browser = browser or find_browser()
        self.tabs = tabs
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="kaleido", daemon=True)
        self._opening: Future[kaleido.Kaleido] | None = None
        self._kaleido: kaleido.Kaleido | None = None

    async def _open(self) -> kaleido.Kaleido:
        # Made on the loop's own thread: kaleido's queues belong to the loop that uses them.
        browser = _KeepPageKaleido(
            n=self.tabs, timeout=FIGURE_TIMEOUT, path=str(self.browser), mathjax=False
        )
        await browser.open()
        return browser

    def __enter__(self) -> Self:
        self._thread.start()
        self._opening = asyncio.run_coroutine_threadsafe(self._open(), self._loop)
        return self

    def _ready(self) -> kaleido.Kaleido:
        """Return the open browser, waiting for it to start; TrackerError if it cannot."""
        if self._kaleido is not None:
            return self._kaleido
        if self._opening is None:
            raise RuntimeError("ChartRenderer is not open; use it in a with block")
        try:
            self._kaleido = self._opening.result(START_TIMEOUT)
        except Exception as err:
            reason = str(err.args[0]) if err.args else type(err).__name__
            raise TrackerError(
                f"Chromium at {self.browser} could not start to draw the charts: {reason} "
                f"{INSTALL_HINT}"
            ) from None
        return self._kaleido

    def render(
        self,
        figures: Sequence[Callable[[], go.Figure]],
        width: int,
        progress: Callable[[int, int], None] | None = None,
    ) -> list[bytes]:
        """Return JPEG bytes of each figure, in order, `width` px wide and as tall as it says.

        Figures are built a batch at a time; the next batch is built while the browser draws
        the last one, since plotly takes about 0.1 s to build a figure in Python while the
        browser draws in its own processes. `progress(done, total)` is called after each batch.
        A figure without a height is drawn DEFAULT_HEIGHT px tall.
        """
        images: list[bytes] = []
        drawing: Future[list[bytes]] | None = None
        for start in range(0, len(figures), BATCH):
            batch = []
            for build in figures[start : start + BATCH]:
                figure = build()
                batch.append((figure, self._options(figure, width)))
            if drawing is not None:
                images += drawing.result(FIGURE_TIMEOUT * BATCH)
                if progress is not None:
                    progress(len(images), len(figures))
            work = self._draw(self._ready(), batch)
            drawing = asyncio.run_coroutine_threadsafe(work, self._loop)
        if drawing is not None:
            images += drawing.result(FIGURE_TIMEOUT * BATCH)
            if progress is not None:
                progress(len(images), len(figures))
        return images

    @staticmethod
    def _options(figure: go.Figure, width: int) -> dict[str, Any]:
        height = int(figure.layout.height or DEFAULT_HEIGHT)
        return {"width": width, "height": height, "scale": SCALE, "format": IMAGE_FORMAT}

    @staticmethod
    async def _draw(
        browser: kaleido.Kaleido, batch: list[tuple[go.Figure, dict[str, Any]]]
    ) -> list[bytes]:
        drawn = await asyncio.gather(*(browser.calc_fig(f, opts=o) for f, o in batch))
        return list(drawn)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        try:
            browser = self._ready()
            asyncio.run_coroutine_threadsafe(browser.close(), self._loop).result(START_TIMEOUT)
        except TrackerError:
            if kind is None:
                raise  # the browser never started: say so, unless another error is on its way
        finally:
            # Cancel what the browser left running (its watchdog) so the loop closes cleanly.
            asyncio.run_coroutine_threadsafe(_cancel_pending(), self._loop).result(START_TIMEOUT)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join()
            self._loop.close()
