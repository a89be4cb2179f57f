"""Shared fixtures: one demo database per session, a read-only handle, a live app in Chromium.

The canonical fixture database is the district demo built from its default seed: its 2019
figures are the reference article's, so tests can assert known numbers.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import bcrypt
import pytest

from xeploai import demo
from xeploai.access.login import SESSION_COOKIE
from xeploai.access.users import AuthStore
from xeploai.store.database import Database

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("XEPLOAI_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def demo_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A district demo database; read-only for tests (copy it before writing)."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    demo.build(path)
    return path


@pytest.fixture(scope="session")
def db(demo_db_path: Path) -> Iterator[Database]:
    with Database(demo_db_path, read_only=True) as handle:
        yield handle


@pytest.fixture
def writable_db_path(demo_db_path: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database that a test may change."""
    path = tmp_path / "copy.duckdb"
    shutil.copy(demo_db_path, path)
    return path


@pytest.fixture
def app_env(demo_db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app (AppTest runs in this process) at the demo database."""
    monkeypatch.setenv("XEPLOAI_DB", str(demo_db_path))
    # page tests look at the pages; login has its own tests (tests/test_auth_*.py)
    monkeypatch.setenv("XEPLOAI_AUTH", "off")
    return demo_db_path


@contextmanager
def cheap_hashes() -> Iterator[None]:
    """Accounts made meanwhile get bcrypt's lowest cost (4, not 12).

    The same scheme and the same checks, a thousand times cheaper: on a loaded two-core
    machine one cost-12 check takes over a second, and the login tests make and check many.
    Only tests use this; the stored hash says its cost, so checking it later is cheap too.
    """
    with pytest.MonkeyPatch.context() as patch:
        real = bcrypt.gensalt
        patch.setattr(bcrypt, "gensalt", lambda rounds=4, prefix=b"2b": real(4, prefix))
        yield


@pytest.fixture
def fast_bcrypt() -> Iterator[None]:
    with cheap_hashes():
        yield


@pytest.fixture
def sign_in_app(monkeypatch: pytest.MonkeyPatch) -> Callable[[AuthStore, str, str], None]:
    """Sign in for AppTest: ``sign_in_app(store, name, password)`` checks the login as the
    login route does, and the AppTest sessions opened afterwards present the session cookie
    the route would have set (AppTest has no browser to post the form and keep cookies)."""
    import ui.auth

    jar: dict[str, str] = {}
    monkeypatch.setattr(ui.auth, "_cookie", jar.get)

    def sign_in(store: AuthStore, name: str, password: str) -> None:
        outcome, token = store.sign_in(name, password)
        assert token is not None, outcome
        jar[SESSION_COOKIE] = token

    return sign_in


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_app(
    db_path: Path, extra_env: dict[str, str] | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """Start `streamlit run server.py` (app.py plus the login routes) on a free local port.

    Returns the process and its URL.
    """
    port = _free_port()
    env = {**os.environ, "XEPLOAI_DB": str(db_path), "XEPLOAI_AUTH": "off",
           **(extra_env or {})}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "server.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode() if proc.stderr else ""
            raise RuntimeError(f"streamlit exited: {err}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("streamlit did not become healthy within 60 s")


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory, demo_db_path: Path) -> Iterator[str]:
    """A live app serving a copy of the demo database (read-only in the app)."""
    path = tmp_path_factory.mktemp("served") / "served.duckdb"
    shutil.copy(demo_db_path, path)
    proc, url = start_app(path)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-background-networking",
                  "--disable-gpu", "--no-first-run", "--disable-component-update"],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh browser tab (1600×900, Vietnamese locale) for one test."""
    context = browser.new_context(viewport={"width": 1600, "height": 900},  # type: ignore[attr-defined]
                                  locale="vi-VN", accept_downloads=True)
    tab = context.new_page()
    yield tab
    context.close()
