"""The login and logout routes (auth_routes.py), called in-process as the ASGI server would.

What the browser gets back: where it is sent, which cookies with which attributes; and what
the store records. The pages that read the cookie are tested in test_auth.py, the whole thing
in a browser in test_browser_auth.py.
"""

from __future__ import annotations

import asyncio
import io
import json
import re
import subprocess
import tarfile
from collections.abc import MutableMapping
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import openpyxl
import pytest
from starlette.applications import Starlette

import auth_routes
from xeploai.access.login import (
    BACKUP_NOTICE_COOKIE,
    BACKUP_PATH,
    DATA_EXPORT_NOTICE_COOKIE,
    DATA_EXPORT_PATH,
    LOGIN_PATH,
    LOGOUT_PATH,
    NOTICE_COOKIE,
    NOTICES,
    SESSION_COOKIE,
    Notices,
    safe_next,
    url_prefix,
)
from xeploai.access.users import BACKOFF_START, SESSION_TTL, AuthStore, auth_path
from xeploai.cli import main
from xeploai.ingest import workbook
from xeploai.store.database import Database, DatabaseMissing
from xeploai.texts import AUTH

HOST = "xeploai.test:8501"
SAME = {"origin": f"http://{HOST}"}


class Reply:
    def __init__(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def location(self) -> str | None:
        return next((v for k, v in self.headers if k == "location"), None)

    def cookies(self) -> dict[str, Any]:
        """Set-Cookie headers by name: the value and the attributes."""
        out: dict[str, Any] = {}
        for key, value in self.headers:
            if key == "set-cookie":
                jar: SimpleCookie = SimpleCookie()
                jar.load(value)
                for name, morsel in jar.items():
                    out[name] = morsel
        return out


def call(
    method: str,
    path: str,
    *,
    form: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    cookies: dict[str, str] | None = None,
    scheme: str = "http",
    client: str = "127.0.0.1",
) -> Reply:
    """One request to a Starlette app holding only our routes (no HTTP client needed)."""
    app = Starlette(routes=auth_routes.routes())
    body = urlencode(form or {}).encode()
    raw = {"host": HOST, **(headers or {})}
    if form is not None:
        raw["content-type"] = "application/x-www-form-urlencoded"
        raw["content-length"] = str(len(body))
    if cookies:
        raw["cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": scheme,
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "server": ("xeploai.test", 8501),
        "client": (client, 5000),
        "headers": [(k.lower().encode(), v.encode()) for k, v in raw.items()],
    }
    sent: list[dict[str, Any]] = []

    async def served() -> None:
        delivered = False
        answered = asyncio.Event()

        async def receive() -> dict[str, Any]:
            nonlocal delivered
            if delivered:  # the client stays until the whole answer is sent, as a browser does
                await answered.wait()
                return {"type": "http.disconnect"}
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: MutableMapping[str, Any]) -> None:
            sent.append(dict(message))
            if message["type"] == "http.response.body" and not message.get("more_body"):
                answered.set()

        await app(scope, receive, send)

    # a thread of its own: a Playwright session in this worker keeps an event loop running
    # in the main thread, and asyncio.run refuses to start inside a running loop
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, served()).result()
    start = next(m for m in sent if m["type"] == "http.response.start")
    return Reply(
        start["status"],
        [(k.decode().lower(), v.decode()) for k, v in start["headers"]],
        b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body"),
    )


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast_bcrypt: None) -> AuthStore:
    # the routes only need the users' store; the database file itself is never opened
    path = tmp_path / "routes.duckdb"
    users = AuthStore(auth_path(path))
    users.ensure_demo_accounts()
    monkeypatch.setenv("XEPLOAI_DB", str(path))
    monkeypatch.delenv("XEPLOAI_AUTH", raising=False)
    return users


def sign_in(name: str = "quantri", password: str = "demo", next_: str = "/", **kw: Any) -> Reply:
    return call(
        "POST", LOGIN_PATH, form={"username": name, "password": password, "next": next_}, **kw
    )


def test_a_good_login_sets_an_http_only_session_cookie_and_goes_back(store: AuthStore) -> None:
    reply = sign_in(next_="/xu-huong?from=2018&to=2024&sector=education", headers=SAME)
    assert reply.status == 303
    assert reply.location == "/xu-huong?from=2018&to=2024&sector=education"
    cookie = reply.cookies()[SESSION_COOKIE]
    assert cookie["httponly"] and cookie["samesite"].lower() == "lax"
    assert cookie["path"] == "/" and not cookie["secure"]
    assert int(cookie["max-age"]) == int(SESSION_TTL.total_seconds())
    user = store.session_user(cookie.value)
    assert user is not None and user.username == "quantri"
    rows = store.audit_rows(action="login")
    assert rows[0]["username"] == "quantri" and rows[0]["success"]


