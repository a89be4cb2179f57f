"""Login in a real browser: the form, the page list by role, sessions the server keeps and ends.

Signing in is a form post answered by the server (auth_routes.py): the response that
accepts the password carries the session cookie, so every check below can start the moment
that response has arrived, with no waiting for the page to draw.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from tests.browser.helpers import (
    LOGIN_FORM,
    READY,
    ROOT,
    SIGNED_IN,
    metric_values,
    start_app,
    stop_app,
    wait_ready,
)
from tests.conftest import cheap_hashes
from xeploai.access.login import SESSION_COOKIE as COOKIE
from xeploai.access.users import AuthStore, auth_path

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def secured_path(demo_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("secured") / "secured.duckdb"
    shutil.copy(demo_db_path, path)
    with cheap_hashes():
        store = AuthStore(auth_path(path))
        store.ensure_demo_accounts()
        store.add_user("canbo.doimk", "mat-khau-cu-1", "viewer")
        store.add_user("canbo.xoa", "mat-khau-cu-2", "viewer")
    return path


@pytest.fixture(scope="module")
def secured_url(secured_path: Path) -> Iterator[str]:
    proc, url = start_app(secured_path, {"XEPLOAI_AUTH": ""})
    yield url
    stop_app(proc)


def submit_login(page: Any, name: str, password: str) -> None:
    """Fill the form on the page and post it; returns once the server has answered."""
    page.wait_for_selector(LOGIN_FORM, timeout=30_000)
    page.get_by_label("Tên đăng nhập").fill(name)
    page.get_by_label("Mật khẩu").fill(password)
    with page.expect_response(
        lambda r: r.request.method == "POST" and urlsplit(r.url).path == "/dang-nhap"
    ):
        page.get_by_role("button", name="Đăng nhập").click()


def sign_in(page: Any, url: str, name: str, password: str) -> None:
    page.goto(url)
    wait_ready(page)
    submit_login(page, name, password)


def session_cookie(page: Any) -> dict[str, Any] | None:
    return next((c for c in page.context.cookies() if c["name"] == COOKIE), None)


def shows_login_form(page: Any, url: str) -> bool:
    """Open the address; True when it asks for login and shows no figures and no error."""
    page.goto(url)
    wait_ready(page)
    page.locator(LOGIN_FORM).or_(page.locator(SIGNED_IN)).first.wait_for(timeout=30_000)
    asks: bool = page.locator(LOGIN_FORM).count() > 0 and page.locator(SIGNED_IN).count() == 0
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.locator("[data-testid=stMetric]").count() == 0
    return asks


def fresh_tab(new_tab: Any, url: str, token: str) -> Any:
    """A browser of its own that presents ``token`` as its session cookie."""
    tab = new_tab()
    tab.context.add_cookies([{"name": COOKIE, "value": token, "url": url}])
    return tab


def test_viewer_signs_in_sees_figures_not_admin(page: Any, secured_url: str) -> None:
    page.goto(secured_url)
    wait_ready(page)
    assert page.locator("[data-testid=stMetric]").count() == 0
    sign_in(page, secured_url, "lanhdao", "sai")
    page.wait_for_selector("text=không đúng", timeout=30_000)
    assert session_cookie(page) is None
    submit_login(page, "lanhdao", "demo")
    page.wait_for_selector("[data-testid=stMetric]", timeout=30_000)
    wait_ready(page)
    assert metric_values(page)["Đảng viên"] == "7.352"
    nav = page.locator("[data-testid=stSidebarNav]")
    assert nav.count() == 0 or "Quản trị" not in nav.inner_text()
    # a reload keeps the session (the server's, by its cookie) instead of asking again
    page.reload()
    wait_ready(page)
    page.wait_for_selector("[data-testid=stMetric]", timeout=30_000)
    # the admin page's address leads nowhere for a viewer
    page.goto(secured_url + "/quan-tri")
    page.wait_for_selector(READY)
    wait_ready(page)
    assert "Nhật ký truy cập" not in page.inner_text("body")


PLOTLY_IN_HEAD = "head script[type=module][src*='/xl/plotly-']"
PLOTLY_FETCHES = (
    "() => performance.getEntriesByType('resource')"
    ".filter(e => e.name.includes('/xl/plotly-')).map(e => [e.name, e.startTime])"
)
STREAMLIT_PLOTLY = (
    "() => performance.getEntriesByType('resource')"
    ".filter(e => e.name.includes('/PlotlyChart.')).map(e => e.name)"
)
CHARTS_DRAWN = "() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= 2"
# when the login form first appeared in the page (ms of the page's clock)
FORM_SEEN = """
new MutationObserver((_, watch) => {
  if (document.querySelector('form.xeploai-login')) {
    window.__formSeen = performance.now(); watch.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""


def test_plotly_loads_under_the_login_form_once_it_shows_and_with_a_signed_in_page(
    browser: Any, secured_url: str
) -> None:
    # plotly_early.py. Under the form: the module is asked for only after the form appeared,
    # not named in the head (its evaluation would hold the form back). A browser of its own,
    # not a pooled tab: the watch for the form stays out of other tests.
    context = browser.new_context(viewport={"width": 1600, "height": 900}, locale="vi-VN")
    context.add_init_script(FORM_SEEN)
    page = context.new_page()
    try:
        page.goto(secured_url)
        wait_ready(page)
        page.wait_for_selector(LOGIN_FORM, timeout=30_000)
        assert page.locator(PLOTLY_IN_HEAD).count() == 0
        page.wait_for_function(f"() => ({PLOTLY_FETCHES})().length > 0", timeout=30_000)
        [(_, fetched_at)] = page.evaluate(PLOTLY_FETCHES)
        assert fetched_at >= page.evaluate("() => window.__formSeen")
        # a signed-in page names it in its head, and its charts are drawn by that one
        # module: the chart element's import found it, not a second copy; Streamlit's own
        # plotly module is never fetched
        submit_login(page, "lanhdao", "demo")
        page.wait_for_selector("[data-testid=stMetric]", timeout=30_000)
        for address in ("", "/xu-huong"):
            if address:
                page.goto(secured_url + address)
            page.wait_for_function(CHARTS_DRAWN, timeout=60_000)
            wait_ready(page)
            assert page.locator(PLOTLY_IN_HEAD).count() == 1
            assert len(page.evaluate(PLOTLY_FETCHES)) == 1
            assert page.evaluate(STREAMLIT_PLOTLY) == []
            assert page.locator("[data-testid=stException]").count() == 0
    finally:
        context.close()


def test_admin_reaches_the_audit_trail_and_logs_out(page: Any, secured_url: str) -> None:
    sign_in(page, secured_url, "quantri", "demo")
    page.get_by_role("link", name="Quản trị").click()
    wait_ready(page)
    page.wait_for_selector("text=Nhật ký truy cập và thao tác", timeout=30_000)
    # a fresh backup, posted to the server's route and streamed from disk; the page stays
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Tải một bản sao lưu mới (.tar)").click()
    assert re.fullmatch(r"xeploai-\d{8}-\d{6}\.tar", download.value.suggested_filename)
    with tarfile.open(download.value.path()) as archive:
        assert any(name.endswith(".duckdb") for name in archive.getnames())
    assert page.get_by_text("Nhật ký truy cập và thao tác").is_visible()
    with page.expect_response(lambda r: urlsplit(r.url).path == "/dang-xuat"):
        page.get_by_role("button", name="Đăng xuất").click()
    wait_ready(page)
    page.wait_for_selector(LOGIN_FORM, timeout=30_000)
    assert page.locator("[data-testid=stMetric]").count() == 0
    assert session_cookie(page) is None


def test_a_new_tab_right_after_sign_in_is_signed_in(page: Any, secured_url: str) -> None:
    sign_in(page, secured_url, "quantri", "demo")
    # no waiting for the page to draw: the answer to the post carried the cookie
    assert session_cookie(page) is not None
    tab = page.context.new_page()
    tab.goto(secured_url + "/quan-tri")
    wait_ready(tab)
    audit = tab.locator("text=Nhật ký truy cập và thao tác")
    audit.or_(tab.locator(LOGIN_FORM)).first.wait_for(timeout=30_000)
    assert tab.locator(LOGIN_FORM).count() == 0
    audit.wait_for(timeout=30_000)


def test_the_session_cookie_is_http_only(page: Any, secured_url: str) -> None:
    sign_in(page, secured_url, "lanhdao", "demo")
    cookie = session_cookie(page)
    assert cookie is not None
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["path"] == "/"
    assert not cookie["secure"]  # plain http here; Secure over TLS (tests/test_auth_routes.py)
    page.wait_for_selector(SIGNED_IN, timeout=30_000)
    assert COOKIE not in page.evaluate("document.cookie")  # out of reach of page scripts
    assert cookie["value"].count(".") == 0  # a random id, not a token carrying the user


def test_after_logout_the_old_cookie_gets_the_login_form(
    page: Any, new_tab: Any, secured_url: str, secured_path: Path
) -> None:
    sign_in(page, secured_url, "bantochuc", "demo")
    cookie = session_cookie(page)
    assert cookie is not None
    page.wait_for_selector(SIGNED_IN, timeout=30_000)
    with page.expect_response(lambda r: urlsplit(r.url).path == "/dang-xuat"):
        page.get_by_role("button", name="Đăng xuất").click()
    thief = fresh_tab(new_tab, secured_url, cookie["value"])  # the value copied before logout
    assert shows_login_form(thief, secured_url + "/chi-tieu")
    actions = AuthStore(auth_path(secured_path)).audit_rows(username="bantochuc")
    assert [r["action"] for r in actions][:2] == ["logout", "login"]


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("canbo.doimk", ["passwd", "canbo.doimk"]),
        ("canbo.xoa", ["remove", "canbo.xoa"]),
    ],
)
def test_a_new_password_or_removal_ends_open_sessions(
    page: Any, secured_url: str, secured_path: Path, name: str, args: list[str]
) -> None:
    password = {"canbo.doimk": "mat-khau-cu-1", "canbo.xoa": "mat-khau-cu-2"}[name]
    sign_in(page, secured_url, name, password)
    page.wait_for_selector("[data-testid=stMetric]", timeout=30_000)
    wait_ready(page)
    done = subprocess.run(
        [sys.executable, "-m", "xeploai", "users", *args, "--db", str(secured_path)],
        input="mat-khau-moi-99\n",
        text=True,
        capture_output=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert session_cookie(page) is not None  # the browser still holds it …
    assert shows_login_form(page, secured_url + "/xu-huong")  # … and it opens nothing


@pytest.mark.parametrize(
    "garbage",
    [
        "garbage",
        "eyJhbGciOiJIUzI1NiJ9.eyJ1c2VybmFtZSI6InF1YW50cmkifQ.Zm9yZ2Vk",
        "%E2%82%AC%%%",
        "A" * 3000,
    ],
)
def test_a_garbled_cookie_gets_the_login_form(new_tab: Any, secured_url: str, garbage: str) -> None:
    tab = fresh_tab(new_tab, secured_url, garbage)
    assert shows_login_form(tab, secured_url + "/?year=2019")


def test_a_deep_link_survives_login(page: Any, secured_url: str) -> None:
    link = "/xu-huong?from=2018&to=2024&sector=education"
    page.goto(secured_url + link)
    wait_ready(page)
    submit_login(page, "lanhdao", "demo")
    page.wait_for_selector(SIGNED_IN, timeout=30_000)
    wait_ready(page)
    page.wait_for_selector("h1:has-text('Xu hướng chất lượng')", timeout=30_000)
    address = urlsplit(page.url)
    assert address.path == "/xu-huong"
    query = parse_qs(address.query)
    assert query["from"] == ["2018"] and query["to"] == ["2024"]
    assert query["sector"] == ["education"]


def test_the_live_server_refuses_a_cross_site_login(secured_url: str) -> None:
    with urllib.request.urlopen(secured_url + "/_stcore/health", timeout=30) as reply:
        assert reply.status == 200  # st.App still serves Streamlit's own routes
    form = urlencode({"username": "quantri", "password": "demo", "next": "/"}).encode()
    request = urllib.request.Request(
        secured_url + "/dang-nhap",
        data=form,
        method="POST",
        headers={"Origin": "http://evil.example"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 403


def test_a_fresh_server_asks_for_login_on_every_deep_link(
    page: Any, demo_db_path: Path, tmp_path: Path
) -> None:
    # Regression: a page folder named pages/ let the first session after a start run a page
    # file without the router, hence without login. Every address of a fresh server must ask.
    path = tmp_path / "fresh.duckdb"
    shutil.copy(demo_db_path, path)
    with cheap_hashes():
        AuthStore(auth_path(path)).ensure_demo_accounts()
    proc, url = start_app(path, {"XEPLOAI_AUTH": ""})
    try:
        for address in (
            "/xu-huong",
            "/overview",
            "/trends",
            "/tra-cuu?org=XBD",
            "/nhap-du-lieu",
            "/data_import",
            "/quan-tri",
            "/trinh-chieu",
        ):
            page.goto(url + address)
            wait_ready(page)
            page.wait_for_selector(LOGIN_FORM, timeout=30_000)
            assert page.locator("[data-testid=stMetric]").count() == 0, address
            assert page.locator(".js-plotly-plot").count() == 0, address
            assert page.locator("[data-testid=stDataFrame]").count() == 0, address
    finally:
        stop_app(proc)


def _view(page: Any) -> dict[str, Any]:
    """What a page shows of its view: its title, its cards, the rows of its first table, the
    filter line, the sidebar's chosen values."""
    wait_ready(page)
    page.wait_for_selector("h1", timeout=30_000)
    # the filter line drawn whole (its crosses), the table with its rows
    page.wait_for_selector(".st-key-active-filters button", timeout=30_000)
    wait_ready(page)
    rows = page.locator("[data-testid=stDataFrame]").first
    return {
        "title": page.locator("h1").first.inner_text(),
        "cards": metric_values(page),
        "rows": rows.get_attribute("aria-rowcount") if rows.count() else None,
        "filtering": (
            page.locator(".st-key-active-filters").inner_text()
            if page.locator(".st-key-active-filters").count()
            else ""
        ),
        "sidebar": page.locator("[data-testid=stSidebar] [data-baseweb=select]").all_inner_texts(),
    }


@pytest.mark.parametrize(
    "link",
    [
        "/xu-huong?from=2018&to=2024&sector=education&sector=commune",
        "/tra-cuu?from=2019&to=2019&level=HTTNV&threshold=exempt_pct:at_least:10",
        "/mien-sinh-hoat?year=2019&from=2016&to=2019&type=base_cell",
    ],
)
def test_a_shared_link_shows_a_colleague_exactly_what_the_sender_saw(
    new_tab: Any, secured_url: str, link: str
) -> None:
    """The sender, signed in, opens the view; a colleague in a fresh browser opens the link,
    signs in, and lands on the same page with the same figures, filters and link."""
    tab = new_tab(1366, 768)  # the sender's browser
    other = new_tab(1366, 768)  # the colleague's
    sign_in(tab, secured_url + link, "lanhdao", "demo")
    tab.wait_for_selector(SIGNED_IN, timeout=30_000)
    seen = _view(tab)
    sent = urlsplit(tab.url)

    other.goto(secured_url + link)
    wait_ready(other)
    assert other.locator(LOGIN_FORM).count() == 1  # signed out: the form first
    submit_login(other, "lanhdao", "demo")
    other.wait_for_selector(SIGNED_IN, timeout=30_000)
    got = _view(other)
    landed = urlsplit(other.url)
    assert landed.path == sent.path == urlsplit(link).path
    assert parse_qs(landed.query) == parse_qs(sent.query)
    for key, value in parse_qs(urlsplit(link).query).items():
        assert parse_qs(landed.query)[key] == value  # nothing of the link was lost
    assert got == seen
    assert got["filtering"].startswith("Đang lọc")
