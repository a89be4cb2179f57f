"""The database file as a series of generations: written beside, published by a rename.

DuckDB lets one process hold a file read-write *or* any number of processes hold it read-only,
never both, and a read-only handle does not see what another process commits later. So nobody
writes the published file in place. A write (an import, an undo, a form, a restore, a
migration) copies the file to a private name beside it, writes the copy read-write, checkpoints
it, flushes it to disk, and renames it over the published name: one atomic step of the file
system. A reader that opened the file before keeps the generation it opened (an open file is
not changed by a rename) and sees it whole; a reader that opens it after sees the new one
whole. A process killed at any moment leaves the published name on the old file or the new
one, never on a half-written one; the copy it leaves behind is removed by the next write.

Writers take turns on a lock file beside the database (``flock``): any process may write, one
at a time, and a writer that finds another at work waits for it, then works on what that one
published. A reader opens the file through a private hard link (a name of its own for the same
file), because DuckDB keeps one instance per file name in a process: opened by the published
name, a handle would be the instance of a generation already replaced.

This module deals in files only; ``database.writing`` and ``database.Live`` put handles on them.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import itertools
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from xeploai.texts import STORE

# How long a writer waits for another one to finish before it says the file is busy.
WRITE_WAIT = 60.0
_POLL = 0.05
_COPY_CHUNK = 64 * 1024 * 1024
_links = itertools.count()


class DatabaseLocked(RuntimeError):
    """Another write holds the database (or another program holds it read-write); the message
    is Vietnamese and says what to do."""


class DatabaseDamaged(RuntimeError):
    """The file is not a database, or a block of it fails its checksum. Nothing is written to
    it; the message says to restore a backup."""


class WriteFailed(RuntimeError):
    """The file system refused a write (disk full, a folder this process may not write); the
    published file is as it was, and the message names the cause."""


_NO_SPACE = (errno.ENOSPC, errno.EDQUOT)
_NOT_ALLOWED = (errno.EACCES, errno.EPERM, errno.EROFS)
_DAMAGE_SIGNS = (
    "corrupt database file",
    "not a valid duckdb database file",
    "checksum",
    "invalid block",
    "failed to read block",
)


def is_damage(exc: BaseException) -> bool:
    """DuckDB's ways of saying the bytes of a file are not a sound database."""
    text = str(exc).lower()
    return any(sign in text for sign in _DAMAGE_SIGNS)


def damaged(path: Path, exc: BaseException) -> DatabaseDamaged:
    return DatabaseDamaged(STORE["damaged"].format(path=path, cause=_first_line(exc)))


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]


def write_failed(path: Path, exc: BaseException) -> WriteFailed:
    """A Vietnamese message for an operating system's or DuckDB's refusal to write."""
    code = exc.errno if isinstance(exc, OSError) else None
    text = str(exc).lower()
    if (
        code in _NO_SPACE
        or "no space left" in text
        or "disk is full" in text
        or "quota exceeded" in text
    ):
        key = "no_space"
    elif code in _NOT_ALLOWED or "permission denied" in text or "read-only file system" in text:
        key = "not_allowed"
    else:
        key = "write_failed"
    return WriteFailed(STORE[key].format(path=path, folder=path.parent, cause=_first_line(exc)))


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def _private(path: Path, kind: str, suffix: str = "") -> Path:
    return path.with_name(f".{path.name}.{kind}-{os.getpid()}{suffix}")


def identity(st: os.stat_result) -> str:
    """A file's generation: a rename puts another inode under the name."""
    return f"{st.st_dev}:{st.st_ino}:{st.st_mtime_ns}:{st.st_size}"


@contextmanager
def write_lock(path: Path, wait: float = WRITE_WAIT) -> Iterator[None]:
    """The right to write ``path``'s next generation; waits up to ``wait`` seconds for a writer
    at work (in this process or another), then raises DatabaseLocked."""
    try:
        fd = os.open(lock_path(path), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise write_failed(path, exc) from exc
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise DatabaseLocked(STORE["busy"].format(path=path)) from None
                time.sleep(_POLL)
        try:
            _remove_leftovers(path)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_leftovers(path: Path) -> None:
    """Copies of writers that were killed (nobody else writes while we hold the lock), and the
    private links of readers killed between making a link and removing it."""
    for stale in path.parent.glob(f".{path.name}.*"):
        kind, _, rest = stale.name.removeprefix(f".{path.name}.").partition("-")
        pid = rest.split(".")[0]
        if kind in ("write", "restore") or (
            kind == "read" and pid.isdigit() and not _alive(int(pid))
        ):
            if stale.is_dir():  # DuckDB's spill folder of a killed reader
                shutil.rmtree(stale, ignore_errors=True)
            else:
                with contextlib.suppress(FileNotFoundError):
                    stale.unlink()


@contextmanager
def held_for_reading(path: Path) -> Iterator[int]:
    """An open descriptor on the published file, with a shared lock that a program holding it
    read-write (DuckDB's own lock: an older version of this app, the duckdb shell) would
    refuse. The descriptor keeps this generation even when a writer publishes the next one, so
    whatever is copied from it is one consistent file."""
    fd = os.open(path, os.O_RDONLY)
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EAGAIN):
                raise DatabaseLocked(STORE["held"].format(path=path)) from None
            raise
        yield fd
    finally:
        os.close(fd)  # (closing releases the lock)


def copy_from(fd: int, target: Path) -> None:
    """Copy the open file to ``target`` (created, flushed to disk). ``copy_file_range`` lets the
    file system share the blocks where it can (XFS, Btrfs) and copies in the kernel where not."""
    size = os.fstat(fd).st_size
    out = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        offset = 0
        try:
            while offset < size:
                n = os.copy_file_range(fd, out, min(_COPY_CHUNK, size - offset), offset, offset)
                if n == 0:
                    break
                offset += n
        except OSError as exc:
            if exc.errno not in (errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
                raise
        while offset < size:  # the plain way, where the kernel cannot copy between the two
            chunk = os.pread(fd, min(_COPY_CHUNK, size - offset), offset)
            if not chunk:
                break
            os.pwrite(out, chunk, offset)
            offset += len(chunk)
        os.fsync(out)
    finally:
        os.close(out)
    with contextlib.suppress(OSError):  # the published file's permissions (0640, 0600, …)
        os.chmod(target, os.fstat(fd).st_mode & 0o777)


def draft_path(path: Path) -> Path:
    """Where this process writes the next generation of ``path``."""
    return _private(path, "write")


def flush(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(draft: Path, path: Path) -> None:
    """Put the finished draft under the published name: atomically, and durably (the directory
    flushed after the rename)."""
    os.replace(draft, path)
    with contextlib.suppress(OSError):
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def discard(draft: Path) -> None:
    for leftover in (draft, draft.with_name(draft.name + ".wal")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()


def reader_link(path: Path) -> tuple[Path | None, str]:
    """A private name for the file now published as ``path``, and its generation.

    None when no link can be made (a folder this process may not write, a file system without
    hard links): the caller then opens the published name itself, which is fine for a process
    that opens it once.
    """
    link = _private(path, "read", f".{next(_links)}")
    try:
        os.link(path, link)
    except FileNotFoundError:
        raise
    except OSError:
        return None, identity(os.stat(path))
    return link, identity(os.stat(link))


def wal_path(path: Path) -> Path:
    return path.with_name(path.name + ".wal")
