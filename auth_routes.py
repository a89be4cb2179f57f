"""The HTTP side of login: POST /dang-nhap and POST /dang-xuat, served beside Streamlit (server.py).

Signing in is an ordinary form post answered by the server, not a component in the page:
the response that accepts the password carries the session cookie (HttpOnly, SameSite=Lax,
Secure over TLS), so the browser holds it before the next page even starts to load. The
cookie holds a random session id; the user, the expiry and the revocation live in the auth
store (``AuthStore.sign_in``, ``end_session``), and the Streamlit script (ui/auth.py) finds
the user from ``st.context.cookies`` on every run.

Both routes refuse a post that does not come from a page of this site (``same_site``). After
signing in the browser goes back where it was (``next``, a path on this site with its query);
a refused login goes back there too, with a one-time notice for the form to show.

The admin's download of a fresh backup is a route here too (POST /sao-luu, from the admin
page's own form, for a signed-in user who may manage users): the archive is as big as the
database (960 MiB nationally) and is streamed from disk, where a page's download button holds
the whole file in the server's memory while the session lives. So is the import page's download
of the data in the import format (POST /xuat-du-lieu, for a user who may import and reads every
organization): the command line's ``export data`` writes it in a process of its own (a national
history, 7,4 million rows, is minutes of Python writing cells: in the server's process it would
hold every other session meanwhile), then it is streamed from disk.

Not in ui/: importing that package loads the cached page helpers, which belong to script
runs, not to the server's start.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from xeploai import backup as backups
from xeploai.access.login import (
    BACKUP_NOTICE_COOKIE,
    BACKUP_PATH,
    DATA_EXPORT_NOTICE_COOKIE,
    DATA_EXPORT_PATH,
    LOGIN_PATH,
    LOGOUT_PATH,
    NOTICE_COOKIE,
    NOTICE_SECONDS,
    NOTICES,
    SESSION_COOKIE,
    auth_disabled,
    safe_next,
    same_site,
    url_prefix,
)
from xeploai.access.users import ADMIN_OFF, SESSION_TTL, AuthStore, auth_store
from xeploai.exports import KINDS
from xeploai.interpreter import run_module
from xeploai.screens.registry import page
from xeploai.store.database import DatabaseMissing, db_path
from xeploai.texts import AUTH, IMPORT

MAX_BODY = 16_384  # a login form is a few hundred bytes


def base_path() -> str:
    """The URL prefix the app is served under ('' at the root; server.baseUrlPath)."""
    from streamlit import config

    return url_prefix(config.get_option("server.baseUrlPath"))


def store() -> AuthStore:
    return auth_store(db_path())


def _too_big(request: Request) -> bool:
    length = request.headers.get("content-length") or "0"
    return not length.isdigit() or int(length) > MAX_BODY


def _set_cookie(response: Response, request: Request, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=f"{base_path()}/",
        secure=_secure(request),
        httponly=True,
        samesite="lax",
    )


def _delete_cookie(response: Response, request: Request, name: str) -> None:
    response.delete_cookie(
        name, path=f"{base_path()}/", secure=_secure(request), httponly=True, samesite="lax"
    )


def _secure(request: Request) -> bool:
    # https directly, or through a proxy uvicorn trusts (X-Forwarded-Proto from the addresses
    # in FORWARDED_ALLOW_IPS, 127.0.0.1 by default)
    return request.url.scheme == "https"


def _not_our_post(request: Request) -> Response | None:
    """What a request gets that is not a post from a page of this site: a GET goes to the home
    page, another site's post is refused; None for our own post."""
    if request.method != "POST":
        return RedirectResponse(f"{base_path()}/", status_code=303)
    if not same_site(request.headers):
        return PlainTextResponse(AUTH["cross_site"], status_code=403)
    return None


async def login(request: Request) -> Response:
    if (refused := _not_our_post(request)) is not None:
        return refused
    base = base_path()
    if _too_big(request):
        return Response(status_code=413)
    form = await request.form(max_files=0, max_fields=8)
    username, password = form.get("username"), form.get("password")
    target = safe_next(form.get("next"), base)
    users = store()
    # failed logins slow down the address they come from, never an account (finding 5.2);
    # behind a proxy uvicorn puts the browser's address here (FORWARDED_ALLOW_IPS)
    source = request.client.host if request.client else ""
    if isinstance(username, str) and isinstance(password, str):
        outcome, token = await run_in_threadpool(users.sign_in, username, password, source)
    else:
        outcome, token = await run_in_threadpool(users.sign_in, "", "", source)
    response = RedirectResponse(target, status_code=303)
    if token is None:
        _set_cookie(response, request, NOTICE_COOKIE, NOTICES.put(outcome), NOTICE_SECONDS)
        return response
    # A session this browser held before is left to expire rather than ended: another tab
    # may still be drawing with it, and no one can present it once the cookie is replaced.
    _set_cookie(response, request, SESSION_COOKIE, token, int(SESSION_TTL.total_seconds()))
    if NOTICE_COOKIE in request.cookies:
        _delete_cookie(response, request, NOTICE_COOKIE)
    return response


