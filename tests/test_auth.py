"""Users, roles, scopes, lockout, sessions and the audit trail: the store, the CLI and the pages.

The login and logout routes have their own tests (tests/test_auth_routes.py); here the pages
are run by AppTest with a session cookie in hand, as a browser that signed in presents it.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import ui.auth
from xeploai.access import users as users_module
from xeploai.access.login import NOTICE_COOKIE, NOTICES, SESSION_COOKIE
from xeploai.access.users import MAX_FAILURES, AuthError, AuthStore, auth_path
from xeploai.cli import main

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


@pytest.fixture
def secured(demo_db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
            fast_bcrypt: None) -> AuthStore:
    """A copy of the demo database with its demo accounts and a secretary scoped to Bà Điểm."""
    path = tmp_path / "secured.duckdb"
    shutil.copy(demo_db_path, path)
    store = AuthStore(auth_path(path))
    store.ensure_demo_accounts()
    store.add_user("bithu.xbd", "mat-khau-xbd", "viewer", ["XBD"])
    monkeypatch.setenv("XEPLOAI_DB", str(path))
    monkeypatch.delenv("XEPLOAI_AUTH", raising=False)
    return store


@pytest.fixture
def cookies(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The cookies the next AppTest session is opened with (a browser's, after its login)."""
    jar: dict[str, str] = {}
    monkeypatch.setattr(ui.auth, "_cookie", jar.get)
    return jar


def open_app(jar: dict[str, str], token: str | None = None) -> AppTest:
    """A new session of app.py; with a session id, as the browser that holds that cookie."""
    jar.clear()
    if token is not None:
        jar[SESSION_COOKIE] = token
    return AppTest.from_file(APP, default_timeout=60).run()


def login(store: AuthStore, jar: dict[str, str], name: str, password: str) -> AppTest:
    """Sign in as the login route does, then open the app with the cookie it would set."""
    outcome, token = store.sign_in(name, password)
    if token is None:
        jar.clear()
        jar[NOTICE_COOKIE] = NOTICES.put(outcome)
        return AppTest.from_file(APP, default_timeout=60).run()
    return open_app(jar, token)


def login_form_shown(at: AppTest) -> bool:
    forms = [h.proto.body for h in at.get("html")]
    return any('name="username"' in f and 'type="password"' in f and "Tên đăng nhập" in f
               and "Mật khẩu" in f for f in forms)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_stored_hashes_are_not_the_passwords(tmp_path: Path) -> None:
    store = AuthStore(tmp_path / "a.sqlite")
    store.add_user("canbo", "mot-mat-khau-dai", "editor")
    digest = store.password_hash("canbo")
    assert digest is not None and digest.startswith("$2b$12$")  # bcrypt, cost 12
    assert "mot-mat-khau-dai" not in digest
    raw = (tmp_path / "a.sqlite").read_bytes()
    assert b"mot-mat-khau-dai" not in raw
    assert store.verify("canbo", "mot-mat-khau-dai")
    assert not store.verify("canbo", "mot-mat-khau-sai")
    assert not store.verify("khong-co", "mot-mat-khau-dai")


@pytest.mark.parametrize(
    ("name", "password", "role", "message"),
    [
        ("A B", "mat-khau-dai", "viewer", "không hợp lệ"),  # spaces and capitals
        ("canbo", "ngan", "viewer", "ít nhất 8 ký tự"),  # too short for a real account
        ("canbo", "mat-khau-dai", "boss", "Vai trò"),  # no such role
    ],
)
def test_bad_users_are_refused_in_vietnamese(tmp_path: Path, name: str, password: str,
                                             role: str, message: str) -> None:
    store = AuthStore(tmp_path / "a.sqlite")
    with pytest.raises(AuthError, match=message):
        store.add_user(name, password, role)
    assert store.users() == []


