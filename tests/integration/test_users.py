"""Users, roles and the audit trail: the store and the CLI.

What the pages show (the form, scopes, lockout, the admin page): tests/pages/test_login.py.
"""

from __future__ import annotations

import io
import shutil
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from xeploai.access import users as users_module
from xeploai.access.users import MAX_FAILURES, AuthError, AuthStore, auth_path
from xeploai.cli import main


def test_stored_hashes_are_not_the_passwords(tmp_path: Path) -> None:
    store = AuthStore(tmp_path / "a.sqlite")
    store.add_user("canbo", "mot-mat-khau-dai", "editor")
    digest = store.password_hash("canbo")
    assert digest is not None and digest.startswith("$2b$") and "mot-mat-khau-dai" not in digest
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
def test_bad_users_are_refused_in_vietnamese(
    tmp_path: Path, name: str, password: str, role: str, message: str
) -> None:
    store = AuthStore(tmp_path / "a.sqlite")
    with pytest.raises(AuthError, match=message):
        store.add_user(name, password, role)
    assert store.users() == []


def test_cli_users_lifecycle(
    demo_db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "cli.duckdb"
    shutil.copy(demo_db_path, path)

    def run(*args: str, password: str = "") -> tuple[int, str, str]:
        # in this process (a new interpreter per command cost seconds each); the password comes
        # on standard input, as a script pipes it (not a terminal: no prompt, no echo control)
        monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
        code = main(["users", *args, "--db", str(path)])
        out, err = capsys.readouterr()
        return code, out, err

    assert "Chưa có người dùng" in run("list")[1]  # a new database has no users
    code, _, err = run("add", "quantri2", "--role", "admin", password="quan-tri-vien")
    assert code == 0, err
    _, out, _ = run(
        "add", "bithu", "--role", "viewer", "--org", "XBD", "--org", "XDT", password="bi-thu-xa-1"
    )
    assert "chỉ xem: XBD, XDT" in out
    code, _, err = run(
        "add", "sai", "--role", "viewer", "--org", "KHONG-CO", password="mat-khau-dai"
    )
    assert code == 1 and "KHONG-CO" in err
    listing = run("list")[1]
    assert "bithu\tviewer\tXBD,XDT" in listing and "quantri2\tadmin\t*" in listing
    assert run("passwd", "bithu", password="mat-khau-moi-1")[0] == 0
    store = AuthStore(auth_path(path))
    assert store.verify("bithu", "mat-khau-moi-1") and not store.verify("bithu", "bi-thu-xa-1")
    assert run("remove", "bithu")[0] == 0
    assert run("remove", "bithu")[0] == 1
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


def test_audit_rows_are_filterable(tmp_path: Path) -> None:
    store = AuthStore(tmp_path / "a.sqlite")
    store.record("login", "a")
    store.record("login", "b", success=False)
    store.record("export", "a", detail={"kind": "pptx", "year": 2019})
    assert [r["action"] for r in store.audit_rows(username="a")] == ["export", "login"]
    assert len(store.audit_rows(action="login")) == 2
    conn = sqlite3.connect(tmp_path / "a.sqlite")
    assert conn.execute("select count(*) from audit").fetchone()[0] == 3


# --- the session store -----------------------------------------------------------------------


# --- the session store -----------------------------------------------------------------------


def test_sessions_are_created_looked_up_and_ended(tmp_path: Path, fast_bcrypt: None) -> None:
    store = AuthStore(tmp_path / "a.sqlite")
    store.add_user("canbo", "mot-mat-khau-dai", "viewer", ["XBD"])
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


def test_sessions_expire(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast_bcrypt: None
) -> None:
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


def test_sign_in_checks_the_password_the_lock_and_records(
    tmp_path: Path, fast_bcrypt: None
) -> None:
    store = AuthStore(tmp_path / "a.sqlite")
    store.add_user("canbo", "mot-mat-khau-dai", "editor")
    outcome, token = store.sign_in("  CanBo ", "mot-mat-khau-dai")  # as typed in the form
    assert outcome == "ok" and store.session_user(token) == store.get("canbo")
    assert store.sign_in("canbo", "") == ("failed", None)
    assert store.sign_in("khong-co", "mot-mat-khau-dai") == ("failed", None)
    assert store.sign_in("", "") == ("failed", None)
    rows = store.audit_rows(action="login")
    assert [(r["username"], r["success"]) for r in rows] == [
        (None, False),
        ("khong-co", False),
        ("canbo", False),
        ("canbo", True),
    ]
    for _ in range(MAX_FAILURES - 1):
        store.sign_in("canbo", "sai")
    assert store.sign_in("canbo", "mot-mat-khau-dai") == ("locked", None)
