"""Login on the pages (AppTest): the form, roles, scopes, lockout, sessions, the admin page.

The login and logout routes have their own tests (tests/integration/test_auth_routes.py); here
the pages are run by AppTest with a session cookie in hand, as a browser that signed in
presents it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import ui.auth
from tests.pages.helpers import APP, ROOT, charts, metrics
from xeploai.access.login import NOTICE_COOKIE, NOTICES, SESSION_COOKIE
from xeploai.access.users import MAX_FAILURES, AuthStore, auth_path
from xeploai.domain.selection import Filters
from xeploai.metrics.summary import year_summary
from xeploai.store.database import Database
from xeploai.texts import fmt_int


@pytest.fixture
def secured(secured_db_path: Path) -> AuthStore:
    """A copy of the demo database with its demo accounts and a secretary scoped to Bà Điểm."""
    return AuthStore(auth_path(secured_db_path))


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
    return any(
        'name="username"' in f
        and 'type="password"' in f
        and "Tên đăng nhập" in f
        and "Mật khẩu" in f
        for f in forms
    )


@pytest.fixture(scope="module")
def district_members(db: Database) -> str:
    """The overview's members card for the whole district in its last year (2024), as shown."""
    s = year_summary(db, 2024, with_findings=False)
    assert s is not None
    return fmt_int(s["members"]["total"])


def test_nothing_is_shown_before_login(secured: AuthStore, cookies: dict[str, str]) -> None:
    at = open_app(cookies)
    assert not at.exception
    assert len(at.metric) == 0 and len(charts(at)) == 0
    assert login_form_shown(at)
    assert any("tài khoản minh họa" in i.value for i in at.info)


def test_the_form_posts_to_the_login_route_and_comes_back_here(
    secured: AuthStore, cookies: dict[str, str]
) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["from"] = "2018"
    at.query_params["sector"] = ["education", "police"]
    at.run()
    form = next(h.proto.body for h in at.get("html") if 'name="username"' in h.proto.body)
    assert 'method="post" action="/dang-nhap"' in form
    assert 'name="next" value="/?from=2018&amp;sector=education&amp;sector=police"' in form


def test_a_viewer_logs_in_and_sees_the_overview(
    secured: AuthStore, cookies: dict[str, str], district_members: str
) -> None:
    at = login(secured, cookies, "lanhdao", "demo")
    assert not at.exception
    assert metrics(at)["Đảng viên"] == district_members
    assert any("lãnh đạo" in m.value for m in at.sidebar.markdown)
    logout = [h.proto.body for h in at.sidebar.get("html")]
    assert any('action="/dang-xuat"' in f and "Đăng xuất" in f for f in logout)
    rows = secured.audit_rows(action="login")
    assert rows[0]["username"] == "lanhdao" and rows[0]["success"]


def test_a_wrong_password_is_refused_and_recorded(
    secured: AuthStore, cookies: dict[str, str]
) -> None:
    at = login(secured, cookies, "lanhdao", "sai-mat-khau")
    assert len(at.metric) == 0 and login_form_shown(at)
    assert any("không đúng" in e.value for e in at.error)
    rows = secured.audit_rows(action="login")
    assert rows[0]["username"] == "lanhdao" and not rows[0]["success"]
    # the notice is shown once: the same browser reloading sees the plain form
    again = AppTest.from_file(APP, default_timeout=60).run()
    assert login_form_shown(again) and not again.error


def test_repeated_failures_make_this_browser_wait(
    secured: AuthStore, cookies: dict[str, str]
) -> None:
    for _ in range(MAX_FAILURES):
        login(secured, cookies, "bantochuc", "doan-mo")
    at = login(secured, cookies, "bantochuc", "demo")  # the right password, but too soon
    assert len(at.metric) == 0
    assert any("hãy đợi" in e.value and "users unlock" in e.value for e in at.error)
    assert secured.audit_rows(action="login")[0]["detail"] == '{"source": "", "throttled": true}'
    # from here even the right password waits; the account itself is not locked
    assert secured.sign_in("bantochuc", "demo") == ("locked", None)
    assert secured.sign_in("bantochuc", "demo", source="192.0.2.10")[0] == "ok"


def test_a_scoped_secretary_sees_only_their_organization(
    secured: AuthStore, cookies: dict[str, str], db: Database
) -> None:
    at = login(secured, cookies, "bithu.xbd", "mat-khau-xbd")
    assert not at.exception
    shown = metrics(at)
    assert shown["Tổ chức cơ sở đảng"] == "1"
    xbd = year_summary(db, 2024, Filters(orgs=("XBD",)), with_findings=False)
    assert xbd is not None
    assert shown["Đảng viên"] == fmt_int(xbd["members"]["total"])  # not the whole district
    text = " ".join(m.value for m in at.markdown)
    assert "1 tổ chức cơ sở đảng" in text


@pytest.mark.parametrize(
    "garbage",
    [
        "x",
        "not-a-session",
        "eyJhbGciOiJIUzI1NiJ9.eyJ1c2VybmFtZSI6InF1YW50cmkifQ.c2ln",
        '%%%;\\"',
        "đăng-nhập",
        "\x00\x01",
        "A" * 5000,
    ],
)
def test_a_garbled_or_forged_cookie_gets_the_login_form(
    secured: AuthStore, cookies: dict[str, str], garbage: str
) -> None:
    at = open_app(cookies, garbage)
    assert not at.exception
    assert len(at.metric) == 0 and login_form_shown(at)


def test_an_ended_session_gets_the_login_form_at_once(
    secured: AuthStore, cookies: dict[str, str], district_members: str
) -> None:
    _, token = secured.sign_in("quantri", "demo")
    at = open_app(cookies, token)
    assert metrics(at)["Đảng viên"] == district_members
    secured.end_session(token)  # logged out in another tab
    at.run()  # the next interaction in this one
    assert len(at.metric) == 0 and login_form_shown(at)
    assert any("hết hạn hoặc đã kết thúc" in i.value for i in at.info)
    assert "_user" not in at.session_state


def test_a_new_password_or_a_removal_ends_the_sessions(
    secured: AuthStore, cookies: dict[str, str]
) -> None:
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


def test_auth_off_is_admin_with_a_red_banner(
    secured: AuthStore, district_members: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XEPLOAI_AUTH", "off")
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert metrics(at)["Đảng viên"] == district_members
    assert any("TẮT ĐĂNG NHẬP" in e.value for e in at.error)


@pytest.mark.parametrize("value", ["0", "false", "OFF", "no", ""])
def test_only_auth_off_turns_login_off(
    secured: AuthStore, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("XEPLOAI_AUTH", value)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert len(at.metric) == 0 and login_form_shown(at)


def test_a_database_without_users_says_how_to_create_one(
    demo_db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "empty-users.duckdb"
    shutil.copy(demo_db_path, path)
    monkeypatch.setenv("XEPLOAI_DB", str(path))
    monkeypatch.delenv("XEPLOAI_AUTH", raising=False)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert len(at.metric) == 0
    assert any("users add" in e.value for e in at.error)


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
