"""Shared session fixtures: the demo database, the small fixture database built from text.

Two canonical databases, each built once per session (per xdist worker: every worker has its
own temporary directory, so no two processes ever share a writable file):

- ``demo_db_path`` / ``db``: the district demo from its default seed. Its 2019 figures are a
  product contract (43 base organizations, 18 committees, 25 cells, 257 subordinate cells,
  6.659 members, 580 exempt), so tests may assert those numbers.
- ``fixture_db_path`` / ``fixture_db``: four base organizations over 2016–2019, written by hand
  in ``tests/fixtures/*.sql`` so that a test's expected figures are counted from those rows in
  a comment, not copied from an output.

The live app and the browser (Playwright) fixtures are in ``tests/browser/conftest.py``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import bcrypt
import duckdb
import pytest

from xeploai import demo
from xeploai.access.login import SESSION_COOKIE
from xeploai.access.users import AuthStore, auth_path
from xeploai.metrics.rules import KEPT_KEY
from xeploai.store import tree
from xeploai.store.database import ARROW_COPY_WARNING, Database

FIXTURES = Path(__file__).resolve().parent / "fixtures"
IMPORT_FILES = Path(__file__).resolve().parent / "files" / "import"
BROWSER_DIR = Path(__file__).resolve().parent / "browser"


def pytest_configure(config: pytest.Config) -> None:
    # what the app silences (store.database), pytest's own filters would show again per test
    config.addinivalue_line("filterwarnings", f"ignore:{ARROW_COPY_WARNING}:UserWarning")


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


def read_by(db: Database, call: Callable[[], Any]) -> tuple[Any, list[str]]:
    """What ``call()`` gives, and the names of the queries it read on ``db`` (none kept from
    before)."""
    db.forget_results()
    db.trace = []
    try:
        return call(), [name for name, _, _ in db.trace]
    finally:
        db.trace = None


@pytest.fixture(scope="session")
def unkept_demo_path(demo_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The district demo without its kept rule findings' key, as a file is after an upgrade
    until its next write: the rules are checked, not read (``rules.check_years``)."""
    path = tmp_path_factory.mktemp("demo") / "unkept.duckdb"
    shutil.copy(demo_db_path, path)
    conn = duckdb.connect(str(path))
    try:
        conn.execute("delete from meta where key = $key", {"key": KEPT_KEY})
        conn.execute("checkpoint")
    finally:
        conn.close()
    return path


@pytest.fixture(scope="session")
def district_2024(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo district as it stood at the end of 2024, before the July 2025 reorganization
    (``demo --until 2024``); read-only for tests (copy it before writing)."""
    return demo.build(tmp_path_factory.mktemp("demo") / "district_2024.duckdb", until=2024)


@pytest.fixture(scope="session")
def db(demo_db_path: Path) -> Iterator[Database]:
    with Database(demo_db_path, read_only=True) as handle:
        yield handle


@pytest.fixture(scope="session")
def small_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small district (tests/files/import/good/small.xlsx) imported once into a new
    database, as a board would start one."""
    from xeploai.cli import main

    path = tmp_path_factory.mktemp("small") / "small.duckdb"
    assert main(["init", "--superior", "Đảng bộ xã thử", "--db", str(path)]) == 0
    assert main(["import", str(IMPORT_FILES / "good" / "small.xlsx"), "--db", str(path)]) == 0
    return path


@pytest.fixture
def small_db(small_db_template: Path, tmp_path: Path) -> Path:
    """The small district imported once, copied for each test that writes."""
    path = tmp_path / "small.duckdb"
    shutil.copy(small_db_template, path)
    return path


@pytest.fixture
def writable_db_path(demo_db_path: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database that a test may change."""
    path = tmp_path / "copy.duckdb"
    shutil.copy(demo_db_path, path)
    return path


@pytest.fixture(scope="session")
def secured_template(demo_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database with users: the demo accounts (lanhdao, bantochuc, quantri; password
    "demo") and a secretary scoped to Bà Điểm (bithu.xbd / mat-khau-xbd). Made once: hashing
    a password (bcrypt) is slow on purpose, so the tests copy it rather than redo it."""
    path = tmp_path_factory.mktemp("secured") / "secured.duckdb"
    shutil.copy(demo_db_path, path)
    store = AuthStore(auth_path(path))
    with cheap_hashes():
        store.ensure_demo_accounts()
        store.add_user("bithu.xbd", "mat-khau-xbd", "viewer", ["XBD"])
    return path


@pytest.fixture
def secured_db_path(
    secured_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A private copy of ``secured_template`` (database and users) with login on, for the app."""
    path = tmp_path / "secured.duckdb"
    shutil.copy(secured_template, path)
    shutil.copy(auth_path(secured_template), auth_path(path))
    monkeypatch.setenv("XEPLOAI_DB", str(path))
    monkeypatch.delenv("XEPLOAI_AUTH", raising=False)
    return path


@pytest.fixture
def app_env(demo_db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app (AppTest runs in this process) at the demo database."""
    monkeypatch.setenv("XEPLOAI_DB", str(demo_db_path))
    # page tests look at the pages; login has its own tests (tests/pages/test_login.py)
    monkeypatch.setenv("XEPLOAI_AUTH", "off")
    return demo_db_path


# --- signing in -------------------------------------------------------------------------------


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


# --- the fixture database, from text ------------------------------------------------------------


def fixture_sql_files() -> list[Path]:
    """The fixture's SQL files, in the order they are run (their names start with a number)."""
    return sorted(FIXTURES.glob("*.sql"))


def build_fixture_db(path: Path) -> Path:
    """The schema as the application makes it (``Database`` migrates a new file), then the rows
    of ``tests/fixtures/*.sql``; in one transaction, so a broken file leaves no half database."""
    with Database(path, read_only=False) as handle:
        handle.conn.execute("begin transaction")
        for sql in fixture_sql_files():
            try:
                handle.conn.execute(sql.read_text(encoding="utf-8"))
            except Exception as exc:
                handle.conn.execute("rollback")
                raise RuntimeError(f"tests/fixtures/{sql.name}: {exc}") from exc
        tree.rebuild(handle.conn)  # the derived tree, as every write makes it
        handle.conn.execute("commit")
        handle.conn.execute("checkpoint")
    return path


@pytest.fixture(scope="session")
def fixture_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small fixture database (read-only for tests: copy it before writing)."""
    return build_fixture_db(tmp_path_factory.mktemp("fixture") / "fixture.duckdb")


@pytest.fixture(scope="session")
def fixture_db(fixture_db_path: Path) -> Iterator[Database]:
    with Database(fixture_db_path, read_only=True) as handle:
        yield handle


@pytest.fixture
def fixture_env(fixture_db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app (AppTest) at the fixture database, login off."""
    monkeypatch.setenv("XEPLOAI_DB", str(fixture_db_path))
    monkeypatch.setenv("XEPLOAI_AUTH", "off")
    return fixture_db_path
