"""Static chart images (PNG) for the Word report: kaleido 1.x driving the system Chromium.

Nothing is downloaded at run time: the browser is the one installed on the machine (Debian
``chromium``; ``$XEPLOAI_CHROMIUM`` or choreographer's ``$BROWSER_PATH`` may name another),
plotly.js is the copy inside the plotly package, and MathJax (a CDN script by default) is
switched off. Vietnamese diacritics need a font that has them: the figures ask for Noto Sans
(Debian ``fonts-noto-core``). When no browser is found, or rendering fails for any reason, the
caller gets ``None`` and the report carries tables only: a missing renderer never stops a report.

Starting Chromium and loading plotly.js into its tab takes 1,5–2,5 s, as long as drawing a
report's seven charts, so the browser is kept open between reports (``KEEP_S`` after the last
one) by one renderer per process: a thread of its own runs kaleido's event loop, one report
draws at a time, and a report that fails or times out closes the browser, so that the next
one starts a new one. (kaleido's own ``start_sync_server`` keeps a browser too, but waits
without a timeout — for ever when the browser does not start — and hands two callers' results
to each other when they ask at once.)

kaleido reloads its tab after every figure it draws: plotly.js evaluated again, ~0,28 s, which
was 1,4 s of a report's 1,9 s of images. The tab is reloaded once after a report's figures
instead (``_kaleido``), while the report is written; each figure is drawn in a plot of its own
all the same (``Plotly.toImage`` makes one and purges it), and the images are the same byte for
byte.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import functools
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any, TypeAlias, TypeVar

import plotly.graph_objects as go

from xeploai.charts.plot import Plot

log = logging.getLogger(__name__)

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
RENDER_TIMEOUT_S = 60.0
# How long the browser stays open after a report (a presenter makes several in a few minutes);
# then it is closed and its memory given back.
KEEP_S = 600.0
CLOSE_TIMEOUT_S = 10.0

# A figure to draw: a checked one, or the plain dict of one being built.
Drawable: TypeAlias = "go.Figure | Plot"
# A renderer turns figures into PNG bytes, or None when it cannot; tests swap it.
Renderer = Callable[[Sequence[Drawable]], list[bytes] | None]

T = TypeVar("T")


def find_browser() -> str | None:
    """The installed Chromium, or None. ``XEPLOAI_CHROMIUM=""`` turns images off."""
    for var in ("XEPLOAI_CHROMIUM", "BROWSER_PATH"):
        if var in os.environ:
            value = os.environ[var]
            return value if value and Path(value).is_file() else None
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _plotly_js() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


class KeptBrowser:
    """One Chromium, opened by the first report, kept for the next ones (see the module)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # one report at a time
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido: Any = None
        self._path: str | None = None
        self._idle: asyncio.TimerHandle | None = None
        self._reloading: asyncio.Future[None] | None = None  # the tab's, after a report
        self.starts = 0  # browsers started in this process (the tests read it)

    @property
    def process(self) -> Any:
        """The kept browser's process (``subprocess.Popen``), or None when none is open."""
        return None if self._kaleido is None else self._kaleido.subprocess

    def _run(self, coroutine: Coroutine[Any, Any, T], timeout: float) -> T:
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
            threading.Thread(
                target=self._loop.run_forever, name="xeploai-kaleido", daemon=True
            ).start()
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout)
        except TimeoutError:
            future.cancel()
            raise

    def render(
        self, browser: str, figures: Sequence[Drawable], width: int, height: int, scale: float
    ) -> list[bytes]:
        """PNG bytes of each figure; raises when the browser fails (and closes it)."""
        with self._lock:
            try:
                return self._run(
                    self._render(browser, figures, width, height, scale),
                    RENDER_TIMEOUT_S * (len(figures) + 1),
                )
            except BaseException:
                self.close()
                raise

    def close(self) -> None:
        """Close the browser now (a failure, the process's exit, a test)."""
        if self._loop is not None:
            with contextlib.suppress(Exception):
                self._run(self._close(), CLOSE_TIMEOUT_S)

    async def _render(
        self, browser: str, figures: Sequence[Drawable], width: int, height: int, scale: float
    ) -> list[bytes]:
        if self._idle is not None:
            self._idle.cancel()
            self._idle = None
        kept = self._kaleido
        if kept is not None and (self._path != browser or kept.subprocess.poll() is not None):
            await self._close()  # another browser asked for, or this one has died
        if self._kaleido is None:
            started = _kaleido()(
                path=browser,
                plotlyjs=str(_plotly_js()),
                mathjax=False,
                n=1,
                timeout=RENDER_TIMEOUT_S,
            )
            self._kaleido, self._path = started, browser
            self.starts += 1
            await started.open()
        out: list[bytes] = []
        for fig in figures:
            # plotly.js draws the plain dict (a go.Figure made of it checked plotly's whole
            # default template: 0,1 s a chart). On white paper; the size and the type are the
            # figure's own (laid out for it).
            spec = fig.to_dict()
            layout = {**spec["layout"], "paper_bgcolor": "white", "plot_bgcolor": "white"}
            out.append(
                await self._kaleido.calc_fig(
                    {"data": spec["data"], "layout": layout},
                    opts={
                        "format": "png",
                        "width": layout.get("width") or width,
                        "height": layout.get("height") or height,
                        "scale": scale,
                    },
                )
            )
        # the next report's figures wait for the tab until it is back
        self._reloading = asyncio.ensure_future(self._kaleido.reload_tabs())
        self._reloading.add_done_callback(_reload_failed)
        self._idle = asyncio.get_running_loop().call_later(
            KEEP_S, lambda: asyncio.ensure_future(self._close())
        )
        return out

    async def _close(self) -> None:
        if self._idle is not None:
            self._idle.cancel()
            self._idle = None
        if self._reloading is not None:
            self._reloading.cancel()
            self._reloading = None
        kept, self._kaleido = self._kaleido, None
        if kept is not None:
            readers = _pipe_readers(kept)
            try:
                with contextlib.suppress(Exception):
                    await kept.close()
            finally:
                # A close cut short (the report's time ran out while the old browser was being
                # closed, on a loaded machine) must not leave that Chromium running.
                process = getattr(kept, "subprocess", None)
                if process is not None and process.poll() is None:
                    process.kill()
            await _readers_ended(readers)


