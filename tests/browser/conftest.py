"""The live app and the browser: Playwright driving Debian's Chromium (DESIGN.md, "Stack").

Session fixtures are per xdist worker; each live app listens on a port of its worker's own
range (``helpers.free_port``) and serves a copy of the database in the worker's temporary
directory. ``make test`` distributes whole files (``--dist loadfile``), so a module-scoped app
such as ``secured_url`` starts once, in the worker that runs its module.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.helpers import start_app, stop_app

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


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser tab (1600×900, Vietnamese locale) for one test."""
    context = browser.new_context(
        viewport={"width": 1600, "height": 900}, locale="vi-VN", accept_downloads=True
    )
    tab = context.new_page()
    yield tab
    context.close()
