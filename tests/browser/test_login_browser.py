"""Login in a real browser: the form, the page list by role, a reload keeps the session."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.helpers import READY, metric_values, start_app, stop_app, wait_ready
from xeploai.access.users import AuthStore, auth_path

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def secured_url(demo_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("secured") / "secured.duckdb"
    shutil.copy(demo_db_path, path)
    AuthStore(auth_path(path)).ensure_demo_accounts()
    proc, url = start_app(path, {"XEPLOAI_AUTH": ""})
    yield url
    stop_app(proc)


def sign_in(page: Any, url: str, name: str, password: str) -> None:
    page.goto(url)
    wait_ready(page)
    page.get_by_label("Tên đăng nhập").fill(name)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    wait_ready(page)


def test_viewer_signs_in_sees_figures_not_admin(page: Any, secured_url: str) -> None:
    page.goto(secured_url)
    wait_ready(page)
    assert page.locator("[data-testid=stMetric]").count() == 0
    sign_in(page, secured_url, "lanhdao", "sai")
    assert "không đúng" in page.inner_text("body")
    sign_in(page, secured_url, "lanhdao", "demo")
    page.wait_for_selector("[data-testid=stMetric]", timeout=30_000)
    assert metric_values(page)["Đảng viên"] == "7.352"
    nav = page.locator("[data-testid=stSidebarNav]")
    assert nav.count() == 0 or "Quản trị" not in nav.inner_text()
    # a reload keeps the session (signed cookie) instead of asking again
    page.reload()
    wait_ready(page)
    page.wait_for_selector("[data-testid=stMetric]", timeout=30_000)
    # the admin page's address leads nowhere for a viewer
    page.goto(secured_url + "/quan-tri")
    page.wait_for_selector(READY)
    wait_ready(page)
    assert "Nhật ký truy cập" not in page.inner_text("body")


def test_admin_reaches_the_audit_trail_and_logs_out(page: Any, secured_url: str) -> None:
    sign_in(page, secured_url, "quantri", "demo")
    page.get_by_role("link", name="Quản trị").click()
    wait_ready(page)
    page.wait_for_selector("text=Nhật ký truy cập và thao tác", timeout=30_000)
    page.get_by_role("button", name="Đăng xuất").click()
    wait_ready(page)
    page.wait_for_selector("text=Tên đăng nhập", timeout=30_000)
    assert page.locator("[data-testid=stMetric]").count() == 0


def test_a_fresh_server_asks_for_login_on_every_deep_link(
        page: Any, demo_db_path: Path, tmp_path: Path) -> None:
    # Regression: a page folder named pages/ let the first session after a start run a page
    # file without the router, hence without login. Every address of a fresh server must ask.
    path = tmp_path / "fresh.duckdb"
    shutil.copy(demo_db_path, path)
    AuthStore(auth_path(path)).ensure_demo_accounts()
    proc, url = start_app(path, {"XEPLOAI_AUTH": ""})
    try:
        for address in ("/xu-huong", "/overview", "/trends", "/tra-cuu?org=XBD", "/nhap-du-lieu",
                        "/data_import", "/quan-tri", "/trinh-chieu"):
            page.goto(url + address)
            wait_ready(page)
            page.wait_for_selector("text=Tên đăng nhập", timeout=30_000)
            assert page.locator("[data-testid=stMetric]").count() == 0, address
            assert page.locator(".js-plotly-plot").count() == 0, address
            assert page.locator("[data-testid=stDataFrame]").count() == 0, address
    finally:
        stop_app(proc)
