"""What the login routes (auth_routes.py) and the pages (ui/auth.py) agree on, without a framework.

The cookie names and addresses; the check that a login or logout post comes from a page of
this site (the defence against cross-site request forgery); where the browser may be sent
back after signing in; and the one-time notices that tell the form why a login was refused.
The sessions themselves are ``AuthStore``'s (xeploai/access/users.py).
"""

from __future__ import annotations

import os
import secrets
import threading
import time
from collections.abc import Mapping
from urllib.parse import urlsplit, urlunsplit

SESSION_COOKIE = "xeploai_session"
NOTICE_COOKIE = "xeploai_login_notice"
# why the backup the admin asked for could not be taken, for the page the route sends them back to
BACKUP_NOTICE_COOKIE = "xeploai_backup_notice"
LOGIN_PATH = "/dang-nhap"
LOGOUT_PATH = "/dang-xuat"
# the admin's download of a fresh backup: a file as big as the database, streamed from disk
BACKUP_PATH = "/sao-luu"
# the import page's download of every year's data in the import format, made on disk by the
# command line's export in a process of its own and streamed (a national history: 213 MB,
# minutes to write); why it failed, for the page the route sends them back to
DATA_EXPORT_PATH = "/xuat-du-lieu"
DATA_EXPORT_NOTICE_COOKIE = "xeploai_export_notice"
NOTICE_SECONDS = 300
MAX_NEXT = 2000


def auth_disabled() -> bool:
    """Only the exact value XEPLOAI_AUTH=off turns login off."""
    return os.environ.get("XEPLOAI_AUTH") == "off"


def same_site(headers: Mapping[str, str]) -> bool:
    """True when a post comes from a page of this site; ``headers`` keyed in lower case.

    Browsers send Origin with every form post (Referer is the fallback for one that does
    not). It must name the host the browser addressed: Host, or X-Forwarded-Host behind a
    proxy. A browser that sends Sec-Fetch-Site must say same-origin. A post with neither
    Origin nor Referer is refused: a browser posting our own form always sends one.
    Another site cannot set these headers on a visitor's request, so it can neither sign a
    visitor in (to an account of its choosing) nor out.
    """
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site != "same-origin":
        return False
    source = headers.get("origin")
    if source is None:
        source = headers.get("referer")
    if not source or source == "null":
        return False
    netloc = urlsplit(source).netloc.lower()
    hosts = {headers.get("host", "").lower()}
    hosts.update(
        h.strip().lower() for h in headers.get("x-forwarded-host", "").split(",") if h.strip()
    )
    return bool(netloc) and netloc in hosts


def url_prefix(base_url_path: object) -> str:
    """The URL prefix the app is served under, from Streamlit's ``server.baseUrlPath``: ''
    at the root, else '/' and the path without its slashes ('/app')."""
    prefix = str(base_url_path or "").strip("/")
    return f"/{prefix}" if prefix else ""


def safe_next(value: object, base: str = "") -> str:
    """Where to go after login: a path on this site with its query, else the home page.

    Only a relative path beginning with one slash is taken ('//host', '/\\host', a scheme,
    control characters or a very long value all mean the home page), so the login cannot be
    used to send someone to another site.
    """
    home = f"{base}/"
    if not isinstance(value, str) or not value.startswith("/") or len(value) > MAX_NEXT:
        return home
    if value.startswith("//") or "\\" in value or any(ord(c) < 0x20 or c == "\x7f" for c in value):
        return home
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return home
    return urlunsplit(("", "", parts.path, parts.query, ""))


class Notices:
    """What a post's page must say when the browser comes back to it: why a login was refused
    ('failed', 'locked'), why a backup could not be taken (its message).

    The refused post leaves a notice under a random key (in a cookie) and redirects; the
    page's new session takes it, once, so a reload or another tab shows the plain form rather
    than a stale error. In memory: the routes and the pages run in the same server process.
    """

    def __init__(self, seconds: float = NOTICE_SECONDS) -> None:
        self._seconds = seconds
        self._items: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()

    def put(self, kind: str) -> str:
        key = secrets.token_urlsafe(16)
        now = time.monotonic()
        with self._lock:
            for old in [k for k, (_, until) in self._items.items() if until < now]:
                del self._items[old]
            self._items[key] = (kind, now + self._seconds)
        return key

    def take(self, key: str | None) -> str | None:
        if not key:
            return None
        with self._lock:
            kind, until = self._items.pop(key, ("", 0.0))
        return kind if kind and until >= time.monotonic() else None


NOTICES = Notices()
