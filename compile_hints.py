"""plotly.js compiled while it downloads: Streamlit's plotly chunk served with V8's compile hint.

Streamlit's plotly element is one 4,7 MB module (``static/js/PlotlyChart.<hash>.js``). Chromium
compiles a script's functions lazily, on the page's main thread, when each is first called, and
plotly.js calls hundreds of them as it loads: the first page with a chart after a login spent
some 670 ms parsing functions inside an 850 ms evaluation of that module. A browser that had been
here before did no better (its code cache was not used for this module: measured, see
docs/PERFORMANCE.md). The magic comment ``//# allFunctionsCalledOnLoad`` on the file's first line
(V8's explicit compile hints, Chrome 136 and later) makes V8 compile every function eagerly on
the background thread that streams the file in as it arrives; the module then evaluates in
about 20 ms. Other browsers read a comment.

Served by a middleware in front of Streamlit's routes (the ``/static/`` prefix is reserved to
them, so a route cannot take it); every other request passes through untouched. Wired in by
server.py. Not in ui/: importing that package loads the cached page helpers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HINT = b"//# allFunctionsCalledOnLoad\n"
# The chunks that get it, as globs under Streamlit's static/js. Only plotly's: the hint on
# Streamlit's own entry chunk (480 KB) gained nothing in turns (after login 1.305/1.335 ms
# without it, 1.429/1.395 with it).
HINTED = ("PlotlyChart.*.js",)
# As Streamlit serves its hashed chunks: a changed file gets a new name.
CACHE_CONTROL = b"public, immutable, max-age=31536000"

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


@dataclass(frozen=True)
class Chunk:
    body: bytes
    etag: bytes  # quoted, as in the header


def hinted_chunks(static_dir: Path | None = None) -> dict[str, Chunk]:
    """The chunks served with the hint, by their address under the site's root
    (``/static/js/…``), read from Streamlit's static folder (by default the installed one's)."""
    if static_dir is None:
        from streamlit import file_util

        static_dir = Path(file_util.get_static_dir())
    chunks = {}
    for pattern in HINTED:
        for path in sorted((static_dir / "static" / "js").glob(pattern)):
            body = HINT + path.read_bytes()
            digest = hashlib.md5(body, usedforsecurity=False).hexdigest()
            chunks[f"/static/js/{path.name}"] = Chunk(body, f'"{digest}"'.encode())
    return chunks


def _matches(if_none_match: bytes, etag: bytes) -> bool:
    tags = [t.strip() for t in if_none_match.split(b",")]
    return b"*" in tags or etag in tags or b"W/" + etag in tags


class CompileHints:
    """ASGI middleware: a GET or HEAD of a hinted chunk is answered here (200, or 304 to a
    browser that holds this very file); anything else goes on to ``app``.

    ``base``: the site's URL prefix (None: ``server.baseUrlPath``, read at the first request,
    when Streamlit's configuration is loaded); ``static_dir``: Streamlit's static folder."""

    def __init__(
        self, app: ASGIApp, *, base: str | None = None, static_dir: Path | None = None
    ) -> None:
        self.app = app
        self._base = base
        self._static_dir = static_dir
        self._chunks: dict[str, Chunk] | None = None

    def chunks(self) -> dict[str, Chunk]:
        """The hinted chunks by their full path (read once; the first requests may read them
        twice, to the same result)."""
        if self._chunks is None:
            if self._base is None:
                from auth_routes import base_path

                self._base = base_path()
            self._chunks = {
                self._base + path: chunk for path, chunk in hinted_chunks(self._static_dir).items()
            }
        return self._chunks

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            chunk = self.chunks().get(scope["path"])
            if chunk is not None:
                await _answer(scope, send, chunk)
                return
        await self.app(scope, receive, send)


async def _answer(scope: Scope, send: Send, chunk: Chunk) -> None:
    headers = [(b"cache-control", CACHE_CONTROL), (b"etag", chunk.etag)]
    asked = b",".join(v for k, v in scope.get("headers", ()) if k.lower() == b"if-none-match")
    if asked and _matches(asked, chunk.etag):
        await send({"type": "http.response.start", "status": 304, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
        return
    headers += [
        (b"content-type", b"application/javascript"),
        (b"content-length", str(len(chunk.body)).encode()),
    ]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    body = b"" if scope["method"] == "HEAD" else chunk.body
    await send({"type": "http.response.body", "body": body})