def test_cli_users_lifecycle(demo_db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "cli.duckdb"
    shutil.copy(demo_db_path, path)

    def run(*args: str, password: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "xeploai", "users", *args, "--db",
                               str(path)], input=password + "\n", capture_output=True,
                              text=True, cwd=ROOT)

    assert "Chưa có người dùng" in run("list").stdout  # a new database has no users
    out = run("add", "quantri2", "--role", "admin", password="quan-tri-vien")
    assert out.returncode == 0, out.stderr
    out = run("add", "bithu", "--role", "viewer", "--org", "XBD", "--org", "XDT",
              password="bi-thu-xa-1")
    assert "chỉ xem: XBD, XDT" in out.stdout
    out = run("add", "sai", "--role", "viewer", "--org", "KHONG-CO", password="mat-khau-dai")
    assert out.returncode == 1 and "KHONG-CO" in out.stderr
    listing = run("list").stdout
    assert "bithu\tviewer\tXBD,XDT" in listing and "quantri2\tadmin\t*" in listing
    assert run("passwd", "bithu", password="mat-khau-moi-1").returncode == 0
    store = AuthStore(auth_path(path))
    assert store.verify("bithu", "mat-khau-moi-1") and not store.verify("bithu", "bi-thu-xa-1")
    assert run("remove", "bithu").returncode == 0
    assert run("remove", "bithu").returncode == 1
    actions = [r["action"] for r in store.audit_rows()]
    assert actions.count("user_add") == 2 and "user_remove" in actions


def test_demo_command_creates_the_documented_accounts(tmp_path: Path) -> None:
    path = tmp_path / "demo.duckdb"
    assert main(["demo", "--db", str(path)]) == 0
    store = AuthStore(auth_path(path))
    roles = {u.username: u.role for u in store.users()}
    assert roles == {"lanhdao": "viewer", "bantochuc": "editor", "quantri": "admin"}
    assert store.verify("quantri", "demo") and store.demo_accounts_active()
    store.set_password("quantri", "mat-khau-that-1")
    store.set_password("lanhdao", "mat-khau-that-2")
    store.set_password("bantochuc", "mat-khau-that-3")
    assert not store.demo_accounts_active()


def test_nothing_is_shown_before_login(secured: AuthStore, cookies: dict[str, str]) -> None:
    at = open_app(cookies)
    assert not at.exception
    assert len(at.metric) == 0 and len(at.get("plotly_chart")) == 0
    assert login_form_shown(at)
    assert any("tài khoản minh họa" in i.value for i in at.info)


def test_the_form_posts_to_the_login_route_and_comes_back_here(secured: AuthStore,
                                                               cookies: dict[str, str]) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["from"] = "2018"
    at.query_params["sector"] = ["education", "police"]
    at.run()
    form = next(h.proto.body for h in at.get("html") if 'name="username"' in h.proto.body)
    assert 'method="post" action="/dang-nhap"' in form
    assert 'name="next" value="/?from=2018&amp;sector=education&amp;sector=police"' in form


def test_a_viewer_logs_in_and_sees_the_overview(secured: AuthStore,
                                                cookies: dict[str, str]) -> None:
    at = login(secured, cookies, "lanhdao", "demo")
    assert not at.exception
    assert metrics(at)["Đảng viên"] == "7.352"
    assert any("lãnh đạo" in m.value for m in at.sidebar.markdown)
    logout = [h.proto.body for h in at.sidebar.get("html")]
    assert any('action="/dang-xuat"' in f and "Đăng xuất" in f for f in logout)
    rows = secured.audit_rows(action="login")
    assert rows[0]["username"] == "lanhdao" and rows[0]["success"]


def test_a_wrong_password_is_refused_and_recorded(secured: AuthStore,
                                                  cookies: dict[str, str]) -> None:
    at = login(secured, cookies, "lanhdao", "sai-mat-khau")
    assert len(at.metric) == 0 and login_form_shown(at)
    assert any("không đúng" in e.value for e in at.error)
    rows = secured.audit_rows(action="login")
    assert rows[0]["username"] == "lanhdao" and not rows[0]["success"]
    # the notice is shown once: the same browser reloading sees the plain form
    again = AppTest.from_file(APP, default_timeout=60).run()
    assert login_form_shown(again) and not again.error


def test_repeated_failures_lock_the_account(secured: AuthStore, cookies: dict[str, str]) -> None:
    for _ in range(MAX_FAILURES):
        login(secured, cookies, "bantochuc", "doan-mo")
    at = login(secured, cookies, "bantochuc", "demo")  # the right password, but too late
    assert len(at.metric) == 0
    assert any("tạm khóa" in e.value for e in at.error)
    assert secured.is_locked("bantochuc") and not secured.is_locked("lanhdao")
    assert secured.audit_rows(action="login")[0]["detail"] == "locked"
    # still locked for the right password; another account is not
    assert secured.sign_in("bantochuc", "demo") == ("locked", None)
    assert secured.sign_in("lanhdao", "demo")[0] == "ok"


