"""plotly's chunk served with V8's compile hint (compile_hints.py); everything else untouched."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from streamlit import file_util

from compile_hints import HINT, CompileHints, Message, Receive, Scope, Send, hinted_chunks

STATIC = Path(file_util.get_static_dir())


def _static(tmp_path: Path) -> Path:
    js = tmp_path / "static" / "js"
    js.mkdir(parents=True)
    (js / "PlotlyChart.abc123.js").write_bytes(b'import{a}from"./x.js";export{a};')
    (js / "index.def456.js").write_bytes(b"const main = 1;")
    return tmp_path


def _run(coroutine: Coroutine[Any, Any, None]) -> None:
    """Run on a loop of its own, in a thread of its own: a test worker that has driven a
    browser (Playwright's sync API) has a loop running in its main thread."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, coroutine).result()


class _Inner:
    """The app behind the middleware: records what reached it."""

    def __init__(self) -> None:
        self.paths: list[str] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.paths.append(scope.get("path", scope["type"]))
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"inner"})


def _call(
    app: CompileHints,
    path: str,
    method: str = "GET",
    headers: tuple[tuple[bytes, bytes], ...] = (),
) -> tuple[int, dict[bytes, bytes], bytes]:
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    scope: Scope = {"type": "http", "method": method, "path": path, "headers": list(headers)}
    _run(app(scope, receive, send))
    start, body = sent[0], sent[1]
    return start["status"], dict(start["headers"]), body["body"]


def test_the_installed_streamlit_has_one_plotly_chunk_and_it_gets_the_hint() -> None:
    # an upgrade that renamed the chunk would lose the hint without a word: it fails here
    chunks = hinted_chunks()
    assert len(chunks) == 1
    [(path, chunk)] = chunks.items()
    assert path.startswith("/static/js/PlotlyChart.") and path.endswith(".js")
    file = STATIC / path.lstrip("/")
    assert chunk.body == HINT + file.read_bytes()
    assert chunk.body.startswith(b"//# allFunctionsCalledOnLoad\n")
    assert b"plotly" in chunk.body


def test_the_chunk_is_answered_with_the_hint_first(tmp_path: Path) -> None:
    inner = _Inner()
    app = CompileHints(inner, base="", static_dir=_static(tmp_path))
    status, headers, body = _call(app, "/static/js/PlotlyChart.abc123.js")
    assert status == 200
    assert body == b'//# allFunctionsCalledOnLoad\nimport{a}from"./x.js";export{a};'
    assert headers[b"content-type"] == b"application/javascript"
    assert headers[b"content-length"] == str(len(body)).encode()
    assert headers[b"cache-control"] == b"public, immutable, max-age=31536000"
    assert headers[b"etag"].startswith(b'"') and headers[b"etag"].endswith(b'"')
    assert inner.paths == []


def test_head_gives_the_headers_alone(tmp_path: Path) -> None:
    app = CompileHints(_Inner(), base="", static_dir=_static(tmp_path))
    _, got, _ = _call(app, "/static/js/PlotlyChart.abc123.js")
    status, headers, body = _call(app, "/static/js/PlotlyChart.abc123.js", "HEAD")
    assert (status, body) == (200, b"")
    assert headers[b"content-length"] == got[b"content-length"]


@pytest.mark.parametrize(
    ("asked", "status"),
    [
        ("{etag}", 304),
        ("W/{etag}", 304),
        ('"other", {etag}', 304),
        ("*", 304),
        ('"other"', 200),
        ('"{bare}"x', 200),
    ],
)
def test_a_browser_holding_this_file_is_told_so(tmp_path: Path, asked: str, status: int) -> None:
    app = CompileHints(_Inner(), base="", static_dir=_static(tmp_path))
    _, headers, _ = _call(app, "/static/js/PlotlyChart.abc123.js")
    etag = headers[b"etag"].decode()
    value = asked.format(etag=etag, bare=etag.strip('"')).encode()
    got, answer, body = _call(
        app, "/static/js/PlotlyChart.abc123.js", headers=((b"if-none-match", value),)
    )
    assert got == status
    assert answer[b"etag"] == etag.encode()
    assert (body == b"") == (status == 304)


def test_everything_else_goes_on_to_streamlit(tmp_path: Path) -> None:
    inner = _Inner()
    app = CompileHints(inner, base="", static_dir=_static(tmp_path))
    assert _call(app, "/static/js/index.def456.js")[2] == b"inner"
    assert _call(app, "/static/js/PlotlyChart.abc123.js", "POST")[2] == b"inner"
    assert _call(app, "/static/js/PlotlyChart.other.js")[2] == b"inner"
    assert _call(app, "/")[2] == b"inner"
    assert inner.paths == [
        "/static/js/index.def456.js",
        "/static/js/PlotlyChart.abc123.js",
        "/static/js/PlotlyChart.other.js",
        "/",
    ]

    async def nothing() -> Message:
        return {"type": "websocket.connect"}

    async def ignore(message: Message) -> None:
        return None

    _run(app({"type": "websocket", "path": "/_stcore/stream"}, nothing, ignore))
    assert inner.paths[-1] == "/_stcore/stream"


def test_under_a_url_prefix_the_prefixed_address_is_hinted(tmp_path: Path) -> None:
    inner = _Inner()
    app = CompileHints(inner, base="/xeploai", static_dir=_static(tmp_path))
    assert _call(app, "/xeploai/static/js/PlotlyChart.abc123.js")[2].startswith(HINT)
    assert _call(app, "/static/js/PlotlyChart.abc123.js")[2] == b"inner"
