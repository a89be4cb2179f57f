"""plotly_early.py: a page that will draw names plotly's module in its head; nothing else changes.

The middleware runs here in front of a stand-in for Streamlit that answers as Streamlit does
(the page's HTML with its ETag, date and ranges; compressed when asked) and records what it
was asked. Coroutines run in a thread of their own: Playwright's sync API keeps an event loop
running in a test worker that has driven a browser, where ``asyncio.run`` refuses.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from plotly_early import TAG, WARM_UP, EarlyPlotly, plotly_chunk, with_plotly
from xeploai.access.login import LOGIN_PATH

NAME = "PlotlyChart.AbC123.js"
PAGE = (
    b'<!doctype html><html><head><script type="module" src="./static/js/index.X.js"></script>'
    b'</head><body><div id="root"></div></body></html>'
)
SIGNED_IN = (b"cookie", b"other=1; xeploai_session=s3cr3t")
HTML = (b"accept", b"text/html,application/xhtml+xml,*/*;q=0.8")


def run(coro: Coroutine[Any, Any, Any]) -> Any:
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


class Streamlit:
    """Answers every request with ``body`` (in two parts, as a file is streamed) and keeps
    the scope it was given."""

    def __init__(
        self,
        body: bytes = PAGE,
        kind: bytes = b"text/html; charset=utf-8",
        status: int = 200,
        compressed: bool = False,  # whether asked or not
    ) -> None:
        self.body, self.kind, self.status, self.compressed = body, kind, status, compressed
        self.scope: dict[str, Any] | None = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.scope = dict(scope)
        asked = b",".join(v for k, v in scope["headers"] if k == b"accept-encoding")
        headers = [
            (b"content-type", self.kind),
            (b"content-length", str(len(self.body)).encode()),
            (b"etag", b'"streamlit-file"'),
            (b"last-modified", b"Fri, 04 Dec 2026 18:36:32 GMT"),
            (b"accept-ranges", b"bytes"),
            (b"cache-control", b"no-cache"),
        ]
        if b"gzip" in asked or self.compressed:
            headers.append((b"content-encoding", b"gzip"))  # a stand-in: the bytes stay
        await send({"type": "http.response.start", "status": self.status, "headers": headers})
        half = len(self.body) // 2
        await send({"type": "http.response.body", "body": self.body[:half], "more_body": True})
        await send({"type": "http.response.body", "body": self.body[half:]})


def get(
    app: Streamlit,
    headers: list[tuple[bytes, bytes]],
    *,
    method: str = "GET",
    login_off: bool = False,
    kind: str = "http",
    chunk: str | None = NAME,
) -> tuple[int, dict[bytes, bytes], bytes]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: Any) -> None:
        sent.append(dict(message))

    scope = {"type": kind, "method": method, "path": "/xu-huong", "headers": headers}
    middleware = EarlyPlotly(app, chunk=chunk, login_off=lambda: login_off)
    run(middleware(scope, receive, send))
    start = sent[0]
    body = b"".join(m.get("body", b"") for m in sent[1:])
    return start["status"], dict(start["headers"]), body


def test_a_signed_in_page_names_plotly_in_its_head_and_is_sent_whole() -> None:
    app = Streamlit()
    status, headers, body = get(
        app,
        [HTML, SIGNED_IN, (b"accept-encoding", b"gzip, br"), (b"if-none-match", b'"x"')],
    )
    tag = TAG.format(name=NAME).encode()
    assert status == 200
    assert body == PAGE.replace(b"</head>", tag + b"</head>")
    assert body.index(tag) > body.index(b"index.X.js")  # after Streamlit's own entry
    assert headers[b"content-length"] == str(len(body)).encode()
    # what described Streamlit's file is gone: no revalidation against it, no ranges of it
    assert not {b"etag", b"last-modified", b"accept-ranges", b"content-encoding"} & set(headers)
    assert headers[b"cache-control"] == b"no-cache"
    # Streamlit was asked for its whole file, uncompressed
    assert app.scope is not None
    asked = {k for k, _ in app.scope["headers"]}
    assert asked == {b"accept", b"cookie"}


def test_with_the_login_off_every_page_names_plotly_in_its_head() -> None:
    # no form will be drawn: the module itself, not the form's warm-up
    _, _, body = get(Streamlit(), [HTML], login_off=True)
    assert body == PAGE.replace(b"</head>", TAG.format(name=NAME).encode() + b"</head>")


@pytest.mark.parametrize(
    "cookie",
    [
        [],  # no session yet
        [(b"cookie", b"xeploai_session=")],  # an emptied cookie
        [(b"cookie", b"xeploai_login_notice=1")],  # only the form's notice
    ],
)
def test_a_page_that_will_ask_for_the_login_imports_plotly_once_the_form_shows(
    cookie: list[tuple[bytes, bytes]],
) -> None:
    app = Streamlit()
    _, headers, body = get(app, [HTML, *cookie, (b"if-none-match", b'"x"')])
    warm_up = WARM_UP.format(name=NAME, login=LOGIN_PATH).encode()
    assert body == PAGE.replace(b"</head>", warm_up + b"</head>")
    assert TAG.format(name=NAME).encode() not in body  # not evaluated before the form
    assert f'form[action$="{LOGIN_PATH}"]'.encode() in warm_up  # the form, by its post
    assert f'import("./static/js/{NAME}")'.encode() in warm_up
    assert headers[b"content-length"] == str(len(body)).encode() and b"etag" not in headers
    assert app.scope is not None
    assert {k for k, _ in app.scope["headers"]} == {b"accept", *dict(cookie)}


def test_a_request_for_no_page_passes_untouched() -> None:
    # a script, a style, a fetch: the browser does not ask for HTML
    app = Streamlit()
    headers = [SIGNED_IN, (b"accept", b"*/*"), (b"accept-encoding", b"gzip")]
    status, answer, body = get(app, headers)
    assert status == 200 and body == PAGE
    assert answer[b"etag"] == b'"streamlit-file"' and answer[b"content-encoding"] == b"gzip"
    assert app.scope is not None and app.scope["headers"] == headers


def test_a_head_request_and_a_websocket_pass_untouched() -> None:
    app = Streamlit()
    _, answer, body = get(app, [HTML, SIGNED_IN], method="HEAD")
    assert body == PAGE and answer[b"etag"] == b'"streamlit-file"'
    app = Streamlit()
    _, _, body = get(app, [HTML, SIGNED_IN], kind="websocket")
    assert body == PAGE


@pytest.mark.parametrize(
    ("body", "kind", "status", "compressed"),
    [
        (b'{"a": 1}', b"application/json", 200, False),  # not HTML
        (b"<html><head></head><body>gone</body></html>", b"text/html", 404, False),  # no page
        (PAGE, b"text/html", 200, True),  # compressed all the same: its bytes are not HTML
    ],
)
def test_an_answer_other_than_the_page_goes_out_as_it_came(
    body: bytes, kind: bytes, status: int, compressed: bool
) -> None:
    app = Streamlit(body, kind, status, compressed)
    got_status, answer, got = get(app, [HTML, SIGNED_IN])
    assert (got_status, got) == (status, body)
    assert answer[b"etag"] == b'"streamlit-file"'


@pytest.mark.parametrize("signed_in", [True, False])
def test_the_tag_goes_in_once_and_only_into_a_head(signed_in: bool) -> None:
    once = with_plotly(PAGE, NAME, signed_in=signed_in)
    assert with_plotly(once, NAME, signed_in=signed_in) == once
    assert with_plotly(once, NAME, signed_in=not signed_in) == once
    assert once.count(NAME.encode()) == 1
    headless = b"<html><body>no head</body></html>"
    assert with_plotly(headless, NAME, signed_in=signed_in) == headless


def test_the_installed_streamlit_has_one_plotly_module(tmp_path: Path) -> None:
    # a Streamlit that renamed or split its plotly element would quietly lose the gain
    name = plotly_chunk()
    assert name is not None and name.startswith("PlotlyChart.") and name.endswith(".js")
    js = tmp_path / "static" / "js"
    js.mkdir(parents=True)
    assert plotly_chunk(tmp_path) is None
    (js / "PlotlyChart.a.js").write_text("")
    assert plotly_chunk(tmp_path) == "PlotlyChart.a.js"
    (js / "PlotlyChart.b.js").write_text("")
    assert plotly_chunk(tmp_path) is None  # two: which one Streamlit imports is not known


def test_without_a_plotly_module_nothing_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    import plotly_early

    monkeypatch.setattr(plotly_early, "plotly_chunk", lambda static_dir=None: None)
    plotly_early._installed_chunk.cache_clear()
    try:
        app = Streamlit()
        status, answer, body = get(app, [HTML, SIGNED_IN], chunk=None)
    finally:
        plotly_early._installed_chunk.cache_clear()
    assert (status, body) == (200, PAGE) and answer[b"etag"] == b'"streamlit-file"'
