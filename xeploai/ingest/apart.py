"""A dry run as the page shows it, and its import: made here, or in a process of their own.

The page "Nhập dữ liệu" checks the uploaded files (``service.preview``), lists what would
change, and imports the very batch it checked when the button is pressed (``service.commit``
given the dry run). Between the two the batch waits: a national year's is 1,2 million changes.

Files larger than ``spec.ISOLATE_ABOVE_BYTES`` together, and any file when the database is
larger than ``spec.APART_DATABASE_ABOVE_BYTES``, are checked and imported in a process of its
own (``python -m xeploai.ingest.apart_worker``), which holds the batch while the page waits and
ends with the import (or when the page lets the dry run go, or its session ends). What an
import of that size takes (a national year: 1,9 GB at its checks and its write) is then the
worker's, and given back to the system whole when it ends. Made in the server, a national
year's page import left the server at 1,2 GB resident where it started at 0,2, and its checks
held the server's interpreter from its other sessions (a session's Python ran at 51–71 % of its
pace alone; 82–87 % with the import apart: docs/PERFORMANCE.md). Small files on a small
database are checked here: a new interpreter takes 0,8 s to start, and a district year's
import takes less than half of that.

Both are ``DryRun``: what the page shows (``Shown``), the changes' rows for a table, the import
(``DryRun.commit``, on a writer's copy it opens itself: ``storage.open_for_write``), ``close``.
"""

from __future__ import annotations

import pickle
import subprocess
import tempfile
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from xeploai.ingest import spec
from xeploai.ingest.problems import Problem
from xeploai.ingest.read import Source
from xeploai.ingest.service import Preview, commit, preview
from xeploai.ingest.storage import open_for_write
from xeploai.metrics.rules import Finding
from xeploai.store.database import Database, WriteFailed
from xeploai.texts import IMPORT


@dataclass(frozen=True)
class Shown:
    """What the page shows of a dry run, wherever it was made: the problems (refused), or the
    batch's notes, summary and the first ``each`` changes of every table as rows
    (``Batch.diff_rows``), with the rule warnings the import would bring."""

    problems: list[Problem]
    findings: list[Finding]
    notes: list[str]
    checked: bool  # the files passed their checks: a batch was made
    summary: str
    changes: int  # every change of the batch
    first_rows: list[dict[str, str]]  # the first ``each`` of every table
    each: int

    @property
    def refused(self) -> bool:
        return bool(self.problems)

    @property
    def empty(self) -> bool:
        return self.checked and self.changes == 0

    @classmethod
    def of(cls, made: Preview, each: int) -> Shown:
        batch = made.batch
        if batch is None:
            return cls(made.problems, made.findings, [], False, "", 0, [], each)
        return cls(
            made.problems,
            made.findings,
            list(batch.notes),
            True,
            batch.summary_text(),
            len(batch.changes),
            batch.diff_rows(batch.first_changes(each)),
            each,
        )


@dataclass(frozen=True)
class Written:
    """What an import wrote: its number (None when refused or when nothing changes), the
    problems that refused it, the rule findings of the years it touched, and its counts by
    table (``Batch.counts``; None when refused)."""

    import_id: int | None
    problems: list[Problem]
    findings: list[Finding]
    counts: dict[str, dict[str, int]] | None

    @property
    def refused(self) -> bool:
        return bool(self.problems)


class DryRun:
    """A dry run made here, in the server's process (``dry_run``: small files, a small
    database)."""

    def __init__(self, db: Database, sources: Sequence[Source], each: int) -> None:
        self._sources = list(sources)
        self._made: Preview | None = preview(db, self._sources)
        self.shown = Shown.of(self._made, each)

    def rows(self, each: int | None) -> list[dict[str, str]]:
        """The changes as rows for a table: the first ``each`` of every table (None: all)."""
        batch = self._made.batch if self._made is not None else None
        if batch is None:
            return []
        return batch.diff_rows(None if each is None else batch.first_changes(each))

    def commit(self, path: str, user: str | None, wait: float) -> Written:
        """The import of the batch this dry run checked, on a writer's copy of the database at
        ``path`` (``storage.open_for_write``, waiting ``wait`` seconds for another write): as
        ``service.commit`` given the dry run. Raises as ``open_for_write`` does. The caller
        lets the dry run go after (``close``): a national batch's millions of rows are freed
        then, not within the import's time, and a process of its own ends without freeing
        them."""
        with open_for_write(path, wait=wait) as handle:
            import_id, done = commit(handle, self._sources, user, checked=self._made)
        return Written(import_id, done.problems, done.findings, done.counts)

    def close(self) -> None:
        self._made = None

    @property
    def lost(self) -> str | None:
        """Why this dry run can no longer be imported nor listed whole (its process ended before
        the import: killed, out of memory), in the page's words; None while it can."""
        return None


def dry_run(db: Database, sources: Sequence[Source], each: int) -> DryRun:
    """The dry run of the uploaded files as the page shows it (``each``: how many changes of
    every table it lists): in a process of its own (``Apart``) when the files are larger than
    ``spec.ISOLATE_ABOVE_BYTES`` together or the database file than
    ``spec.APART_DATABASE_ABOVE_BYTES``, here otherwise."""
    if (
        sum(len(s.data) for s in sources) > spec.ISOLATE_ABOVE_BYTES
        or db.path.stat().st_size > spec.APART_DATABASE_ABOVE_BYTES
    ):
        return Apart(str(db.path), sources, each)
    return DryRun(db, sources, each)


