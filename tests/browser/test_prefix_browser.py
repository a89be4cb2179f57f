"""The app served under a path of a site (Streamlit's ``server.baseUrlPath``), as behind a
proxy that gives it ``/xeploai/``: the login form posts to the prefix's route, the session it
answers with holds, and a shared link survives the login."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.helpers import LOGIN_FORM, SIGNED_IN, app_with_login, wait_ready
from xeploai.access.login import SESSION_COOKIE

pytestmark = pytest.mark.browser

PREFIX = "xeploai"


@pytest.fixture(scope="module")
def prefixed_url(demo_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("prefixed")
    with app_with_login(demo_db_path, folder, base_url_path=PREFIX) as url:
        yield url


def test_a_shared_link_under_a_prefix_survives_the_login(page: Any, prefixed_url: str) -> None:
    assert urlsplit(prefixed_url).path == f"/{PREFIX}"
    page.goto(prefixed_url + "/xu-huong?from=2018&to=2024&sector=education")
    wait_ready(page)
    form = page.locator(LOGIN_FORM)
    form.wait_for(timeout=30_000)
    assert urlsplit(form.get_attribute("action") or "").path == f"/{PREFIX}/dang-nhap"
    page.get_by_label("Tên đăng nhập").fill("lanhdao")
    page.get_by_label("Mật khẩu").fill("demo")
    with page.expect_response(
        lambda r: r.request.method == "POST" and urlsplit(r.url).path == f"/{PREFIX}/dang-nhap"
    ) as answer:
        page.get_by_role("button", name="Đăng nhập").click()
    assert answer.value.status == 303
    page.wait_for_selector(SIGNED_IN, timeout=30_000)
    wait_ready(page)
    page.wait_for_selector("h1:has-text('Xu hướng chất lượng')", timeout=30_000)
    address = urlsplit(page.url)
    assert address.path == f"/{PREFIX}/xu-huong"
    query = parse_qs(address.query)
    assert query["from"] == ["2018"] and query["to"] == ["2024"]
    assert query["sector"] == ["education"]
    cookie = next(c for c in page.context.cookies() if c["name"] == SESSION_COOKIE)
    assert cookie["httpOnly"] and cookie["path"] == f"/{PREFIX}/"  # held to the app's path