@functools.cache
def _kaleido() -> Any:
    """kaleido's ``Kaleido``, its tabs reloaded when ``reload_tabs`` is awaited (after a
    report's figures) rather than after each figure (the module's docstring)."""
    import kaleido

    class ReloadedOnce(kaleido.Kaleido):  # type: ignore[misc]
        async def _return_kaleido_tab(self, tab: Any) -> None:
            await self.tabs_ready.put(tab)

        async def reload_tabs(self) -> None:
            tab = await self._get_kaleido_tab()
            try:
                await tab.reload()
            finally:
                await self.tabs_ready.put(tab)

    return ReloadedOnce


def _reload_failed(reloading: asyncio.Future[None]) -> None:
    """A tab that did not reload is said in the log; the next report's figures fail on it,
    and it closes the browser (``render``)."""
    if not reloading.cancelled() and reloading.exception() is not None:
        log.warning("the chart tab did not reload: %r", reloading.exception())


def _pipe_readers(kept: Any) -> list[threading.Thread]:
    """The threads that read the browser's pipe (choreographer 1.4's broker's own)."""
    executor = getattr(getattr(kept, "_broker", None), "_executor", None)
    return list(getattr(executor, "_threads", []))


async def _readers_ended(readers: list[threading.Thread]) -> None:
    """Wait (``CLOSE_TIMEOUT_S`` at most) until a closed browser's pipe readers have ended.

    choreographer's ``Browser.close`` waits 2 s for them, then closes the pipe's descriptors
    and returns; on a loaded machine a reader can still be running. Its ``os.read`` names the
    descriptor by number, and the next browser's pipe takes the same numbers: a reader left
    over would read (and lose) part of the new browser's messages, whose answer then never
    comes ("JSONError decoding message", then the report's time runs out). So no new browser
    is started while one is left.
    """
    alive = [t for t in readers if t.is_alive()]
    if not alive:
        return

    def join() -> None:
        end = time.monotonic() + CLOSE_TIMEOUT_S
        for thread in alive:
            thread.join(max(0.0, end - time.monotonic()))

    await asyncio.get_running_loop().run_in_executor(None, join)
    if any(t.is_alive() for t in alive):
        log.warning("a closed browser's pipe reader is still running")


BROWSER = KeptBrowser()
atexit.register(BROWSER.close)


def render_png(
    figures: Sequence[Drawable], *, width: int = 900, height: int = 420, scale: float = 2.0
) -> list[bytes] | None:
    """PNG bytes of each figure, or None when no static renderer works here."""
    browser = find_browser()
    if browser is None or not figures:
        return None
    try:
        return BROWSER.render(browser, figures, width, height, scale)
    except Exception as exc:  # any failure of the renderer means "tables only"
        log.warning("static charts unavailable: %r", exc)
        return None


def no_images(figures: Sequence[Drawable]) -> list[bytes] | None:
    """The renderer of a machine without a browser."""
    return None
