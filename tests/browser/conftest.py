"""The live app and the browser: Playwright driving Debian's Chromium (DESIGN.md, "Stack").

Session fixtures are per xdist worker; each live app listens on a port of its worker's own
range (``helpers.free_port``) and serves a copy of the database in the worker's temporary
directory. ``make test`` distributes whole files (``--dist loadfile``), so a module-scoped app
such as ``secured_url`` starts once, in the worker that runs its module.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.helpers import RUN_COUNTER_JS, start_app, stop_app

CHROMIUM = os.environ.get("XEPLOAI_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory, demo_db_path: Path) -> Iterator[str]:
    """A live app serving a copy of the demo database (read-only in the app)."""
    path = tmp_path_factory.mktemp("served") / "served.duckdb"
    shutil.copy(demo_db_path, path)
    proc, url = start_app(path)
    yield url
    stop_app(proc)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-gpu",
                "--no-first-run",
                "--disable-component-update",
            ],
        )
        yield b
        b.close()


class Tabs:
    """Browser tabs kept open for a worker's whole run, each in a browser context of its own,
    lent to one test at a time.

    A new tab is a new renderer process that parses and compiles Streamlit's and plotly's
    scripts afresh: a first page then costs Chromium ≈ 5 s of CPU against ≈ 2,8 s in a tab
    that has drawn the app before (four overview loads: 21–23 s against 11,6–12,6 s), and
    Chromium was half the CPU of the whole suite. A tab is reset before it is lent again to
    what a test can see of a new browser: its other pages closed, cookies, permissions and
    the app's local and session storage cleared, at ``about:blank``, at the asked size. A tab
    that cannot be reset is closed with its context and replaced.
    """

    def __init__(self, browser: Any) -> None:
        self._browser = browser
        self._free: list[Any] = []

    def _new(self) -> Any:
        context = self._browser.new_context(locale="vi-VN", accept_downloads=True)
        context.add_init_script(RUN_COUNTER_JS)
        return context.new_page()

    @staticmethod
    def _reset(tab: Any, width: int, height: int) -> None:
        context = tab.context
        for other in context.pages:
            if other is not tab:
                other.close()
        if tab.url.startswith("http"):
            tab.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
        tab.goto("about:blank")
        context.clear_cookies()
        context.clear_permissions()
        tab.set_viewport_size({"width": width, "height": height})

    def take(self, width: int = 1600, height: int = 900) -> Any:
        while self._free:
            tab = self._free.pop()
            try:
                self._reset(tab, width, height)
            except Exception:
                tab.context.close()
                continue
            return tab
        tab = self._new()
        tab.set_viewport_size({"width": width, "height": height})
        return tab

    def give_back(self, tab: Any) -> None:
        if tab.is_closed():
            tab.context.close()
        else:
            self._free.append(tab)


@pytest.fixture(scope="session")
def tab_pool(browser: Any) -> Tabs:
    return Tabs(browser)


@pytest.fixture
def new_tab(tab_pool: Tabs) -> Iterator[Callable[..., Any]]:
    """``new_tab(width=1600, height=900)``: a tab in a browser of its own (its own cookies),
    Vietnamese locale, downloads accepted; as many as a test needs, given back when it ends."""
    lent: list[Any] = []

    def take(width: int = 1600, height: int = 900) -> Any:
        tab = tab_pool.take(width, height)
        lent.append(tab)
        return tab

    yield take
    for tab in lent:
        tab_pool.give_back(tab)


@pytest.fixture
def page(new_tab: Callable[..., Any]) -> Any:
    """A browser tab of its own (1600×900, Vietnamese locale) for one test."""
    return new_tab()
