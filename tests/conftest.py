"""Shared session fixtures: one demo database per session (per xdist worker: every worker has
its own temporary directory, so no two processes ever share a writable file).

``demo_db_path`` / ``db``: the district demo from its default seed. Its 2019 figures are a
product contract (43 base organizations, 18 committees, 25 cells, 257 subordinate cells,
6.659 members, 580 exempt), so tests may assert those numbers.

The live app and the browser (Playwright) fixtures are in ``tests/browser/conftest.py``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from xeploai import demo
from xeploai.store.database import Database

BROWSER_DIR = Path(__file__).resolve().parent / "browser"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/browser/ carries the ``browser`` marker (``-m "not browser"``)."""
    for item in items:
        if BROWSER_DIR in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


# --- the demo database ------------------------------------------------------------------------


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
    # page tests look at the pages; login has its own tests (tests/pages/test_login.py)
    monkeypatch.setenv("XEPLOAI_AUTH", "off")
    return demo_db_path
