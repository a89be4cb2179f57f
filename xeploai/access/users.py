"""Users, roles, per-organization scope and the audit trail.

The store is a small SQLite file beside the database (``<db>.auth.sqlite``), not a DuckDB
table: the app opens the results read-only, yet logins, failures and exports must be written
from the app while the command line adds users, and SQLite lets several processes write
short transactions safely. Passwords are hashed with bcrypt (the ``bcrypt`` package); a stored
hash is never the password.

Sessions live here too, on the server: signing in makes a random session id that the browser
keeps in an HttpOnly cookie, and the store keeps only its SHA-256 with the user and an expiry.
Whatever the cookie holds, it is worth nothing unless this table has it, so logging out,
changing a password or removing a user ends sessions at once, and a forged or garbled cookie is
simply no session.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import bcrypt

from xeploai.texts import AUTH

ROLES = ("viewer", "editor", "admin")
# What each role may do. A viewer reads every analysis page and may take exports of what it
# sees; an editor also imports, undoes and runs rule checks; an admin also manages users and
# reads the audit trail.
PERMISSIONS: dict[str, frozenset[str]] = {
    "viewer": frozenset({"view", "export"}),
    "editor": frozenset({"view", "export", "import", "rules"}),
    "admin": frozenset({"view", "export", "import", "rules", "users", "audit"}),
}
DEMO_ACCOUNTS = (("lanhdao", "viewer"), ("bantochuc", "editor"), ("quantri", "admin"))
DEMO_PASSWORD = "demo"
MIN_PASSWORD = 8
# bcrypt reads at most 72 bytes of a password; a longer one is refused rather than cut.
MAX_PASSWORD_BYTES = 72
# Passwords every guesser tries first (lists of leaked passwords, Vietnamese favourites);
# compared case-insensitively, with spaces removed.
COMMON_PASSWORDS = frozenset(
    {
        "12345678",
        "123456789",
        "1234567890",
        "0123456789",
        "87654321",
        "11223344",
        "12341234",
        "123123123",
        "1q2w3e4r",
        "1qaz2wsx",
        "abc12345",
        "abcd1234",
        "abcdefgh",
        "qwertyui",
        "qwerty123",
        "asdfghjk",
        "zxcvbnm1",
        "password",
        "password1",
        "passw0rd",
        "iloveyou",
        "admin123",
        "administrator",
        "letmein1",
        "welcome1",
        "matkhau",
        "matkhau1",
        "matkhau123",
        "matkhaumoi",
        "anhyeuem",
        "emyeuanh",
        "vietnam1",
        "vietnam123",
        "hochiminh",
        "saigon123",
        "hanoi123",
        "xeploai",
        "xeploai123",
        "dangvien",
        "dangvien123",
        "quantri",
        "quantri123",
        "bantochuc",
        "lanhdao123",
    }
)
# Failed logins are counted per source (the address the request came from), not per account:
# a stranger who types the admin's name five times slows only their own machine down. The
# first FREE_FAILURES cost nothing; after that each attempt must wait, from the last failure,
# BACKOFF_START doubled per further failure, up to MAX_WAIT. An attempt made while waiting
# is refused unchecked and neither counts nor extends the wait. A source's count is
# forgotten FAILURE_WINDOW after its last failure, or at its next good login, or when an
# administrator runs `users unlock`.
FREE_FAILURES = 5
MAX_FAILURES = FREE_FAILURES  # the name older tests and notes use
BACKOFF_START = timedelta(seconds=30)
MAX_WAIT = timedelta(minutes=15)
FAILURE_WINDOW = timedelta(minutes=15)
# A session lasts this long from sign-in, whatever happens in between.
SESSION_TTL = timedelta(hours=8)
# A session id is 43 characters (32 random bytes, URL-safe base64); anything much longer is junk.
_MAX_TOKEN = 256
SignInOutcome = Literal["ok", "failed", "locked"]
_USERNAME = re.compile(r"[a-z0-9][a-z0-9_.-]{1,31}")


class AuthError(ValueError):
    """A user-caused problem (bad name, weak password, unknown user); the message is Vietnamese."""


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    role: str
    orgs: tuple[str, ...]  # empty: every organization

    def can(self, permission: str) -> bool:
        if self.username == "(nobody)" or permission not in PERMISSIONS[self.role]:
            return False
        # a scope limits reading only: an import, an undo or the users are the whole
        # database's, so a scoped account (made before scopes were kept to viewers) may not
        return not self.orgs or permission in PERMISSIONS["viewer"]

    @property
    def scoped(self) -> bool:
        return bool(self.orgs)


ADMIN_OFF = User("(auth off)", AUTH["admin_off_name"], "admin", ())
# Nobody signed in: no permission, and a scope that matches no organization code.
NOBODY = User("(nobody)", "", "viewer", ("\x00",))


def check_scope(role: str, orgs: Sequence[str]) -> None:
    """Only a viewer may be limited to some organizations.

    An import writes whatever organizations its file holds and an undo takes a whole import
    back, so a scope cannot bind an editor's writes; rather than pretend it does, scoping an
    editor or an admin is refused (issue 15, finding 5.5).
    """
    if orgs and role != "viewer":
        raise AuthError(AUTH["scope_viewer_only"].format(role=role))


def auth_path(db_path: Path) -> Path:
    """$XEPLOAI_AUTH_DB, else the database's name with .auth.sqlite."""
    env = os.environ.get("XEPLOAI_AUTH_DB")
    if env:
        return Path(env)
    return db_path.with_name(db_path.stem + ".auth.sqlite")