def test_a_scoped_secretary_sees_only_their_organization(secured: AuthStore,
                                                         cookies: dict[str, str]) -> None:
    at = login(secured, cookies, "bithu.xbd", "mat-khau-xbd")
    assert not at.exception
    shown = metrics(at)
    assert shown["Tổ chức cơ sở đảng"] == "1"
    assert shown["Đảng viên"] != "7.352"  # not the whole district
    text = " ".join(m.value for m in at.markdown)
    assert "1 tổ chức cơ sở đảng" in text


@pytest.mark.parametrize("garbage", [
    "x", "not-a-session", "eyJhbGciOiJIUzI1NiJ9.eyJ1c2VybmFtZSI6InF1YW50cmkifQ.c2ln",
    "%%%;\\\"", "đăng-nhập", "\x00\x01", "A" * 5000,
])
def test_a_garbled_or_forged_cookie_gets_the_login_form(secured: AuthStore,
                                                        cookies: dict[str, str],
                                                        garbage: str) -> None:
    at = open_app(cookies, garbage)
    assert not at.exception
    assert len(at.metric) == 0 and login_form_shown(at)


def test_an_ended_session_gets_the_login_form_at_once(secured: AuthStore,
                                                      cookies: dict[str, str]) -> None:
    _, token = secured.sign_in("quantri", "demo")
    at = open_app(cookies, token)
    assert metrics(at)["Đảng viên"] == "7.352"
    secured.end_session(token)  # logged out in another tab
    at.run()  # the next interaction in this one
    assert len(at.metric) == 0 and login_form_shown(at)
    assert any("hết hạn hoặc đã kết thúc" in i.value for i in at.info)
    assert "_user" not in at.session_state


def test_a_new_password_or_a_removal_ends_the_sessions(secured: AuthStore,
                                                       cookies: dict[str, str]) -> None:
    _, first = secured.sign_in("bithu.xbd", "mat-khau-xbd")
    _, second = secured.sign_in("bithu.xbd", "mat-khau-xbd")
    _, other = secured.sign_in("lanhdao", "demo")
    secured.set_password("bithu.xbd", "mat-khau-moi-1")
    for token in (first, second):
        assert login_form_shown(open_app(cookies, token))
    _, third = secured.sign_in("bithu.xbd", "mat-khau-moi-1")
    assert len(open_app(cookies, third).metric) > 0
    secured.remove_user("bithu.xbd")
    assert login_form_shown(open_app(cookies, third))
    assert len(open_app(cookies, other).metric) > 0  # someone else's session goes on


