"""plotly_early.py: plotly.js served under a versioned address; a page that will draw names it in
its head; nothing else changes.

The middleware runs here in front of a stand-in for Streamlit that answers as Streamlit does
(the page's HTML with its ETag, date and ranges; compressed when asked) and records what it
was asked. Coroutines run in a thread of their own: Playwright's sync API keeps an event loop
running in a test worker that has driven a browser, where ``asyncio.run`` refuses.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from starlette.routing import Router

from plotly_early import (
    PLOTLY_FILE,
    PLOTLY_JS,
    TAG,
    WARM_UP,
    EarlyPlotly,
    plotly_address,
    plotly_route,
    with_plotly,
)
from xeploai.access.login import LOGIN_PATH

NAME = "plotly-9.9.9.min.js"
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
    name: str = NAME,
) -> tuple[int, dict[bytes, bytes], bytes]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: Any) -> None:
        sent.append(dict(message))

    scope = {"type": kind, "method": method, "path": "/xu-huong", "headers": headers}
    middleware = EarlyPlotly(app, name=name, login_off=lambda: login_off)
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
    tag = TAG.format(address=f"./xl/{NAME}").encode()
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
    assert body == PAGE.replace(
        b"</head>", TAG.format(address=f"./xl/{NAME}").encode() + b"</head>"
    )


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
    warm_up = WARM_UP.format(address=f"./xl/{NAME}", login=LOGIN_PATH).encode()
    assert body == PAGE.replace(b"</head>", warm_up + b"</head>")
    assert TAG.format(address=f"./xl/{NAME}").encode() not in body  # not evaluated before the form
    assert f'form[action$="{LOGIN_PATH}"]'.encode() in warm_up  # the form, by its post
    assert f'import("./xl/{NAME}")'.encode() in warm_up
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


def test_plotly_js_is_served_under_its_version_and_kept_a_year() -> None:
    # the tags, the warm-up and the chart element ask for one address: one module evaluated
    assert PLOTLY_FILE.startswith("plotly-") and PLOTLY_FILE.endswith(".min.js")
    assert plotly_address() == f"./xl/{PLOTLY_FILE}"
    assert f"./xl/{PLOTLY_FILE}" in TAG.format(address=plotly_address())
    for base in ("", "/app"):
        router = Router(routes=[plotly_route(base)])
        status, headers, body = asgi_get(router, f"{base}/xl/{PLOTLY_FILE}")
        assert status == 200 and body == PLOTLY_JS.read_bytes()
        assert headers[b"content-type"].startswith(b"text/javascript")
        assert headers[b"cache-control"] == b"public, max-age=31536000, immutable"
        assert b"window.Plotly = Plotly" in body  # a module that sets the global
        # another version's address, or the folder itself, is not served
        assert asgi_get(router, f"{base}/xl/plotly-0.0.0.min.js")[0] == 404
        assert asgi_get(router, f"{base}/xl/")[0] == 404


def asgi_get(app: Any, path: str) -> tuple[int, dict[bytes, bytes], bytes]:
    sent: list[dict[str, Any]] = []
    asked: list[bool] = []

    async def receive() -> dict[str, Any]:
        # the request once; then a client that stays connected (a file answer listens for a
        # disconnect while it streams, and stops listening once it is sent)
        if asked:
            await asyncio.Event().wait()
        asked.append(True)
        return {"type": "http.request", "body": b""}

    async def send(message: Any) -> None:
        sent.append(dict(message))

    scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"localhost")],
    }
    run(app(scope, receive, send))
    body = b"".join(m.get("body", b"") for m in sent[1:])
    return sent[0]["status"], dict(sent[0]["headers"]), body


def test_the_default_name_is_the_served_file() -> None:
    _, _, body = get(Streamlit(), [HTML, SIGNED_IN], name=PLOTLY_FILE)
    assert TAG.format(address=plotly_address()).encode() in body