# The module the process runs.
WORKER = "xeploai.ingest.apart_worker"


class Apart(DryRun):
    """A dry run made in a process of its own (``python -m xeploai.ingest.apart_worker``), which
    holds the batch until the import, then ends. Each question goes to it pickled through its
    standard input and its answer comes back through its standard output; what it says on its
    standard error goes to a temporary file (its last line is the message when it fails)."""

    def __init__(self, path: str, sources: Sequence[Source], each: int) -> None:
        from xeploai.interpreter import start_module

        self._said: str | None = None  # its last words, once it has failed (``_failure``)
        # the process's peak resident memory, read before it ends (the import made, or let go)
        self.peak_mib: float | None = None
        # closed by ``_stop``, with the process
        self._errors: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        self._process: subprocess.Popen[bytes] | None = start_module([WORKER], stderr=self._errors)
        # the process ends with this object, should the page never import nor let it go
        self._finalizer = weakref.finalize(self, _stop, self._process, self._errors)
        answer = self._ask(("preview", path, list(sources), each))
        if answer is None:
            failed = Problem(IMPORT["file_unreadable"].format(error=self._failure()))
            self.shown = Shown([failed], [], [], False, "", 0, [], each)
            self.close()
        else:
            self.shown = answer

    def rows(self, each: int | None) -> list[dict[str, str]]:
        answer = self._ask(("rows", each))
        if answer is None:  # the process ended (killed, out of memory): nothing to list
            error = self._failure()
            self.close()
            raise WriteFailed(IMPORT["apart_failed"].format(error=error))
        rows: list[dict[str, str]] = answer
        return rows

    def commit(self, path: str, user: str | None, wait: float) -> Written:
        answer = self._ask(("commit", path, user, wait))
        if isinstance(answer, BaseException):  # not written (another write, a full disk)
            raise answer  # the process still holds the dry run: the page may try again
        if answer is None:
            error = self._failure()
            self.close()
            raise WriteFailed(IMPORT["apart_failed"].format(error=error))
        self.peak_mib = resident_peak_mib(self._process.pid) if self._process else None
        self.close()  # the process ends with the import
        written: Written = answer
        return written

    def close(self) -> None:
        if self._finalizer.alive and self.peak_mib is None and self._process is not None:
            self.peak_mib = resident_peak_mib(self._process.pid)  # let go before any import
        self._finalizer()

    @property
    def lost(self) -> str | None:
        """Why its process ended before the import (None: it waits, or was closed on purpose).
        Once a list or an import asked of it has failed (and closed it), it still says so: the
        page lets it go and checks the files again, where it showed a dry run that could only
        fail again."""
        if self._said is not None:
            return IMPORT["apart_failed"].format(error=self._said)
        process = self._process
        if not self._finalizer.alive or process is None or process.poll() is None:
            return None  # closed on purpose (imported, let go), or still waiting
        return IMPORT["apart_failed"].format(error=self._failure())

    def _ask(self, question: tuple[Any, ...]) -> Any:
        """The process's answer to ``question``; None when it has ended or ends meanwhile."""
        process = self._process
        if process is None or process.poll() is not None or process.stdin is None:
            return None
        assert process.stdout is not None
        try:
            pickle.dump(question, process.stdin, protocol=5)
            process.stdin.flush()
            return pickle.load(process.stdout)  # our own worker's answer, nobody else's
        except (BrokenPipeError, EOFError, pickle.UnpicklingError):
            process.wait()
            return None

    def _failure(self) -> str:
        """The signal that killed the process, or the last line it wrote on its standard error
        (a traceback's), or its exit status (kept: the file goes with the process, ``close``)."""
        if self._said is None:
            process = self._process
            if process is not None and process.poll() is None:
                process.wait()
            lines: list[str] = []
            if not self._errors.closed:
                self._errors.seek(0)
                lines = self._errors.read().decode("utf-8", "replace").strip().splitlines()
            code = process.returncode if process is not None else None
            if code is not None and code < 0:  # killed (out of memory, an operator): no words
                self._said = IMPORT["apart_signal"].format(n=-code)
            else:
                self._said = (lines[-1] if lines else IMPORT["apart_exit"].format(code=code))[:200]
        return self._said


def resident_peak_mib(pid: int | str = "self") -> float | None:
    """The peak resident memory of a live process (Linux's ``VmHWM``, in MiB; None where there
    is no ``/proc`` or the process is gone). Not ``getrusage``'s children's: a process started
    from the server is counted there with the server's own peak, the memory it was forked
    from."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    line = next((x for x in status.splitlines() if x.startswith("VmHWM:")), None)
    return int(line.split()[1]) / 1024 if line is not None else None


def _stop(process: subprocess.Popen[bytes], errors: IO[bytes]) -> None:
    """The process told to end (its input closed), killed when it does not within a second."""
    if process.poll() is None:
        try:
            assert process.stdin is not None
            process.stdin.close()
            process.wait(timeout=1.0)
        except (BrokenPipeError, subprocess.TimeoutExpired):
            process.kill()
            process.wait()
    for pipe in (process.stdin, process.stdout):
        if pipe is not None:
            pipe.close()
    errors.close()
