"""The deployment as users meet it: Debian's nginx, configured by deploy/nginx/xeploai.conf, in
front of two app processes, TLS ended by nginx. Through it a browser signs in (the login post's
same-site check and its cookie pass the proxy; the cookie is Secure because the browser used
https), switches pages (the WebSocket is upgraded), and downloads an export (the download is
served by the process that holds the session: the route cookie keeps the browser on one).
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.helpers import ROOT, free_port, start_app, stop_app, wait_ready
from tests.conftest import cheap_hashes
from xeploai.access.users import AuthStore, auth_path

pytestmark = pytest.mark.browser

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SITE = ROOT / "deploy" / "nginx" / "xeploai.conf"
LOGIN_FORM = "form.xeploai-login"

MAIN = """
daemon off;
master_process on;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    log_format routed '$request_method $uri $status $upstream_addr $cookie_xeploai_route';
    access_log {dir}/access.log routed;
    include {dir}/site.conf;
}}
"""


def site_for_test(apps: list[int], http_port: int, https_port: int, cert: Path, key: Path) -> str:
    """deploy/nginx/xeploai.conf with this machine's settings: the lines marked "setting"
    (the app processes, the certificate) and the listening ports; nothing else changed."""
    text = SITE.read_text(encoding="utf-8")
    servers = "".join(f"    server 127.0.0.1:{port};\n" for port in apps)
    text, n = re.subn(r"(    server 127\.0\.0\.1:\d+;.*\n)+", servers, text)
    assert n == 1
    text = text.replace("/etc/xeploai/tls/fullchain.pem", str(cert))
    text = text.replace("/etc/xeploai/tls/privkey.pem", str(key))
    text = re.sub(r"listen \[::\]:\d+.*;\n", "", text)
    text = text.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
    text = text.replace("listen 443 ssl;", f"listen 127.0.0.1:{https_port} ssl;")
    return text


@pytest.fixture(scope="module")
def proxied(
    demo_db_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    """https://127.0.0.1:PORT — nginx in front of two app processes serving one database."""
    work = tmp_path_factory.mktemp("proxy")
    db = work / "served.duckdb"
    shutil.copy(demo_db_path, db)
    with cheap_hashes():
        AuthStore(auth_path(db)).ensure_demo_accounts()
    cert, key = work / "cert.pem", work / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    apps = [start_app(db, {"XEPLOAI_AUTH": ""}) for _ in range(2)]
    ports = [int(url.rsplit(":", 1)[1]) for _, url in apps]
    http_port, https_port = free_port(), free_port()
    (work / "site.conf").write_text(site_for_test(ports, http_port, https_port, cert, key))
    (work / "nginx.conf").write_text(MAIN.format(dir=work))
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (work / sub).mkdir()
    check = subprocess.run(
        [NGINX, "-t", "-c", str(work / "nginx.conf")], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    nginx = subprocess.Popen([NGINX, "-c", str(work / "nginx.conf")], stderr=subprocess.PIPE)
    _listening(nginx, [http_port, https_port])
    try:
        yield f"https://127.0.0.1:{https_port}", work
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        for proc, _ in apps:
            stop_app(proc)


def _listening(nginx: subprocess.Popen[bytes], ports: list[int]) -> None:
    """Until nginx accepts connections on its ports: the browser's first request would
    otherwise race its start (seen refused on a loaded machine). A nginx that exits fails."""
    deadline = time.monotonic() + 60
    for port in ports:
        while True:
            if nginx.poll() is not None:
                err = nginx.stderr.read().decode(errors="replace") if nginx.stderr else ""
                pytest.fail(f"nginx ended (exit {nginx.returncode}): {err}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"nginx does not listen on {port} after 60 s")
                time.sleep(0.05)


def test_sign_in_switch_pages_and_download_through_nginx(
    browser: Any, proxied: tuple[str, Path]
) -> None:
    url, work = proxied
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
        assert cookies["xeploai_session"]["secure"]  # https seen through the proxy
        assert cookies["xeploai_session"]["httpOnly"]
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
    assert any(parts[1].startswith("/media/") for parts in mine)
    assert len({parts[3] for parts in mine}) == 1


def test_plain_http_is_sent_to_https(proxied: tuple[str, Path]) -> None:
    _, work = proxied
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
