"""plotly.js for the pages' charts: served by the app, and evaluated before the first chart
needs it (under the login form, and in the head of a signed-in page).

The charts are drawn by the page's own element (``ui/plotly_chart.py``) with the plotly
package's ``plotly.min.js`` (4,8 MB, the file the exports use), served here under
``<base>/xl/plotly-<version>.min.js``: its name carries plotly.js's version, so a browser keeps
it a year. Chromium evaluates it for some 850 ms on the page's thread, most of it compiling
plotly's functions, and no chart is drawn before that ends.

The compiled functions outlive the page. The next page of the same site in the same tab (the
login form's post and its redirect) finds them compiled, and evaluates the file in a fraction
of that. So:

- **under the login form**, once the form is drawn, the page imports the file while the user
  types (an inline script watching for the form; the form is drawn first, as before);
- **a signed-in page** (its session cookie, or any page with the login off) names the file in
  its head, so a page opened by its address evaluates it while Streamlit boots and the server
  runs the page, not after.

Measured in turns, 8 logins each (docs/PERFORMANCE.md), with Streamlit's plotly module then
(twenty-seventh stop): the first page after login, the form typed for 2 s, 2,2–2,5 s → 1,4–1,6
s; the form shown as soon as before (1,0–1,1 s). Both tags and the chart element import the
same address, so the browser holds one module and evaluates it once.

The answer so made is never revalidated against Streamlit's unchanged page (its ETag and date
are dropped, the request's conditions too), nor compressed by Streamlit (the page is 8 KB; the
proxy may compress it).

Wired in by server.py. Not in ui/: importing that package loads the cached page helpers.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

import plotly
from plotly.offline import get_plotlyjs_version
from starlette.requests import HTTPConnection, Request
from starlette.responses import FileResponse
from starlette.routing import Route

from xeploai.access.login import LOGIN_PATH, SESSION_COOKIE, auth_disabled

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
PLOTLY_FILE = f"plotly-{get_plotlyjs_version()}.min.js"  # a new version, a new address
FOLDER = "xl"  # the app's own files, beside Streamlit's static/
TAG = '<script type="module" crossorigin src="{address}"></script>'
# Under the login form (the form posts to LOGIN_PATH): the module once the form has been
# painted (two animation frames after it appears), not before.
WARM_UP = (
    '<script type="module">new MutationObserver((_, watch) => {{'
    " if (!document.querySelector('form[action$=\"{login}\"]')) return; watch.disconnect();"
    ' requestAnimationFrame(() => requestAnimationFrame(() => import("{address}")));'
    " }}).observe(document, {{ childList: true, subtree: true }});</script>"
)
# a request's headers that would let Streamlit answer for its file, not for this page
_CONDITIONS = {b"accept-encoding", b"if-none-match", b"if-modified-since", b"if-range", b"range"}
# an answer's headers that describe Streamlit's file, not the page sent
_FILE_HEADERS = {b"content-length", b"etag", b"last-modified", b"accept-ranges"}


def plotly_address(name: str = PLOTLY_FILE) -> str:
    """plotly.js's address (its file ``name``) relative to a page, as the tags, the form's
    warm-up and the chart element ask for it: like Streamlit's own tags in the same head, right
    under any server.baseUrlPath."""
    return f"./{FOLDER}/{name}"


def plotly_route(base: str = "") -> Route:
    """The route that serves plotly.js under ``base`` (``server.baseUrlPath``, "" or "/app"),
    kept by browsers for a year: its address changes with plotly.js's version."""
    return Route(f"{base}/{FOLDER}/{PLOTLY_FILE}", _plotly_js, methods=["GET", "HEAD"])


async def _plotly_js(request: Request) -> FileResponse:
    return FileResponse(
        PLOTLY_JS,
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=31536000, immutable"},
    )


def with_plotly(html: bytes, name: str, *, signed_in: bool = True) -> bytes:
    """The page with the module's tag (``signed_in``) or the form's warm-up at the end of its
    head; as it was when it has no head or names the module already."""
    if b"</head>" not in html or name.encode() in html:
        return html
    address = plotly_address(name)
    tag = (
        TAG.format(address=address)
        if signed_in
        else WARM_UP.format(address=address, login=LOGIN_PATH)
    )
    return html.replace(b"</head>", tag.encode() + b"</head>", 1)


def is_page(scope: Scope) -> bool:
    """A GET of a page: the browser accepts HTML (a script, a style, a fetch does not ask)."""
    return (
        scope["type"] == "http"
        and scope["method"] == "GET"
        and "text/html" in HTTPConnection(scope).headers.get("accept", "")
    )


def signed_in(scope: Scope, login_off: bool) -> bool:
    """Whether the page will draw rather than ask for the login: its session cookie, or no
    login at all. A cookie whose session the server has ended (revoked, a new password) gets
    the form with the module in its head: that form waits for plotly, ~0,75 s."""
    if login_off:
        return True
    return bool(HTTPConnection(scope).cookies.get(SESSION_COOKIE))


class EarlyPlotly:
    """ASGI middleware: a page gets plotly.js in its head, or the login form's warm-up when it
    will ask for the login; every other request and answer passes through untouched.

    ``name``: plotly.js's file name under ``xl/``; ``login_off``: whether the login is off (by
    default ``auth_disabled``, asked at each request)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        name: str = PLOTLY_FILE,
        login_off: Callable[[], bool] = auth_disabled,
    ) -> None:
        self.app = app
        self.name = name
        self._login_off = login_off

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not is_page(scope):
            await self.app(scope, receive, send)
            return
        headers = [(k, v) for k, v in scope["headers"] if k.lower() not in _CONDITIONS]
        inject = _Injecting(send, self.name, signed_in(scope, self._login_off()))
        await self.app({**scope, "headers": headers}, receive, inject)


class _Injecting:
    """The ``send`` of one page's answer: an HTML answer is held until its end and sent with
    the module's tag or the form's warm-up; any other answer goes out as it comes."""

    def __init__(self, send: Send, name: str, signed_in: bool) -> None:
        self.send = send
        self.name = name
        self.signed_in = signed_in
        self.start: Message | None = None
        self.body: list[bytes] = []

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = message.get("headers", [])
            kind = b"".join(v for k, v in headers if k.lower() == b"content-type")
            coded = any(k.lower() == b"content-encoding" for k, _ in headers)
            if message.get("status") == 200 and kind.startswith(b"text/html") and not coded:
                self.start = message
                return
        elif message["type"] == "http.response.body" and self.start is not None:
            self.body.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            page = with_plotly(b"".join(self.body), self.name, signed_in=self.signed_in)
            kept = [(k, v) for k, v in self.start["headers"] if k.lower() not in _FILE_HEADERS]
            length = (b"content-length", str(len(page)).encode())
            await self.send({**self.start, "headers": [*kept, length]})
            await self.send({"type": "http.response.body", "body": page})
            return
        await self.send(message)