async def logout(request: Request) -> Response:
    if (refused := _not_our_post(request)) is not None:
        return refused
    base = base_path()
    users = store()
    username = await run_in_threadpool(users.end_session, request.cookies.get(SESSION_COOKIE))
    if username is not None:
        # every session of the user ends with it: a cookie copied from another browser before
        # "Đăng xuất" no longer opens anything (issue "Run it for real", finding 1)
        await run_in_threadpool(users.end_sessions, username)
        await run_in_threadpool(users.record, "logout", username)
    response = RedirectResponse(f"{base}/", status_code=303)
    _delete_cookie(response, request, SESSION_COOKIE)
    return response


async def backup(request: Request) -> Response:
    """A backup taken now, streamed to the admin who asked (the audit trail says who)."""
    return await _made_and_streamed(
        request, "users", _backup, ("admin", BACKUP_NOTICE_COOKIE), "backup", {}
    )


async def data_export(request: Request) -> Response:
    """Every year's data in the import format, written now and streamed to the user who asked
    (the audit trail says who, which file and how large): one workbook, or a zip of several when
    one would be more than the importer reads (``export data`` decides, as it writes). For a
    user who may import: the whole database's rows, never for one limited to some
    organizations (``User.can``)."""
    return await _made_and_streamed(
        request,
        "import",
        _export_data,
        ("data_import", DATA_EXPORT_NOTICE_COOKIE),
        "export",
        {"kind": "data"},
    )


# what a file made for a download is sent as, by its suffix
_MIME = {".tar": "application/x-tar", ".xlsx": KINDS["xlsx"].mime, ".zip": "application/zip"}


async def _made_and_streamed(
    request: Request,
    permission: str,
    make: Callable[[Path, Path], Path | str],
    back: tuple[str, str],
    action: str,
    detail: dict[str, object],
) -> Response:
    """A file ``make`` writes now (the database's path, a folder of its own beside it), streamed
    from disk to the user who asked (one with ``permission``, from our own page), the folder
    removed once it is sent; the audit trail records ``action`` (who, which file, how large).
    When it cannot be made (``make`` says why), back to the page ``back`` names, which says why
    (the notice under its cookie): not a page of plain text in its place."""
    if (refused := _not_our_post(request)) is not None:
        return refused
    users = store()
    user = (
        ADMIN_OFF
        if auth_disabled()
        else await run_in_threadpool(users.session_user, request.cookies.get(SESSION_COOKIE))
    )
    page_key, cookie = back
    there = f"{base_path()}/{page(page_key).url_path}"
    if user is None:
        # signed out since the page was drawn (the session ended or expired): back to the page,
        # which asks to sign in and then offers the button again
        return RedirectResponse(there, status_code=303)
    if not user.can(permission):
        return PlainTextResponse(AUTH["forbidden"], status_code=403)
    path = db_path()
    folder = Path(tempfile.mkdtemp(prefix=".xeploai-download-", dir=path.parent))
    gone = BackgroundTask(shutil.rmtree, folder, ignore_errors=True)  # once it is sent
    made = await run_in_threadpool(make, path, folder)
    if isinstance(made, str):
        to = RedirectResponse(there, status_code=303, background=gone)
        _set_cookie(to, request, cookie, NOTICES.put(made), NOTICE_SECONDS)
        return to
    detail = {**detail, "file": made.name, "via": "download", "size": made.stat().st_size}
    await run_in_threadpool(users.record, action, user.username, detail=detail)
    return FileResponse(made, media_type=_MIME[made.suffix], filename=made.name, background=gone)


def _backup(path: Path, folder: Path) -> Path | str:
    """A backup taken into ``folder``, or why it could not be (a full disk, the database
    missing)."""
    try:
        return backups.take(path, folder)
    except (backups.BackupError, DatabaseMissing) as exc:
        return str(exc)


def _export_data(path: Path, folder: Path) -> Path | str:
    """``python -m xeploai export data`` into ``folder``: the file it wrote, or why it failed
    (its own message, in Vietnamese)."""
    asked = folder / f"{IMPORT['export_file']}.xlsx"
    done = run_module(
        ["xeploai", "export", "data", "--db", str(path), "--out", str(asked)],
        # its message read as it is written, whatever the server's locale (Python writes UTF-8
        # under C or POSIX, not under a Latin-1 one)
        env={"PYTHONIOENCODING": "utf-8"},
        encoding="utf-8",
        errors="replace",
    )
    made = [f for f in (asked, asked.with_suffix(".zip")) if f.is_file()]
    if done.returncode != 0 or len(made) != 1:
        lines = done.stderr.strip().splitlines()
        return IMPORT["export_failed"].format(error=lines[-1] if lines else done.returncode)
    return made[0]


def routes() -> list[BaseRoute]:
    """The login, logout, backup and data export routes, for ``st.App(routes=...)``.

    GET on any of them only goes to the home page: signing out changes state, and a backup
    or an export is made for whoever asks, so each takes a post from our own page, never a
    link or an image another site could embed.
    """
    base = base_path()
    return [
        Route(base + LOGIN_PATH, login, methods=["GET", "POST"]),
        Route(base + LOGOUT_PATH, logout, methods=["GET", "POST"]),
        Route(base + BACKUP_PATH, backup, methods=["GET", "POST"]),
        Route(base + DATA_EXPORT_PATH, data_export, methods=["GET", "POST"]),
    ]
