"""The deployment as users meet it: Debian's nginx, configured by deploy/nginx/xeploai.conf, in
front of two app processes, TLS ended by nginx. Through it a browser signs in (the login post's
same-site check and its cookie pass the proxy; the cookie is Secure because the browser used
https), switches pages (the WebSocket is upgraded), and downloads the data (a form posted to the
app's route, the file streamed back through nginx; the route cookie keeps the browser on one
process).
"""

from __future__ import annotations

import gzip
import http.client
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.helpers import LOGIN_FORM, wait_ready
from tests.browser.proxy import Proxy, start_proxy
from tests.conftest import cheap_hashes
from tests.loops import run_alone
from xeploai.access.login import SESSION_COOKIE
from xeploai.access.users import AuthStore, auth_path

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def proxied(demo_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxy]:
    """https://127.0.0.1:PORT — nginx in front of two app processes serving one database."""
    work = tmp_path_factory.mktemp("proxy")
    db = work / "served.duckdb"
    shutil.copy(demo_db_path, db)
    with cheap_hashes():
        AuthStore(auth_path(db)).ensure_demo_accounts()
    proxy = start_proxy(db, work, processes=2)
    try:
        yield proxy
    finally:
        proxy.stop()


def test_sign_in_switch_pages_and_download_through_nginx(browser: Any, proxied: Proxy) -> None:
    url, work = proxied.url, proxied.work
    context = browser.new_context(
        viewport={"width": 1600, "height": 900},
        locale="vi-VN",
        accept_downloads=True,
        ignore_https_errors=True,
    )
    page = context.new_page()
    try:
        page.goto(url)
        wait_ready(page)
        page.wait_for_selector(LOGIN_FORM, timeout=30_000)
        page.get_by_label("Tên đăng nhập").fill("bantochuc")
        page.get_by_label("Mật khẩu").fill("demo")
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_selector("[data-testid=stMetric]", timeout=60_000)
        wait_ready(page)
        cookies = {c["name"]: c for c in context.cookies()}
        assert cookies[SESSION_COOKIE]["secure"]  # https seen through the proxy
        assert cookies[SESSION_COOKIE]["httpOnly"]
        assert "xeploai_route" in cookies

        page.get_by_role("link", name="Nhập dữ liệu").click()
        wait_ready(page)
        button = page.get_by_role("button", name="Tải toàn bộ dữ liệu hiện có (.xlsx)")
        button.wait_for(timeout=60_000)
        with page.expect_download(timeout=120_000) as info:
            button.click()
        saved = work / "export.xlsx"
        info.value.save_as(saved)
        assert saved.read_bytes()[:2] == b"PK" and saved.stat().st_size > 10_000
        assert page.locator("[data-testid=stException]").count() == 0
    finally:
        context.close()

    # every request of this browser went to one process, the WebSocket's included
    route = cookies["xeploai_route"]["value"]
    lines = [line.split() for line in (work / "access.log").read_text().splitlines()]
    mine = [parts for parts in lines if parts[-1] == route]
    assert any(parts[1] == "/_stcore/stream" and parts[2] == "101" for parts in mine)
    # the data's download: the form posted to the app's route, streamed back through nginx
    assert any(parts[1] == "/xuat-du-lieu" and parts[2] == "200" for parts in mine)
    assert len({parts[3] for parts in mine}) == 1


def test_plain_http_is_sent_to_https(proxied: Proxy) -> None:
    work = proxied.work
    site = (work / "site.conf").read_text()
    http_port = re.search(r"listen 127\.0\.0\.1:(\d+);", site)
    assert http_port is not None
    out = subprocess.run(
        [
            "python3",
            "-c",
            (
                "import http.client as h; c = h.HTTPConnection('127.0.0.1', "
                f"{http_port.group(1)}); c.request('GET', '/tra-cuu'); r = c.getresponse(); "
                "print(r.status, r.getheader('Location'))"
            ),
        ],
        capture_output=True,
        text=True,
    )
    assert out.stdout.split()[0] == "301"
    assert out.stdout.split()[1].startswith("https://127.0.0.1")


