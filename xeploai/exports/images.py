"""Static chart images (PNG) for the Word report: kaleido 1.x driving the system Chromium.

Nothing is downloaded at run time: the browser is the one installed on the machine (Debian
``chromium``; ``$XEPLOAI_CHROMIUM`` or choreographer's ``$BROWSER_PATH`` may name another),
plotly.js is the copy inside the plotly package, and MathJax (a CDN script by default) is
switched off. Vietnamese diacritics need a font that has them: the figures ask for Noto Sans
(Debian ``fonts-noto-core``). When no browser is found, or rendering fails for any reason, the
caller gets ``None`` and the report carries tables only: a missing renderer never stops a report.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

log = logging.getLogger(__name__)

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
RENDER_TIMEOUT_S = 60.0

# A renderer turns figures into PNG bytes, or None when it cannot; tests swap it.
Renderer = Callable[[Sequence[go.Figure]], list[bytes] | None]


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


async def _render(
    browser: str, figures: Sequence[go.Figure], width: int, height: int, scale: float
) -> list[bytes]:
    import kaleido

    out: list[bytes] = []
    async with kaleido.Kaleido(
        path=browser, plotlyjs=str(_plotly_js()), mathjax=False, n=1, timeout=RENDER_TIMEOUT_S
    ) as k:
        for fig in figures:
            fig = go.Figure(fig)
            # On white paper; the size and the type are the figure's own (laid out for it).
            fig.update_layout(paper_bgcolor="white", plot_bgcolor="white")
            out.append(
                await k.calc_fig(
                    fig,
                    opts={
                        "format": "png",
                        "width": fig.layout.width or width,
                        "height": fig.layout.height or height,
                        "scale": scale,
                    },
                )
            )
    return out


def render_png(
    figures: Sequence[go.Figure], *, width: int = 900, height: int = 420, scale: float = 2.0
) -> list[bytes] | None:
    """PNG bytes of each figure, or None when no static renderer works here."""
    browser = find_browser()
    if browser is None or not figures:
        return None
    result: dict[str, Any] = {}

    def run() -> None:
        # A fresh event loop in its own thread: Streamlit's script thread may hold one.
        try:
            result["png"] = asyncio.run(_render(browser, figures, width, height, scale))
        except Exception as exc:  # any failure of the renderer means "tables only"
            result["error"] = exc

    worker = threading.Thread(target=run, name="xeploai-kaleido", daemon=True)
    worker.start()
    worker.join(RENDER_TIMEOUT_S * (len(figures) + 1))
    if "png" not in result:
        log.warning("static charts unavailable: %r", result.get("error", "timeout"))
        return None
    pngs: list[bytes] = result["png"]
    return pngs


def no_images(figures: Sequence[go.Figure]) -> list[bytes] | None:
    """The renderer of a machine without a browser."""
    return None
