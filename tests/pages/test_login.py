"""Login on the pages (AppTest): the form, roles, scopes, lockout, the admin page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.pages.helpers import APP, ROOT, metrics, sign_in
from xeploai.access.users import MAX_FAILURES, AuthStore, auth_path
from xeploai.domain.selection import Filters
from xeploai.metrics.summary import year_summary
from xeploai.store.database import Database
from xeploai.texts import fmt_int


@pytest.fixture
def secured(secured_db_path: Path) -> AuthStore:
    """A copy of the demo database with its demo accounts and a secretary scoped to Bà Điểm."""
    return AuthStore(auth_path(secured_db_path))


# The district's last year: from July 2025 its base organizations belong to the four communes
# that replaced it, so a page opened without a year (on 2026) says so instead of figures.
DISTRICT_LAST_YEAR = "2024"


def login(name: str, password: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["year"] = DISTRICT_LAST_YEAR
    return sign_in(at.run(), name, password)


@pytest.fixture(scope="module")
def district_members(db: Database) -> str:
    """The overview's members card for the whole district in the latest year, as shown."""
    s = year_summary(db, 2024, with_findings=False)
    assert s is not None
    return fmt_int(s["members"]["total"])


def test_nothing_is_shown_before_login(secured: AuthStore) -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert len(at.metric) == 0 and len(at.get("plotly_chart")) == 0
    assert [t.label for t in at.text_input] == ["Tên đăng nhập", "Mật khẩu"]
    assert any("tài khoản minh họa" in i.value for i in at.info)


def test_a_viewer_logs_in_and_sees_the_overview(secured: AuthStore,
                                                district_members: str) -> None:
    at = login("lanhdao", "demo")
    assert not at.exception
    assert metrics(at)["Đảng viên"] == district_members
    assert any("lãnh đạo" in m.value for m in at.sidebar.markdown)
    rows = secured.audit_rows(action="login")
    assert rows[0]["username"] == "lanhdao" and rows[0]["success"]


def test_a_wrong_password_is_refused_and_recorded(secured: AuthStore) -> None:
    at = login("lanhdao", "sai-mat-khau")
    assert len(at.metric) == 0
    assert any("không đúng" in e.value for e in at.error)
    rows = secured.audit_rows(action="login")
    assert rows[0]["username"] == "lanhdao" and not rows[0]["success"]


def test_repeated_failures_lock_the_account(secured: AuthStore) -> None:
    for _ in range(MAX_FAILURES):
        login("bantochuc", "doan-mo")
    at = login("bantochuc", "demo")  # the right password, but too late
    assert len(at.metric) == 0
    assert any("tạm khóa" in e.value for e in at.error)
    assert secured.is_locked("bantochuc") and not secured.is_locked("lanhdao")
    assert "bantochuc" not in secured.credentials()["usernames"]


def test_a_scoped_secretary_sees_only_their_organization(
        secured: AuthStore, db: Database) -> None:
    at = login("bithu.xbd", "mat-khau-xbd")
    assert not at.exception
    shown = metrics(at)
    assert shown["Tổ chức cơ sở đảng"] == "1"
    xbd = year_summary(db, 2024, Filters(orgs=("XBD",)), with_findings=False)
    assert xbd is not None
    assert shown["Đảng viên"] == fmt_int(xbd["members"]["total"])  # not the whole district
    text = " ".join(m.value for m in at.markdown)
    assert "1 tổ chức cơ sở đảng" in text


def test_auth_off_is_admin_with_a_red_banner(secured: AuthStore, district_members: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XEPLOAI_AUTH", "off")
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["year"] = DISTRICT_LAST_YEAR
    at.run()
    assert metrics(at)["Đảng viên"] == district_members
    assert any("TẮT ĐĂNG NHẬP" in e.value for e in at.error)


@pytest.mark.parametrize("value", ["0", "false", "OFF", "no", ""])
def test_only_auth_off_turns_login_off(secured: AuthStore, monkeypatch: pytest.MonkeyPatch,
                                       value: str) -> None:
    monkeypatch.setenv("XEPLOAI_AUTH", value)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert len(at.metric) == 0 and len(at.text_input) == 2


def test_a_database_without_users_says_how_to_create_one(
        demo_db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "empty-users.duckdb"
    shutil.copy(demo_db_path, path)
    monkeypatch.setenv("XEPLOAI_DB", str(path))
    monkeypatch.delenv("XEPLOAI_AUTH", raising=False)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert len(at.metric) == 0
    assert any("users add" in e.value for e in at.error)


def test_admin_page_is_for_admins_only(secured: AuthStore) -> None:
    at = login("quantri", "demo").run()  # pages are registered by the signed-in run
    at.switch_page("views/admin.py").run()
    assert not at.exception
    tables = [d.value for d in at.dataframe]
    users = tables[0]
    assert set(users["Tên đăng nhập"]) == {"lanhdao", "bantochuc", "quantri", "bithu.xbd"}
    audit = tables[1]
    assert "Đăng nhập" in set(audit["Thao tác"])
    assert "quantri" in set(audit["Tên đăng nhập"])
    # a viewer's session does not even have the page …
    viewer = login("lanhdao", "demo").run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        viewer.switch_page("views/admin.py")
    # … and the page file drawn for a viewer by some other route stops by itself
    direct = AppTest.from_file(str(ROOT / "views" / "admin.py"), default_timeout=60)
    direct.session_state["_user"] = secured.get("lanhdao")
    direct.run()
    assert len(direct.dataframe) == 0
    assert any("không có quyền" in e.value for e in direct.error)