def test_over_tls_the_cookie_is_secure(store: AuthStore) -> None:
    reply = sign_in(headers={"origin": f"https://{HOST}"}, scheme="https")
    assert reply.cookies()[SESSION_COOKIE]["secure"]


def test_a_refused_login_leaves_a_one_time_notice_and_no_session(store: AuthStore) -> None:
    reply = sign_in(password="sai", next_="/chi-tieu?year=2019", headers=SAME)
    assert reply.status == 303 and reply.location == "/chi-tieu?year=2019"
    cookies = reply.cookies()
    assert SESSION_COOKIE not in cookies
    notice = cookies[NOTICE_COOKIE]
    assert notice["httponly"]
    assert NOTICES.take(notice.value) == "failed"
    assert NOTICES.take(notice.value) is None  # read once
    rows = store.audit_rows(action="login")
    assert rows[0]["username"] == "quantri" and not rows[0]["success"]


def test_repeated_failures_make_this_address_wait_and_say_so(store: AuthStore) -> None:
    for _ in range(5):
        sign_in(name="bantochuc", password="sai", headers=SAME)
    reply = sign_in(name="bantochuc", password="demo", headers=SAME)
    assert SESSION_COOKIE not in reply.cookies()
    assert NOTICES.take(reply.cookies()[NOTICE_COOKIE].value) == "locked"


def test_a_missing_field_is_a_failed_login_not_an_error(store: AuthStore) -> None:
    reply = call("POST", LOGIN_PATH, form={"username": "quantri"}, headers=SAME)
    assert reply.status == 303 and SESSION_COOKIE not in reply.cookies()


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "http://evil.example"},
        {"origin": "null"},
        {"referer": "http://evil.example/login.html"},
        {},  # neither Origin nor Referer
        {"origin": f"http://{HOST}", "sec-fetch-site": "cross-site"},
        {"origin": f"http://{HOST}.evil.example"},
    ],
)
def test_a_cross_site_post_is_refused(store: AuthStore, headers: dict[str, str]) -> None:
    reply = sign_in(headers=headers)
    assert reply.status == 403 and "từ chối" in reply.body.decode()
    assert not reply.cookies()
    assert store.audit_rows(action="login") == []  # not even counted as a try


@pytest.mark.parametrize(
    "headers",
    [
        {"referer": f"http://{HOST}/xu-huong?year=2019"},  # a browser that sends no Origin
        {"origin": "https://dashboard.example", "x-forwarded-host": "dashboard.example"},  # proxy
        {"origin": f"http://{HOST}", "sec-fetch-site": "same-origin"},
    ],
)
def test_a_post_from_our_own_page_is_accepted(store: AuthStore, headers: dict[str, str]) -> None:
    assert SESSION_COOKIE in sign_in(headers=headers).cookies()


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/x",
        "https://evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        "evil.example",
        "",
        "/\r\nSet-Cookie: x=1",
        "/" + "a" * 3000,
    ],
)
def test_the_way_back_stays_on_this_site(store: AuthStore, target: str) -> None:
    reply = sign_in(next_=target, headers=SAME)
    assert reply.status == 303 and reply.location == "/"


@pytest.mark.parametrize("base", ["", "/xeploai"])
@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "", None])
def test_the_way_back_to_the_home_page_keeps_the_apps_path(base: str, target: str | None) -> None:
    # served under a path of a site (server.baseUrlPath), the home page is the path's
    assert safe_next(target, base) == f"{base}/"


def test_logout_ends_every_session_of_the_user_on_the_server(store: AuthStore) -> None:
    token = sign_in(headers=SAME).cookies()[SESSION_COOKIE].value
    other = sign_in(headers=SAME).cookies()[SESSION_COOKIE].value  # another browser
    refused = call(
        "POST",
        LOGOUT_PATH,
        cookies={SESSION_COOKIE: token},
        headers={"origin": "http://evil.example"},
    )
    assert refused.status == 403 and store.session_user(token) is not None
    reply = call("POST", LOGOUT_PATH, cookies={SESSION_COOKIE: token}, headers=SAME)
    assert reply.status == 303 and reply.location == "/"
    gone = reply.cookies()[SESSION_COOKIE]
    assert gone.value == "" and int(gone["max-age"]) == 0
    assert store.session_user(token) is None  # the old cookie value is worth nothing now
    # nor a copy of it, nor the user's session in another browser: logout ends them all
    assert store.session_user(other) is None
    assert store.audit_rows(action="logout")[0]["username"] == "quantri"
    # a second logout, or one without a cookie, is harmless and records nothing
    assert call("POST", LOGOUT_PATH, cookies={SESSION_COOKIE: token}, headers=SAME).status == 303
    assert len(store.audit_rows(action="logout")) == 1


