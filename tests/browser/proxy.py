"""The deployment on this machine: Debian's nginx, configured by deploy/nginx/xeploai.conf, in
front of N app processes serving one database, TLS ended by nginx with a certificate made for
the run. The proxy test (test_proxy_browser.py) and the server's load benchmark
(bench/serverload.py) start it here."""

from __future__ import annotations

import re
import shutil
import socket
import ssl
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from tests.browser.helpers import ROOT, free_port, start_app, stop_app

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SITE = ROOT / "deploy" / "nginx" / "xeploai.conf"

MAIN = """
daemon off;
master_process on;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 1024; }}
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


@dataclass
class Proxy:
    url: str  # https://127.0.0.1:PORT
    work: Path  # the configuration, the certificate, nginx's access log
    cert: Path
    apps: list[subprocess.Popen[bytes]]
    nginx: subprocess.Popen[bytes]

    def ssl_context(self) -> ssl.SSLContext:
        """A client's TLS that trusts the run's certificate (and checks it names the host)."""
        return ssl.create_default_context(cafile=str(self.cert))

    def stop(self) -> None:
        self.nginx.terminate()
        try:
            self.nginx.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.nginx.kill()
            self.nginx.wait()
        for proc in self.apps:
            stop_app(proc)


def start_proxy(db_path: Path, work: Path, processes: int = 2) -> Proxy:
    """nginx in front of ``processes`` app processes serving ``db_path`` (its accounts must be
    made already), with the login on; its files in ``work``. ``Proxy.stop`` ends them all."""
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
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    apps: list[subprocess.Popen[bytes]] = []
    ports: list[int] = []
    try:
        for _ in range(processes):
            proc, url = start_app(db_path, {"XEPLOAI_AUTH": ""})
            apps.append(proc)
            ports.append(int(url.rsplit(":", 1)[1]))
    except BaseException:
        for proc in apps:
            stop_app(proc)
        raise
    http_port = free_port()
    https_port = free_port(taken={http_port})
    (work / "site.conf").write_text(site_for_test(ports, http_port, https_port, cert, key))
    (work / "nginx.conf").write_text(MAIN.format(dir=work))
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (work / sub).mkdir(exist_ok=True)
    check = subprocess.run(
        [NGINX, "-t", "-c", str(work / "nginx.conf")], capture_output=True, text=True
    )
    if check.returncode != 0:
        for proc in apps:
            stop_app(proc)
        raise RuntimeError(f"nginx -t: {check.stderr}")
    nginx = subprocess.Popen([NGINX, "-c", str(work / "nginx.conf")], stderr=subprocess.PIPE)
    proxy = Proxy(f"https://127.0.0.1:{https_port}", work, cert, apps, nginx)
    try:
        _listening(nginx, [http_port, https_port])
    except BaseException:
        proxy.stop()
        raise
    return proxy


def _listening(nginx: subprocess.Popen[bytes], ports: list[int]) -> None:
    """Until nginx accepts connections on its ports: the first request would otherwise race
    its start (seen refused on a loaded machine). A nginx that exits fails."""
    deadline = time.monotonic() + 60
    for port in ports:
        while True:
            if nginx.poll() is not None:
                err = nginx.stderr.read().decode(errors="replace") if nginx.stderr else ""
                raise RuntimeError(f"nginx ended (exit {nginx.returncode}): {err}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"nginx does not listen on {port} after 60 s") from None
                time.sleep(0.05)
