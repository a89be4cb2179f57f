"""A large upload's dry run and import in a process of their own (``ingest.apart``): the same
as made here, its process ended with the import, and the data unchanged when it fails."""

from __future__ import annotations

import gc
import os
import signal
from pathlib import Path

import pytest

from xeploai import ingest
from xeploai.ingest import spec
from xeploai.ingest.apart import Apart, DryRun
from xeploai.store.database import Database, WriteFailed
from xeploai.texts import IMPORT

CORPUS = Path(__file__).resolve().parents[1] / "files" / "import"
GOOD = CORPUS / "good" / "update_2021.xlsx"


@pytest.fixture
def db_path(small_db: Path) -> Path:
    return small_db  # the small district, a copy of its own


def upload(path: Path) -> list[ingest.Source]:
    return [ingest.Source(path.name, path.read_bytes())]


def made(db_path: Path, sources: list[ingest.Source], apart: bool) -> DryRun:
    with Database(db_path) as db:
        if apart:
            return Apart(str(db_path), sources, 2)
        return DryRun(db, sources, 2)


def imports(db_path: Path) -> list[int]:
    with Database(db_path) as db:
        return [r.import_id for r in ingest.history(db)]


@pytest.mark.parametrize("limit", ["ISOLATE_ABOVE_BYTES", "APART_DATABASE_ABOVE_BYTES"])
def test_large_files_or_a_large_database_are_checked_apart(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, limit: str
) -> None:
    # the files' size, or the database's: its checks read what it stores, whatever the files'
    sources = upload(GOOD)
    sizes = {
        "ISOLATE_ABOVE_BYTES": len(sources[0].data),
        "APART_DATABASE_ABOVE_BYTES": db_path.stat().st_size,
    }
    for name, size in sizes.items():  # each at its limit: here
        monkeypatch.setattr(spec, name, size)
    with Database(db_path) as db:
        here = ingest.dry_run(db, sources, 2)
        monkeypatch.setattr(spec, limit, sizes[limit] - 1)  # a byte over one of them: apart
        apart = ingest.dry_run(db, sources, 2)
    assert type(here) is DryRun and type(apart) is Apart
    apart.close()


@pytest.mark.parametrize(
    "files",
    [
        [GOOD],
        [CORPUS / "bad" / "many_problems.xlsx"],
        [CORPUS / "good" / "small.xlsx"],  # the data as it stands: nothing changes
    ],
    ids=["changes", "refused", "unchanged"],
)
def test_a_dry_run_apart_shows_what_one_made_here_shows(db_path: Path, files: list[Path]) -> None:
    sources = [s for f in files for s in upload(f)]
    here, apart = made(db_path, sources, False), made(db_path, sources, True)
    assert apart.shown == here.shown
    assert apart.rows(None) == here.rows(None) and apart.rows(1) == here.rows(1)
    if files[0] == GOOD:
        assert here.shown.checked and here.shown.changes > len(here.shown.first_rows) > 0
        assert here.shown.findings, "update_2021 raises rule warnings"
    elif "bad" in files[0].parts:
        assert here.shown.refused and not here.shown.checked
    else:
        assert here.shown.empty and not here.shown.refused
    apart.close()


def test_the_import_apart_writes_the_batch_and_its_process_ends(db_path: Path) -> None:
    dry = made(db_path, upload(GOOD), True)
    assert isinstance(dry, Apart)
    process = dry._process
    assert process is not None and process.poll() is None and process.pid != os.getpid()
    written = dry.commit(str(db_path), "thử", 5.0)
    assert written.import_id == 2 and not written.refused
    assert written.findings == dry.shown.findings
    assert process.wait(timeout=10) == 0  # the process ended with the import
    # its peak, read before it ended: a new interpreter's with the import's modules and data
    assert dry.peak_mib is not None and 50 < dry.peak_mib < 2048
    with Database(db_path) as db:
        record = ingest.history(db)[0]
        assert (record.import_id, record.user_name, record.counts) == (2, "thử", written.counts)
    # the same files checked again: nothing left to change
    assert made(db_path, upload(GOOD), False).shown.empty


def test_another_write_leaves_the_dry_run_apart_to_try_again(db_path: Path) -> None:
    dry = made(db_path, upload(GOOD), True)
    with ingest.open_for_write(db_path), pytest.raises(ingest.DatabaseLocked):
        dry.commit(str(db_path), "thử", 0.2)
    assert imports(db_path) == [1]
    written = dry.commit(str(db_path), "thử", 5.0)  # the same process, the same dry run
    assert written.import_id == 2 and imports(db_path) == [2, 1]


def test_a_process_killed_before_the_import_says_so_and_changes_nothing(db_path: Path) -> None:
    dry = made(db_path, upload(GOOD), True)
    assert isinstance(dry, Apart) and dry._process is not None
    assert dry.lost is None  # waiting for the import
    os.kill(dry._process.pid, signal.SIGKILL)
    dry._process.wait()
    # what the page says at its next run, before anything is pressed
    assert dry.lost == IMPORT["apart_failed"].format(error="tín hiệu 9 của hệ thống")
    with pytest.raises(WriteFailed) as refused:
        dry.commit(str(db_path), "thử", 5.0)
    assert str(refused.value) == IMPORT["apart_failed"].format(error="tín hiệu 9 của hệ thống")
    assert imports(db_path) == [1]
    with pytest.raises(WriteFailed):  # its whole list can no longer be made either
        dry.rows(None)
    # and the page's next run still says so (it lets the dry run go and checks the files again)
    assert dry.lost == IMPORT["apart_failed"].format(error="tín hiệu 9 của hệ thống")


def test_a_list_that_fails_leaves_the_dry_run_lost(db_path: Path) -> None:
    """Its whole list asked (a download) after its process was killed: refused, with why; the
    page's next run then finds the dry run lost, not waiting for an import it cannot make."""
    dry = made(db_path, upload(GOOD), True)
    assert isinstance(dry, Apart) and dry._process is not None
    os.kill(dry._process.pid, signal.SIGKILL)
    dry._process.wait()
    stopped = IMPORT["apart_failed"].format(error="tín hiệu 9 của hệ thống")
    with pytest.raises(WriteFailed) as refused:
        dry.rows(None)
    assert str(refused.value) == stopped
    assert dry.lost == stopped


def test_a_process_that_dies_in_its_dry_run_refuses_the_files_with_its_last_words(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a worker that cannot start (no such module): its last line on standard error is said
    monkeypatch.setattr("xeploai.ingest.apart.WORKER", "xeploai.ingest.no_such_worker")
    dry = made(db_path, upload(GOOD), True)
    assert dry.shown.refused and not dry.shown.checked
    [problem] = dry.shown.problems
    said = IMPORT["file_unreadable"].format(error="")
    assert problem.message.startswith(said[:-1])  # "Không đọc được bảng tính: {error}."
    assert problem.message.endswith("No module named xeploai.ingest.no_such_worker.")
    assert imports(db_path) == [1]


def test_a_dry_run_apart_let_go_or_forgotten_ends_its_process(db_path: Path) -> None:
    closed = made(db_path, upload(GOOD), True)
    assert isinstance(closed, Apart) and closed._process is not None
    process = closed._process
    closed.close()
    assert process.poll() is not None
    assert closed.peak_mib is not None and closed.peak_mib > 50  # read before it ended
    assert closed.lost is None  # let go on purpose: nothing to say
    forgotten = made(db_path, upload(GOOD), True)
    assert isinstance(forgotten, Apart) and forgotten._process is not None
    process = forgotten._process
    del forgotten
    gc.collect()
    assert process.poll() is not None  # a session that ended: its dry run's process too