def test_signing_in_again_leaves_the_other_tabs_session(store: AuthStore) -> None:
    old = sign_in(headers=SAME).cookies()[SESSION_COOKIE].value
    new = sign_in(headers=SAME, cookies={SESSION_COOKIE: old}).cookies()[SESSION_COOKIE].value
    assert new != old
    assert store.session_user(old) is not None and store.session_user(new) is not None


def test_a_get_changes_nothing(store: AuthStore) -> None:
    token = sign_in(headers=SAME).cookies()[SESSION_COOKIE].value
    for path in (LOGIN_PATH, LOGOUT_PATH, BACKUP_PATH):
        reply = call("GET", path, cookies={SESSION_COOKIE: token})
        assert reply.status == 303 and reply.location == "/" and not reply.cookies()
    assert store.session_user(token) is not None


def test_an_oversized_post_is_refused(store: AuthStore) -> None:
    reply = sign_in(password="x" * 20_000, headers=SAME)
    assert reply.status == 413 and not reply.cookies()


def test_notices_are_taken_once_and_expire() -> None:
    notices = Notices(seconds=60)
    key = notices.put("locked")
    assert notices.take(key) == "locked" and notices.take(key) is None
    assert notices.take(None) is None and notices.take("khong-co") is None
    stale = Notices(seconds=-1)
    assert stale.take(stale.put("failed")) is None


def test_a_stranger_cannot_lock_the_admin_out(store: AuthStore) -> None:
    """Finding 5.2: five wrong passwords for `quantri` locked it, and kept it locked."""
    stranger = "203.0.113.7"
    for _ in range(25):  # the probe's stranger, hammering the admin's name
        reply = sign_in(name="quantri", password="doan-bua", headers=SAME, client=stranger)
        assert SESSION_COOKIE not in reply.cookies()
    # the admin, from their own machine, signs in at once with the right password
    reply = sign_in(name="quantri", password="demo", headers=SAME, client="192.0.2.10")
    assert store.session_user(reply.cookies()[SESSION_COOKIE].value) == store.get("quantri")
    # the stranger's machine waits, and hammering during the wait did not lengthen it
    [(source, failures, wait)] = store.throttled()
    assert (source, failures) == (stranger, 5) and wait <= BACKOFF_START
    # even the right password is not checked from there until the wait is over
    reply = sign_in(name="quantri", password="demo", headers=SAME, client=stranger)
    assert NOTICES.take(reply.cookies()[NOTICE_COOKIE].value) == "locked"
    assert SESSION_COOKIE not in reply.cookies()


@pytest.mark.parametrize(
    ("option", "prefix"),
    [(None, ""), ("", ""), ("/", ""), ("app", "/app"), ("/app/", "/app"), ("a/b", "/a/b")],
)
def test_the_url_prefix_is_said_once_for_the_routes_and_the_pages(
    option: object, prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import streamlit as st
    from streamlit import config

    import ui.auth

    monkeypatch.setattr(config, "get_option", lambda name: option)
    monkeypatch.setattr(st, "get_option", lambda name: option)
    assert url_prefix(option) == prefix
    assert auth_routes.base_path() == ui.auth.base_path() == prefix


def test_the_routes_and_the_pages_share_one_auth_store(store: AuthStore) -> None:
    import ui.auth

    assert auth_routes.store() is ui.auth.store()
    assert auth_routes.store().path == store.path


GOOD = Path(__file__).resolve().parents[1] / "files" / "import" / "good"


def small_district(path: Path) -> None:
    assert main(["init", "--superior", "Đảng bộ xã thử", "--db", str(path)]) == 0
    assert main(["import", str(GOOD / "small.xlsx"), "--db", str(path)]) == 0


def test_the_admin_downloads_a_fresh_backup_streamed_from_disk(
    store: AuthStore, tmp_path: Path
) -> None:
    # a backup is as big as the database (960 MiB nationally): the route streams it from a
    # folder of its own beside the database, gone once it is sent, and the audit says who
    assert (
        main(["init", "--superior", "Đảng bộ xã thử", "--db", str(tmp_path / "routes.duckdb")]) == 0
    )
    token = sign_in(headers=SAME).cookies()[SESSION_COOKIE].value  # quantri, the admin
    reply = call("POST", BACKUP_PATH, cookies={SESSION_COOKIE: token}, headers=SAME)
    assert reply.status == 200
    headers = dict(reply.headers)
    assert headers["content-type"] == "application/x-tar"
    [name] = re.findall(r'filename="(xeploai-\d{8}-\d{6}\.tar)"', headers["content-disposition"])
    with tarfile.open(fileobj=io.BytesIO(reply.body)) as archive:
        members = archive.getnames()
    assert any(m.endswith(".duckdb") for m in members), members
    [row] = store.audit_rows(action="backup")
    assert row["username"] == "quantri"
    assert json.loads(str(row["detail"])) == {
        "file": name,
        "via": "download",
        "size": len(reply.body),
    }
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".xeploai")) == []


