"""Backups (sao lưu) and restore (khôi phục): one file holding the database and the users/audit
store, taken while the app runs, brought back whole.

A backup is a tar archive (``xeploai-YYYYMMDD-HHMMSS.tar``) of three members: the database
file, the users/audit store and ``manifest.json`` (when, from where, the data version, the years
held, each member's SHA-256). It is consistent without stopping anyone: the database is copied
from the generation published when the copy began (``generations.held_for_reading``: a write
that publishes meanwhile does not touch that file), the SQLite store through SQLite's own
online backup. The archive is written under a private name and renamed when whole, so a killed
backup leaves no file that looks like a backup.

Restoring checks the archive (members present, hashes equal, the database opens and answers),
then — under the writers' lock, like any write — keeps the current files aside
(``<name>.before-restore-<time>``) and publishes the backup's database by a rename: readers see
the old data or the restored data, never a mixture, and a process killed during a restore
leaves one or the other.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import re
import sqlite3
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xeploai.access.users import AuthStore, auth_path
from xeploai.store import generations
from xeploai.store.database import Database, DatabaseMissing, writing
from xeploai.texts import BACKUP

_PREFIX = "xeploai-"
_NAME = re.compile(r"xeploai-(\d{8}-\d{6})(?:-(\d+))?\.tar")
_DB_MEMBER = "xeploai.duckdb"
_AUTH_MEMBER = "xeploai.auth.sqlite"
_MANIFEST = "manifest.json"


class BackupError(RuntimeError):
    """A backup that cannot be taken or a file that cannot be restored; Vietnamese message."""


@dataclass(frozen=True)
class Manifest:
    taken_at: str  # UTC, ISO seconds
    source: str
    data_version: str
    years: tuple[int, ...]
    sha256: dict[str, str]

    def describe(self) -> str:
        return BACKUP["describe"].format(
            at=self.taken_at.replace("T", " "),
            source=self.source,
            years=_years_text(self.years),
            version=self.data_version,
        )


def default_dir(db: Path) -> Path:
    """Where backups go unless told: a ``backups`` folder beside the database."""
    return db.parent / "backups"


def _years_text(years: tuple[int, ...] | list[int]) -> str:
    if not years:
        return BACKUP["no_years"]
    return f"{min(years)}–{max(years)}" if len(years) > 1 else str(years[0])


def _state(db: Database) -> tuple[str, tuple[int, ...]]:
    years = tuple(int(y) for y in db.query("years_by_data")["year"])
    return db.data_version(), years


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _copy_auth(source: Path, target: Path) -> None:
    """SQLite's online backup: a consistent copy while the app logs users in."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def take(db_path: Path, out_dir: Path | None = None, *, now: dt.datetime | None = None) -> Path:
    """A backup of ``db_path`` and its users/audit store in ``out_dir``; the archive's path."""
    if not db_path.exists():
        raise DatabaseMissing(str(db_path))
    folder = out_dir or default_dir(db_path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".xeploai-backup-", dir=folder))
    except OSError as exc:
        raise BackupError(BACKUP["cannot_write"].format(folder=folder, cause=exc)) from exc
    moment = (now or dt.datetime.now(dt.UTC)).replace(tzinfo=None, microsecond=0)
    try:
        if generations.wal_path(db_path).exists():
            with writing(db_path):  # an older version's log: folded into a new generation first
                pass
        copied = work / _DB_MEMBER
        with generations.held_for_reading(db_path) as fd:
            generations.copy_from(fd, copied)
        with Database(copied, read_only=True, migrate_first=False) as db:
            version, years = _state(db)
        auth = work / _AUTH_MEMBER
        source_auth = auth_path(db_path)
        if source_auth.exists():
            _copy_auth(source_auth, auth)
        else:
            AuthStore(auth)  # an empty store: the archive always has both members
        manifest = Manifest(
            moment.isoformat(),
            str(db_path.resolve()),
            version,
            years,
            {_DB_MEMBER: _sha256(copied), _AUTH_MEMBER: _sha256(auth)},
        )
        target = _free_name(folder, moment)
        partial = work / "archive.tar"
        with tarfile.open(partial, "w") as tar:
            data = json.dumps(manifest.__dict__, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(_MANIFEST)
            info.size, info.mtime = len(data), int(moment.timestamp())
            tar.addfile(info, io.BytesIO(data))
            tar.add(copied, _DB_MEMBER)
            tar.add(auth, _AUTH_MEMBER)
        generations.flush(partial)
        os.replace(partial, target)
        _fsync_dir(folder)
        return target
    except OSError as exc:
        raise BackupError(BACKUP["cannot_write"].format(folder=folder, cause=exc)) from exc
    finally:
        for leftover in work.iterdir():
            leftover.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            work.rmdir()


def _free_name(folder: Path, moment: dt.datetime) -> Path:
    stamp = moment.strftime("%Y%m%d-%H%M%S")
    target = folder / f"{_PREFIX}{stamp}.tar"
    n = 1
    while target.exists():
        target = folder / f"{_PREFIX}{stamp}-{n}.tar"
        n += 1
    return target


def backups(folder: Path) -> list[Path]:
    """The backups in ``folder``, oldest first (by the time in their names)."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.is_file() and _NAME.fullmatch(p.name)]
    return sorted(found, key=_order)


def _order(path: Path) -> tuple[str, int]:
    match = _NAME.fullmatch(path.name)
    assert match is not None
    return match.group(1), int(match.group(2) or 0)


def prune(folder: Path, keep: int) -> list[Path]:
    """Remove all but the ``keep`` newest backups; the removed paths."""
    if keep < 1:
        raise ValueError("keep must be at least 1")
    old = backups(folder)[:-keep]
    for path in old:
        path.unlink(missing_ok=True)
    return old


def latest(folder: Path) -> tuple[Path, dt.datetime] | None:
    """The newest backup in ``folder`` and when it was taken (UTC)."""
    found = backups(folder)
    if not found:
        return None
    newest = found[-1]
    return newest, dt.datetime.fromtimestamp(newest.stat().st_mtime, dt.UTC).replace(tzinfo=None)


# --- restore ------------------------------------------------------------------------------


def read_manifest(archive: Path) -> Manifest:
    try:
        with tarfile.open(archive, "r:*") as tar:
            names = set(tar.getnames())
            if not {_MANIFEST, _DB_MEMBER, _AUTH_MEMBER} <= names:
                raise BackupError(BACKUP["not_a_backup"].format(path=archive))
            member = tar.extractfile(_MANIFEST)
            assert member is not None
            raw: dict[str, Any] = json.loads(member.read())
    except (tarfile.TarError, OSError, ValueError) as exc:
        raise BackupError(BACKUP["not_a_backup"].format(path=archive)) from exc
    return Manifest(
        str(raw["taken_at"]),
        str(raw["source"]),
        str(raw["data_version"]),
        tuple(int(y) for y in raw["years"]),
        dict(raw["sha256"]),
    )


def current_state(db_path: Path) -> str:
    """What a restore would replace, in words: the file's years and data version, or that
    there is none."""
    if not db_path.exists():
        return BACKUP["nothing_there"].format(path=db_path)
    try:
        with Database(db_path, read_only=True, migrate_first=False) as db:
            version, years = _state(db)
    except Exception:  # a damaged file is what a restore is for: say so, do not stop
        return BACKUP["current_unreadable"].format(path=db_path)
    modified = dt.datetime.fromtimestamp(db_path.stat().st_mtime).replace(microsecond=0)
    return BACKUP["current"].format(
        path=db_path,
        years=_years_text(years),
        version=version,
        modified=modified.isoformat(sep=" "),
    )


def _extract(archive: Path, manifest: Manifest, folder: Path, prefix: str) -> tuple[Path, Path]:
    """The two files out of the archive beside their destinations, hashes checked."""
    db_out = folder / f".{prefix}.restore-{os.getpid()}.duckdb"
    auth_out = folder / f".{prefix}.restore-{os.getpid()}.auth.sqlite"
    with tarfile.open(archive, "r:*") as tar:
        for member, out in ((_DB_MEMBER, db_out), (_AUTH_MEMBER, auth_out)):
            src = tar.extractfile(member)
            if src is None:
                raise BackupError(BACKUP["not_a_backup"].format(path=archive))
            with out.open("wb") as f:
                while chunk := src.read(1 << 20):
                    f.write(chunk)
                f.flush()
                os.fsync(f.fileno())
            if _sha256(out) != manifest.sha256.get(member):
                raise BackupError(BACKUP["damaged"].format(path=archive, member=member))
    return db_out, auth_out


def restore(archive: Path, db_path: Path, *, now: dt.datetime | None = None) -> Path | None:
    """Bring ``archive`` back as ``db_path`` (and its users/audit store); the current files are
    kept aside, under the name returned (None when there was no database)."""
    manifest = read_manifest(archive)
    folder = db_path.parent
    folder.mkdir(parents=True, exist_ok=True)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    aside = db_path.with_name(f"{db_path.name}.before-restore-{stamp}")
    n = 1
    while aside.exists():
        aside = db_path.with_name(f"{db_path.name}.before-restore-{stamp}-{n}")
        n += 1
    auth = auth_path(db_path)
    if not db_path.exists():
        # a fresh place: the lock file is made beside it, as for any write
        generations.lock_path(db_path).touch(exist_ok=True)
    with generations.write_lock(db_path):
        db_new, auth_new = _extract(archive, manifest, folder, db_path.name)
        try:
            with Database(db_new, read_only=True, migrate_first=False) as db:
                _state(db)  # it opens and answers
            kept: Path | None = None
            if db_path.exists():
                os.link(db_path, aside)  # the current generation, kept under another name
                kept = aside
            if auth.exists():
                _copy_auth(auth, auth.with_name(f"{auth.name}{aside.name[len(db_path.name) :]}"))
            generations.publish(db_new, db_path)
            generations.wal_path(db_path).unlink(missing_ok=True)
            _restore_auth(auth_new, auth)
        finally:
            db_new.unlink(missing_ok=True)
            auth_new.unlink(missing_ok=True)
    return kept


def _restore_auth(source: Path, target: Path) -> None:
    """The backup's store copied into the live one by SQLite's backup (one transaction there:
    a login meanwhile waits, then sees the restored users)."""
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(target, timeout=30)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