def _get(proxy: Proxy, path: str, encoding: str | None) -> tuple[int, dict[str, str], bytes]:
    host, port = proxy.url.removeprefix("https://").split(":")
    connection = http.client.HTTPSConnection(host, int(port), context=proxy.ssl_context())
    try:
        connection.request("GET", path, headers={"Accept-Encoding": encoding} if encoding else {})
        answer = connection.getresponse()
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read()
    finally:
        connection.close()


def test_streamlits_scripts_go_out_compressed_and_the_pages_do_not(proxied: Proxy) -> None:
    from streamlit import file_util

    from plotly_early import PLOTLY_JS, plotly_address

    static = Path(file_util.get_static_dir())
    # Streamlit's entry module, named by a hash, as its page names it
    page = (static / "index.html").read_text()
    [entry] = re.findall(r'src="\./(static/js/index\.[^"]+\.js)"', page)
    files = {
        f"/{entry}": (static / entry).read_bytes(),
        plotly_address().removeprefix("."): PLOTLY_JS.read_bytes(),  # the app's plotly.js
    }
    for path, original in files.items():
        status, headers, body = _get(proxied, path, "gzip, deflate, br")
        assert status == 200 and headers.get("content-encoding") == "gzip", path
        assert "Accept-Encoding" in headers.get("vary", "")
        assert gzip.decompress(body) == original
        assert len(body) < len(original) / 2  # plotly.js: 4,8 MB → about 1,5
        # a client that asks for no compression gets the file as it is
        status, headers, body = _get(proxied, path, None)
        assert status == 200 and "content-encoding" not in headers and body == original
    # the site's pages are not compressed by the proxy
    status, headers, body = _get(proxied, "/", "gzip")
    assert status == 200 and headers.get("content-encoding") != "gzip"
    assert b"<html" in body.lower()


def _sessions(proxy: Proxy, n: int, switches: int) -> list[Any]:
    """bench/serverload.py's clients, run in a thread of their own (``run_alone``: the browser
    test above keeps Playwright's loop running in this one)."""
    from bench.serverload import run_sessions

    return run_alone(run_sessions(proxy.url, proxy.ssl_context(), n, switches))


def test_the_server_load_benchmarks_clients_sign_in_and_change_years_through_nginx(
    proxied: Proxy,
) -> None:
    # bench/serverload.py's clients, as the benchmark runs them: through nginx and its TLS,
    # the login form posted, the page's websocket, its runs asked and read to their end
    sessions = _sessions(proxied, 2, switches=3)
    assert [s.errors for s in sessions] == [[], []]
    for s in sessions:
        assert s.first_load is not None and s.first_load > 0
        assert len(s.redraws) == 3 and all(r > 0 for r in s.redraws)
    # each client's websocket held on one process by the route cookie nginx gave its login
    lines = [line.split() for line in (proxied.work / "access.log").read_text().splitlines()]
    streams = [p for p in lines if p[1] == "/_stcore/stream" and p[2] == "101"]
    routes: dict[str, set[str]] = {}
    for parts in streams:
        assert parts[-1] != "-"  # the route cookie came with the websocket
        routes.setdefault(parts[-1], set()).add(parts[3])
    assert len(routes) >= 2 and all(len(upstreams) == 1 for upstreams in routes.values())


def test_the_server_load_benchmark_counts_a_refused_sign_in(
    proxied: Proxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bench.load

    monkeypatch.setattr(bench.load, "account", lambda permission="view": ("lanhdao", "sai"))
    [session] = _sessions(proxied, 1, switches=1)
    assert session.first_load is None and session.redraws == []
    assert session.errors == ["RuntimeError: not signed in (HTTP 303)"]