def test_a_backup_that_cannot_be_taken_sends_the_admin_back_to_say_why(
    store: AuthStore, tmp_path: Path
) -> None:
    # the database is not there (nothing was ever created at the path): no archive, no audit
    # row, no folder left; the admin goes back to the admin page, which says DuckDB's reason in
    # Vietnamese (the notice the route leaves, read by views/admin.py)
    token = sign_in(headers=SAME).cookies()[SESSION_COOKIE].value  # quantri, the admin
    reply = call("POST", BACKUP_PATH, cookies={SESSION_COOKIE: token}, headers=SAME)
    assert reply.status == 303
    assert dict(reply.headers)["location"] == "/quan-tri"
    message = NOTICES.take(reply.cookies()[BACKUP_NOTICE_COOKIE].value)
    with pytest.raises(DatabaseMissing) as missing:
        Database(tmp_path / "routes.duckdb", read_only=True)
    assert message == str(missing.value)
    assert store.audit_rows(action="backup") == []
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".xeploai")] == []


@pytest.mark.parametrize(
    ("path", "action", "there"),
    [(BACKUP_PATH, "backup", "/quan-tri"), (DATA_EXPORT_PATH, "export", "/nhap-du-lieu")],
)
def test_a_download_asked_after_signing_out_goes_back_to_the_page_to_sign_in(
    store: AuthStore, tmp_path: Path, path: str, action: str, there: str
) -> None:
    # the session ended (another tab signed out, or it expired) while the page was open: the
    # page asks to sign in, then offers its button again; nothing is made or recorded
    small_district(tmp_path / "routes.duckdb")
    token = sign_in(headers=SAME).cookies()[SESSION_COOKIE].value  # quantri
    call("POST", LOGOUT_PATH, cookies={SESSION_COOKIE: token}, headers=SAME)
    for cookies in ({SESSION_COOKIE: token}, {}):
        reply = call("POST", path, cookies=cookies, headers=SAME)
        assert (reply.status, reply.location, reply.body) == (303, there, b"")
    assert store.audit_rows(action=action) == []
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".xeploai")] == []


@pytest.mark.parametrize(
    ("path", "action", "who", "headers"),
    [
        (BACKUP_PATH, "backup", "lanhdao", SAME),  # a viewer: no backups
        (BACKUP_PATH, "backup", "bantochuc", SAME),  # an editor neither
        # another site's form, the admin's cookie
        (BACKUP_PATH, "backup", "quantri", {"origin": "http://evil.example"}),
        (DATA_EXPORT_PATH, "export", "lanhdao", SAME),  # a viewer: no import, no data export
        (DATA_EXPORT_PATH, "export", "bantochuc", {"origin": "http://evil.example"}),
    ],
)
def test_a_download_is_only_for_who_may_take_it_from_our_own_page(
    store: AuthStore,
    tmp_path: Path,
    path: str,
    action: str,
    who: str | None,
    headers: dict[str, str],
) -> None:
    small_district(tmp_path / "routes.duckdb")
    cookies = {}
    if who is not None:
        cookies[SESSION_COOKIE] = sign_in(name=who, headers=SAME).cookies()[SESSION_COOKIE].value
    reply = call("POST", path, cookies=cookies, headers=headers)
    said = AUTH["forbidden" if headers is SAME else "cross_site"]
    assert (reply.status, reply.body.decode()) == (403, said)
    assert store.audit_rows(action=action) == []
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".xeploai")] == []


# --- the data in the import format (the import page's download) -------------------------------


