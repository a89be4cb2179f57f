"""Backups and restore: one file with the database and the users/audit store, taken while the
app runs, brought back whole into a fresh place with every year's figures and the audit trail.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from xeploai import backup
from xeploai.access.users import AuthStore, auth_path
from xeploai.cli import main
from xeploai.metrics.summary import every_summary
from xeploai.screens import admin
from xeploai.store.database import Database
from xeploai.texts import BACKUP

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "tests" / "files" / "import" / "good"


def state(path: Path) -> str:
    with Database(path) as db:
        return json.dumps(every_summary(db), sort_keys=True, default=str)


def audit(path: Path) -> list[dict[str, object]]:
    return AuthStore(auth_path(path)).audit_rows()


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "live" / "xeploai.duckdb"
    path.parent.mkdir()
    assert main(["init", "--superior", "Đảng bộ xã thử", "--db", str(path)]) == 0
    assert main(["import", str(GOOD / "small.xlsx"), "--db", str(path)]) == 0  # audited
    store = AuthStore(auth_path(path))
    store.record("login", "bantochuc")
    store.record("export", "bantochuc", detail={"kind": "data"})
    return path


def test_a_backup_restored_into_a_fresh_place_has_every_year_and_the_audit_trail(
    small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before, trail = state(small), audit(small)
    assert main(["backup", "--db", str(small), "--out", str(tmp_path / "b")]) == 0
    (archive,) = (tmp_path / "b").glob("xeploai-*.tar")
    assert str(archive) in capsys.readouterr().out

    fresh = tmp_path / "elsewhere" / "restored.duckdb"
    assert main(["restore", str(archive), "--db", str(fresh), "--yes"]) == 0
    out = capsys.readouterr().out
    assert BACKUP["nothing_there"].format(path=fresh) in out
    assert state(fresh) == before
    restored = audit(fresh)
    assert restored[0]["action"] == "restore"  # the restore itself, recorded on top
    # the trail as it was when the backup was taken (the backup's own record came after it)
    assert restored[1:] == trail
    assert audit(small)[0]["action"] == "backup"


def test_restore_says_what_it_replaces_and_keeps_the_current_file_aside(
    small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = state(small)
    archive = backup.take(small, tmp_path / "b")
    assert main(["import", str(GOOD / "update_2021.xlsx"), "--db", str(small)]) == 0
    after = state(small)
    assert after != before
    capsys.readouterr()

    # without --yes and without a terminal: told how, nothing replaced
    assert main(["restore", str(archive), "--db", str(small)]) == 2
    assert state(small) == after

    assert main(["restore", str(archive), "--db", str(small), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "Tệp hiện tại" in out and "2019–2021" in out  # what is replaced: its years
    assert "bản sao lưu lúc" in out
    assert state(small) == before
    (aside,) = small.parent.glob("xeploai.duckdb.before-restore-*")
    assert str(aside) in out
    assert state(aside) == after  # nothing lost: the replaced data is kept


def test_a_backup_taken_during_an_import_restores_to_before_or_after(
    small: Path, tmp_path: Path
) -> None:
    before = state(small)
    importing = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "xeploai",
            "import",
            str(GOOD / "update_2021.xlsx"),
            "--db",
            str(small),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    archives: list[Path] = []
    while importing.poll() is None or not archives:
        archives.append(backup.take(small, tmp_path / "b"))
    assert importing.wait() == 0
    after = state(small)
    archives.append(backup.take(small, tmp_path / "b"))
    seen = set()
    for n, archive in enumerate(archives):
        fresh = tmp_path / f"r{n}" / "x.duckdb"
        backup.restore(archive, fresh)
        got = state(fresh)
        assert got in (before, after)
        seen.add(got == after)
    assert True in seen  # the last one, at least, has the import


def test_keep_removes_the_oldest_backups(small: Path, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    moments = [dt.datetime(2026, 1, d, 2, 0) for d in (1, 2, 3)]
    made = [backup.take(small, folder, now=m) for m in moments]
    made.append(backup.take(small, folder, now=moments[-1]))  # the same second: a suffix
    assert backup.backups(folder) == made
    assert main(["backup", "--db", str(small), "--out", str(folder), "--keep", "2"]) == 0
    kept = backup.backups(folder)
    assert len(kept) == 2 and kept[0] == made[-1]
    assert main(["backup", "--db", str(small), "--keep", "0"]) == 2  # a usage error


def test_a_file_that_is_not_a_backup_or_is_damaged_is_refused(
    small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = state(small)
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"not a tar file at all")
    assert main(["restore", str(junk), "--db", str(small), "--yes"]) == 1
    assert "không phải bản sao lưu" in capsys.readouterr().err

    archive = backup.take(small, tmp_path / "b")
    forged = tmp_path / "forged.tar"
    with tarfile.open(archive) as src, tarfile.open(forged, "w") as dst:
        for member in src.getmembers():
            data = src.extractfile(member)
            assert data is not None
            content = data.read()
            if member.name == "xeploai.duckdb":
                content = content[:5000] + b"\xff" * 10 + content[5010:]
            dst.addfile(member, io.BytesIO(content))
    assert main(["restore", str(forged), "--db", str(small), "--yes"]) == 1
    assert "bị hỏng" in capsys.readouterr().err
    assert state(small) == before
    assert not list(small.parent.glob("*.before-restore-*"))


def test_the_admin_sees_the_last_backups_age_and_downloads_a_fresh_one(small: Path) -> None:
    status = admin.backup_status(small)
    assert not status.ok and "Chưa có bản sao lưu" in status.text
    archive = backup.take(small)  # the default folder, beside the database
    status = admin.backup_status(
        small, now=dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(hours=3)
    )
    assert status.ok and archive.name in status.text and "3 giờ" in status.text
    old = admin.backup_status(
        small, now=dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(days=3)
    )
    assert not old.ok and "3 ngày" in old.text
    # the download itself: tests/integration/test_auth_routes.py (a route of the server)


def test_the_admin_page_shows_the_backup_section(
    small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest

    from xeploai.access.users import User

    monkeypatch.setenv("XEPLOAI_DB", str(small))
    at = AppTest.from_file(str(ROOT / "views" / "admin.py"), default_timeout=60)
    at.session_state["_user"] = User("quantri", "Quản trị", "admin", ())
    at.run()
    assert not at.exception
    assert BACKUP["admin_heading"] in [s.value for s in at.subheader]
    assert [w.value for w in at.warning] == [
        BACKUP["admin_none"].format(folder=backup.default_dir(small))
    ]
    # a form posted to the server's backup route, which streams the archive from disk
    [form] = [h.proto.body for h in at.get("html") if "/sao-luu" in h.proto.body]
    assert 'method="post" action="/sao-luu"' in form and BACKUP["admin_download"] in form
    assert not at.get("download_button")


def test_the_admin_page_says_why_the_backup_it_asked_for_failed(
    small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the backup route sends the admin back here with a notice (auth_routes.backup): the page
    # says it once, as an error, and a later visit of this browser does not say it again
    from streamlit.testing.v1 import AppTest

    import ui.auth
    from xeploai.access.login import BACKUP_NOTICE_COOKIE, NOTICES
    from xeploai.access.users import User

    monkeypatch.setenv("XEPLOAI_DB", str(small))
    jar = {BACKUP_NOTICE_COOKIE: NOTICES.put("Ổ đĩa đã đầy: không ghi được bản sao lưu.")}
    monkeypatch.setattr(ui.auth, "_cookie", jar.get)

    def visit() -> AppTest:
        at = AppTest.from_file(str(ROOT / "views" / "admin.py"), default_timeout=60)
        at.session_state["_user"] = User("quantri", "Quản trị", "admin", ())
        return at.run()

    at = visit()
    assert not at.exception
    assert [e.value for e in at.error] == ["Ổ đĩa đã đầy: không ghi được bản sao lưu."]
    at.run()  # the same session's reruns keep it
    assert [e.value for e in at.error] == ["Ổ đĩa đã đầy: không ghi được bản sao lưu."]
    assert [e.value for e in visit().error] == []  # read once