@lru_cache(maxsize=4)
def _store_at(path: Path) -> AuthStore:
    return AuthStore(path)


def auth_store(db_path: Path) -> AuthStore:
    """The auth store of the database ``db_path`` (``auth_path``), one per process: the
    server's login routes and the pages' script runs share it."""
    return _store_at(auth_path(db_path))


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class AuthStore:
    """Users and the audit trail; one short connection per call, so threads never share one."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        _owner_only(self.path)
        with self._conn() as conn:
            conn.executescript("""
                pragma journal_mode = wal;
                create table if not exists users (
                    username text primary key,
                    display_name text not null,
                    role text not null check (role in ('viewer', 'editor', 'admin')),
                    orgs text not null default '[]',
                    password_hash text not null,
                    created_at text not null,
                    demo_password integer not null default 0
                );
                create table if not exists audit (
                    id integer primary key autoincrement,
                    at text not null,
                    username text,
                    action text not null,
                    success integer not null default 1,
                    detail text
                );
                create index if not exists audit_user_at on audit (username, action, at);
                create table if not exists sessions (
                    token_hash text primary key,
                    username text not null,
                    created_at text not null,
                    expires_at text not null
                );
                create index if not exists sessions_user on sessions (username);
                create table if not exists throttle (
                    source text primary key,
                    failures integer not null,
                    last_failure text not null
                );
            """)

    @contextmanager
    def _conn(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=10)
        try:
            with conn:
                yield conn
        finally:
            conn.close()

    # --- users ---------------------------------------------------------------------------

    def add_user(
        self,
        username: str,
        password: str,
        role: str,
        orgs: Sequence[str] = (),
        display_name: str | None = None,
        *,
        allow_weak: bool = False,
    ) -> User:

        if not _USERNAME.fullmatch(username):
            raise AuthError(AUTH["bad_username"].format(name=username))
        if role not in ROLES:
            raise AuthError(AUTH["bad_role"].format(role=role, roles=", ".join(ROLES)))
        check_scope(role, orgs)
        self._check_password(username, password, allow_weak)
        if self.get(username) is not None:
            raise AuthError(AUTH["user_exists"].format(name=username))
        user = User(username, display_name or username, role, tuple(orgs))
        with self._conn() as conn:
            conn.execute(
                "insert into users values (?, ?, ?, ?, ?, ?, ?)",
                (
                    username,
                    user.display_name,
                    role,
                    json.dumps(list(orgs)),
                    _hash(password),
                    _now().isoformat(timespec="seconds"),
                    int(password == DEMO_PASSWORD),
                ),
            )
        return user

    def _check_password(self, username: str, password: str, allow_weak: bool) -> None:
        """Refuse a password a guesser finds first, or one bcrypt cannot hold whole.

        ``allow_weak`` is for the documented demo accounts only (password "demo").
        """
        if len(password.encode("utf-8")) > MAX_PASSWORD_BYTES:
            raise AuthError(AUTH["password_too_long"].format(n=MAX_PASSWORD_BYTES))
        if not password.strip():
            raise AuthError(AUTH["password_blank"])
        if allow_weak:
            return
        if len(password) < MIN_PASSWORD:
            raise AuthError(AUTH["weak_password"].format(n=MIN_PASSWORD))
        folded = "".join(password.split()).casefold()
        if len(set(folded)) == 1:  # "aaaaaaaa", "aaaa AAAA"
            raise AuthError(AUTH["password_one_char"])
        if folded == username.casefold():
            raise AuthError(AUTH["password_is_username"])
        if folded in COMMON_PASSWORDS:
            raise AuthError(AUTH["password_common"])

    def remove_user(self, username: str) -> None:
        """Remove the user and end every session they have."""

        with self._conn() as conn:
            if conn.execute("delete from users where username = ?", (username,)).rowcount == 0:
                raise AuthError(AUTH["no_user"].format(name=username))
            conn.execute("delete from sessions where username = ?", (username,))

    def set_password(self, username: str, password: str) -> None:

        self._check_password(username, password, allow_weak=False)
        with self._conn() as conn:
            updated = conn.execute(
                "update users set password_hash = ?, demo_password = 0 where username = ?",
                (_hash(password), username),
            ).rowcount
            # a new password ends every session signed in with the old one
            conn.execute("delete from sessions where username = ?", (username,))
        if updated == 0:
            raise AuthError(AUTH["no_user"].format(name=username))

    def get(self, username: str) -> User | None:
        with self._conn() as conn:
            row = conn.execute(
                "select username, display_name, role, orgs from users where username = ?",
                (username,),
            ).fetchone()
        return _user(row) if row else None

    def users(self) -> list[User]:
        with self._conn() as conn:
            rows = conn.execute(
                "select username, display_name, role, orgs from users order by username"
            ).fetchall()
        return [_user(r) for r in rows]

    def has_users(self) -> bool:
        with self._conn() as conn:
            return conn.execute("select count(*) from users").fetchone()[0] > 0  # type: ignore[no-any-return]

    def password_hash(self, username: str) -> str | None:
        with self._conn() as conn:
            row = conn.execute(
                "select password_hash from users where username = ?", (username,)
            ).fetchone()
        return row[0] if row else None

    def verify(self, username: str, password: str) -> bool:
        stored = self.password_hash(username)
        if stored is None or len(password.encode("utf-8")) > MAX_PASSWORD_BYTES:
            # spend the same time as a real check, so timing does not tell names apart
            bcrypt.checkpw(b"x", _dummy_hash())
            return False
        return bcrypt.checkpw(password.encode("utf-8"), stored.encode("ascii"))

    # --- sign-in and sessions ---------------------------------------------------------

    def sign_in(
        self, username: str, password: str, source: str = ""
    ) -> tuple[SignInOutcome, str | None]:
        """Check a login and record it; on success a new session's id (for the cookie).

        ``source`` is where the request came from (the client's address; "" when unknown).
        While that source must wait (``wait``), the attempt is refused without looking at
        the password, recorded, and changes nothing: the wait runs from the last failure.
        No account is ever locked, so nobody can keep the administrator out.
        """
        name = username.strip().lower()
        if self.wait(source) > timedelta(0):
            self.record(
                "login", name or None, success=False, detail={"source": source, "throttled": True}
            )
            return "locked", None
        if name and password and self.verify(name, password):
            self.unlock(source)
            self.record("login", name, detail={"source": source} if source else None)
            return "ok", self.create_session(name)
        self._count_failure(source)
        self.record(
            "login", name or None, success=False, detail={"source": source} if source else None
        )
        return "failed", None

    def _count_failure(self, source: str) -> None:
        now = _now()
        with self._conn() as conn:
            row = conn.execute(
                "select failures, last_failure from throttle where source = ?", (source,)
            ).fetchone()
            stale = row is None or datetime.fromisoformat(row[1]) <= now - FAILURE_WINDOW
            failures = 1 if stale else int(row[0]) + 1
            conn.execute(
                "insert into throttle values (?, ?, ?) on conflict (source) do update"
                " set failures = excluded.failures,"
                " last_failure = excluded.last_failure",
                (source, failures, _stamp(now)),
            )

    def wait(self, source: str) -> timedelta:
        """How long the source must still wait before its next attempt is checked (0: none)."""
        with self._conn() as conn:
            row = conn.execute(
                "select failures, last_failure from throttle where source = ?", (source,)
            ).fetchone()
        return timedelta(0) if row is None else _wait(int(row[0]), str(row[1]))

    def unlock(self, source: str | None = None) -> int:
        """Forget the failures of one source, or of all (None); returns how many sources."""
        with self._conn() as conn:
            if source is None:
                return int(conn.execute("delete from throttle").rowcount)
            return int(conn.execute("delete from throttle where source = ?", (source,)).rowcount)

    def throttled(self) -> list[tuple[str, int, timedelta]]:
        """The sources with failures counted: (source, failures, wait left)."""
        with self._conn() as conn:
            rows = conn.execute(
                "select source, failures, last_failure from throttle order by source"
            ).fetchall()
        return [(str(src), int(n), _wait(int(n), str(last))) for src, n, last in rows]

    def create_session(self, username: str, ttl: timedelta = SESSION_TTL) -> str:
        """A new session for the user; returns its id, which only the cookie keeps."""
        token = secrets.token_urlsafe(32)
        now = _now()
        with self._conn() as conn:
            conn.execute("delete from sessions where expires_at <= ?", (_stamp(now),))
            conn.execute(
                "insert into sessions values (?, ?, ?, ?)",
                (_token_hash(token), username, _stamp(now), _stamp(now + ttl)),
            )
        return token

    def session_user(self, token: str | None) -> User | None:
        """The user of a live session, or None (no cookie, garbage, expired, ended, removed)."""
        if not token or len(token) > _MAX_TOKEN:
            return None
        with self._conn() as conn:
            row = conn.execute(
                "select u.username, u.display_name, u.role, u.orgs"
                " from sessions s join users u on u.username = s.username"
                " where s.token_hash = ? and s.expires_at > ?",
                (_token_hash(token), _stamp(_now())),
            ).fetchone()
        return _user(row) if row else None

    def end_session(self, token: str | None) -> str | None:
        """End one session (logout); returns whose it was, None when there was none."""
        if not token or len(token) > _MAX_TOKEN:
            return None
        digest = _token_hash(token)
        with self._conn() as conn:
            row = conn.execute(
                "select username from sessions where token_hash = ?", (digest,)
            ).fetchone()
            conn.execute("delete from sessions where token_hash = ?", (digest,))
        return str(row[0]) if row else None

    def end_sessions(self, username: str) -> int:
        """End every session of the user; returns how many there were."""
        with self._conn() as conn:
            return int(
                conn.execute("delete from sessions where username = ?", (username,)).rowcount
            )

    # --- audit ---------------------------------------------------------------------------

    def record(
        self,
        action: str,
        username: str | None,
        *,
        success: bool = True,
        detail: str | dict[str, Any] | None = None,
    ) -> None:
        text = json.dumps(detail, ensure_ascii=False) if isinstance(detail, dict) else detail
        with self._conn() as conn:
            conn.execute(
                "insert into audit (at, username, action, success, detail) values (?, ?, ?, ?, ?)",
                (_now().isoformat(timespec="seconds"), username, action, int(success), text),
            )

    def failures_since(self, username: str, since: datetime) -> int:
        with self._conn() as conn:
            return int(
                conn.execute(
                    "select count(*) from audit where username = ? and action = 'login'"
                    " and success = 0 and at >= ?",
                    (username, since.isoformat(timespec="seconds")),
                ).fetchone()[0]
            )

    def audit_rows(
        self,
        *,
        username: str | None = None,
        action: str | None = None,
        since: datetime | None = None,
        limit: int = 1000,
    ) -> list[dict[str, Any]]:
        sql = "select at, username, action, success, detail from audit where 1 = 1"
        params: list[object] = []
        if username:
            sql += " and username = ?"
            params.append(username)
        if action:
            sql += " and action = ?"
            params.append(action)
        if since is not None:
            sql += " and at >= ?"
            params.append(since.isoformat(timespec="seconds"))
        sql += " order by id desc limit ?"
        params.append(limit)
        with self._conn() as conn:
            rows = conn.execute(sql, params).fetchall()
        return [
            {"at": at, "username": user, "action": act, "success": bool(ok), "detail": detail}
            for at, user, act, ok, detail in rows
        ]

    def ensure_demo_accounts(self) -> None:
        """The documented demo accounts (password 'demo'), for the demo database only."""
        for name, role in DEMO_ACCOUNTS:
            if self.get(name) is None:
                self.add_user(name, DEMO_PASSWORD, role, allow_weak=True)

    def demo_accounts_active(self) -> bool:
        """True while any account still has the documented demo password."""
        with self._conn() as conn:
            return bool(
                conn.execute("select count(*) from users where demo_password = 1").fetchone()[0]
            )


def _owner_only(path: Path) -> None:
    """Make the store readable by its owner only (0600), before anything is written to it.

    It holds the password hashes and the sessions' hashes: under the usual umask a new file
    would be world-readable. SQLite gives its -wal and -shm files the database file's mode.
    A file an older version left open to others is closed when the store is opened.
    """
    with suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    for part in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if part.stat().st_mode & 0o077:
                part.chmod(0o600)
        except FileNotFoundError:
            continue
        except PermissionError:  # another account's file: its owner's to fix
            continue


def _wait(failures: int, last_failure: str) -> timedelta:
    if failures < FREE_FAILURES:
        return timedelta(0)
    backoff: timedelta = min(MAX_WAIT, BACKOFF_START * 2 ** (failures - FREE_FAILURES))
    left: timedelta = datetime.fromisoformat(last_failure) + backoff - _now()
    return max(left, timedelta(0))


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _token_hash(token: str) -> str:
    # the id is 256 random bits: a plain SHA-256 is enough (no salt or stretching needed), and
    # a copy of the store does not hold ids a browser could present
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _hash(password: str) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt()).decode("ascii")


_DUMMY: list[bytes] = []


def _dummy_hash() -> bytes:
    if not _DUMMY:
        _DUMMY.append(bcrypt.hashpw(b"dummy", bcrypt.gensalt()))
    return _DUMMY[0]


def _user(row: tuple[str, str, str, str]) -> User:
    username, display, role, orgs = row
    return User(username, display, role, tuple(json.loads(orgs)))