def test_the_data_is_written_by_the_command_line_and_streamed_from_disk(
    store: AuthStore, tmp_path: Path
) -> None:
    # the command line's export, in a process of its own, into a folder beside the database
    # that is gone once the file is sent; the audit says who took which file
    small_district(tmp_path / "routes.duckdb")
    token = sign_in(name="bantochuc", headers=SAME).cookies()[SESSION_COOKIE].value  # an editor
    reply = call("POST", DATA_EXPORT_PATH, cookies={SESSION_COOKIE: token}, headers=SAME)
    assert reply.status == 200
    headers = dict(reply.headers)
    assert headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="du_lieu_xep_loai.xlsx"' in headers["content-disposition"]
    assert workbook.importable(reply.body)
    years = {
        row[0]
        for row in openpyxl.load_workbook(io.BytesIO(reply.body))["results"].iter_rows(
            min_row=2, values_only=True
        )
    }
    assert years == {2019, 2020}
    [row] = store.audit_rows(action="export")
    assert row["username"] == "bantochuc"
    assert json.loads(str(row["detail"])) == {
        "kind": "data",
        "file": "du_lieu_xep_loai.xlsx",
        "via": "download",
        "size": len(reply.body),
    }
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".xeploai")] == []


def test_data_too_large_for_one_workbook_comes_as_the_zip_the_command_wrote(
    store: AuthStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the command line decides, as it writes (the district is one workbook: the command is
    # stood in for by one that writes what it writes for a national history)
    small_district(tmp_path / "routes.duckdb")

    def command(args: list[str], **kw: Any) -> subprocess.CompletedProcess[str]:
        assert args[1:5] == ["-m", "xeploai", "export", "data"]
        out = Path(args[args.index("--out") + 1])
        assert out.name == "du_lieu_xep_loai.xlsx" and out.parent.name.startswith(".xeploai")
        out.with_suffix(".zip").write_bytes(b"PK parts")
        return subprocess.CompletedProcess(args, 0, "", "")

    token = sign_in(name="bantochuc", headers=SAME).cookies()[SESSION_COOKIE].value
    with monkeypatch.context() as patch:
        patch.setattr(subprocess, "run", command)
        reply = call("POST", DATA_EXPORT_PATH, cookies={SESSION_COOKIE: token}, headers=SAME)
    assert (reply.status, reply.body) == (200, b"PK parts")
    headers = dict(reply.headers)
    assert headers["content-type"] == "application/zip"
    assert 'filename="du_lieu_xep_loai.zip"' in headers["content-disposition"]
    [row] = store.audit_rows(action="export")
    assert json.loads(str(row["detail"]))["file"] == "du_lieu_xep_loai.zip"


def test_a_command_that_fails_after_writing_sends_no_file(
    store: AuthStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # what a failing command left is not sent: the user is told its last words
    small_district(tmp_path / "routes.duckdb")

    def command(args: list[str], **kw: Any) -> subprocess.CompletedProcess[str]:
        Path(args[args.index("--out") + 1]).write_bytes(b"PK half")
        return subprocess.CompletedProcess(args, 1, "", "Traceback …\nOSError: đĩa đầy\n")

    token = sign_in(name="bantochuc", headers=SAME).cookies()[SESSION_COOKIE].value
    with monkeypatch.context() as patch:
        patch.setattr(subprocess, "run", command)
        reply = call("POST", DATA_EXPORT_PATH, cookies={SESSION_COOKIE: token}, headers=SAME)
    assert reply.status == 303
    message = NOTICES.take(reply.cookies()[DATA_EXPORT_NOTICE_COOKIE].value)
    assert message == "Không xuất được dữ liệu: OSError: đĩa đầy"
    assert store.audit_rows(action="export") == []
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".xeploai")] == []


def test_a_data_export_that_cannot_be_made_sends_the_user_back_to_say_why(
    store: AuthStore, tmp_path: Path
) -> None:
    # no database at the path: the command line's own message, on the import page; no file,
    # no audit row, no folder left
    token = sign_in(name="bantochuc", headers=SAME).cookies()[SESSION_COOKIE].value
    reply = call("POST", DATA_EXPORT_PATH, cookies={SESSION_COOKIE: token}, headers=SAME)
    assert reply.status == 303
    assert dict(reply.headers)["location"] == "/nhap-du-lieu"
    message = NOTICES.take(reply.cookies()[DATA_EXPORT_NOTICE_COOKIE].value)
    assert message == (
        f"Không xuất được dữ liệu: Chưa có cơ sở dữ liệu tại {tmp_path / 'routes.duckdb'}. Chạy "
        '`python -m xeploai demo` hoặc `python -m xeploai init --superior "Tên đảng bộ"`.'
    )
    assert store.audit_rows(action="export") == []
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".xeploai")] == []