def test_auth_off_is_admin_with_a_red_banner(secured: AuthStore,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XEPLOAI_AUTH", "off")
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert metrics(at)["Đảng viên"] == "7.352"
    assert any("TẮT ĐĂNG NHẬP" in e.value for e in at.error)


@pytest.mark.parametrize("value", ["0", "false", "OFF", "no", ""])
def test_only_auth_off_turns_login_off(secured: AuthStore, monkeypatch: pytest.MonkeyPatch,
                                       value: str) -> None:
    monkeypatch.setenv("XEPLOAI_AUTH", value)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert len(at.metric) == 0 and login_form_shown(at)


def test_a_database_without_users_says_how_to_create_one(
        demo_db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "empty-users.duckdb"
    shutil.copy(demo_db_path, path)
    monkeypatch.setenv("XEPLOAI_DB", str(path))
    monkeypatch.delenv("XEPLOAI_AUTH", raising=False)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert len(at.metric) == 0
    assert any("users add" in e.value for e in at.error)


def test_audit_rows_are_filterable(tmp_path: Path) -> None:
    store = AuthStore(tmp_path / "a.sqlite")
    store.record("login", "a")
    store.record("login", "b", success=False)
    store.record("export", "a", detail={"kind": "pptx", "year": 2019})
    assert [r["action"] for r in store.audit_rows(username="a")] == ["export", "login"]
    assert len(store.audit_rows(action="login")) == 2
    conn = sqlite3.connect(tmp_path / "a.sqlite")
    assert conn.execute("select count(*) from audit").fetchone()[0] == 3


def test_admin_page_is_for_admins_only(secured: AuthStore, cookies: dict[str, str]) -> None:
    at = login(secured, cookies, "quantri", "demo").run()  # pages are registered by the run
    at.switch_page("views/admin.py").run()
    assert not at.exception
    tables = [d.value for d in at.dataframe]
    users = tables[0]
    assert set(users["Tên đăng nhập"]) == {"lanhdao", "bantochuc", "quantri", "bithu.xbd"}
    audit = tables[1]
    assert "Đăng nhập" in set(audit["Thao tác"])
    assert "quantri" in set(audit["Tên đăng nhập"])
    # a viewer's session does not even have the page …
    viewer = login(secured, cookies, "lanhdao", "demo").run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        viewer.switch_page("views/admin.py")
    # … and the page file drawn for a viewer by some other route stops by itself
    direct = AppTest.from_file(str(ROOT / "views" / "admin.py"), default_timeout=60)
    direct.session_state["_user"] = secured.get("lanhdao")
    direct.run()
    assert len(direct.dataframe) == 0
    assert any("không có quyền" in e.value for e in direct.error)


# --- the session store -----------------------------------------------------------------------

def test_sessions_are_created_looked_up_and_ended(tmp_path: Path, fast_bcrypt: None) -> None:
    store = AuthStore(tmp_path / "a.sqlite")
    store.add_user("canbo", "mot-mat-khau-dai", "editor", ["XBD"])
    token = store.create_session("canbo")
    assert len(token) >= 43 and token != store.create_session("canbo")  # random, never reused
    user = store.session_user(token)
    assert user is not None and user.username == "canbo" and user.orgs == ("XBD",)
    assert store.session_user(token + "x") is None and store.session_user(None) is None
    assert store.end_session(token) == "canbo"
    assert store.session_user(token) is None
    assert store.end_session(token) is None  # a second logout is no error


def test_session_ids_are_kept_only_as_hashes(tmp_path: Path, fast_bcrypt: None) -> None:
    store = AuthStore(tmp_path / "a.sqlite")
    store.add_user("canbo", "mot-mat-khau-dai", "editor")
    token = store.create_session("canbo")
    store.record("login", "canbo")
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert token.encode() not in raw


def test_sessions_expire(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                        fast_bcrypt: None) -> None:
    store = AuthStore(tmp_path / "a.sqlite")
    store.add_user("canbo", "mot-mat-khau-dai", "editor")
    token = store.create_session("canbo")
    short = store.create_session("canbo", ttl=timedelta(seconds=-1))
    assert store.session_user(short) is None and store.session_user(token) is not None
    later = users_module._now() + users_module.SESSION_TTL + timedelta(seconds=1)
    monkeypatch.setattr(users_module, "_now", lambda: later)
    assert store.session_user(token) is None
    store.create_session("canbo")  # making a session clears the expired ones
    conn = sqlite3.connect(tmp_path / "a.sqlite")
    assert conn.execute("select count(*) from sessions").fetchone()[0] == 1


def test_every_session_of_a_user_can_be_ended(tmp_path: Path, fast_bcrypt: None) -> None:
    store = AuthStore(tmp_path / "a.sqlite")
    store.add_user("canbo", "mot-mat-khau-dai", "editor")
    store.add_user("khac", "mot-mat-khau-khac", "viewer")
    mine = [store.create_session("canbo") for _ in range(3)]
    theirs = store.create_session("khac")
    assert store.end_sessions("canbo") == 3
    assert all(store.session_user(t) is None for t in mine)
    assert store.session_user(theirs) is not None
    # a new password and a removal do the same
    again = store.create_session("khac")
    store.set_password("khac", "mat-khau-moi-khac")
    assert store.session_user(theirs) is None and store.session_user(again) is None
    last = store.create_session("khac")
    store.remove_user("khac")
    assert store.session_user(last) is None


def test_sign_in_checks_the_password_the_lock_and_records(tmp_path: Path,
                                                          fast_bcrypt: None) -> None:
    store = AuthStore(tmp_path / "a.sqlite")
    store.add_user("canbo", "mot-mat-khau-dai", "editor")
    outcome, token = store.sign_in("  CanBo ", "mot-mat-khau-dai")  # as typed in the form
    assert outcome == "ok" and store.session_user(token) == store.get("canbo")
    assert store.sign_in("canbo", "") == ("failed", None)
    assert store.sign_in("khong-co", "mot-mat-khau-dai") == ("failed", None)
    assert store.sign_in("", "") == ("failed", None)
    rows = store.audit_rows(action="login")
    assert [(r["username"], r["success"]) for r in rows] == [
        (None, False), ("khong-co", False), ("canbo", False), ("canbo", True)]
    for _ in range(MAX_FAILURES - 1):
        store.sign_in("canbo", "sai")
    assert store.sign_in("canbo", "mot-mat-khau-dai") == ("locked", None)
