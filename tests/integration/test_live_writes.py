"""Writes that readers never notice: every read is the state before a write or after it.

Readers loop as the app does — threads of one process sharing one ``Live`` (the app's cached
handle), and a second process with its own — each read taking the newest generation, every
year's summary from it and one page's screen (the pages in turn, so every page's queries run),
while a writer thread runs imports from the command line (another process), undos and
form-like writes (a setting, through ``writing``, what ``ui.write`` calls). Every read is
compared with the summaries the writer recorded for that data version when it published it:
0 errors and 0 reads that match no published state, over at least 1,000 reads during 20 writes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from xeploai import ingest
from xeploai.cli import main
from xeploai.domain.selection import Selection
from xeploai.metrics.summary import year_summary
from xeploai.screens import (
    exemptions,
    explorer,
    organization,
    overview,
    presentation,
    rule_checks,
    targets,
    trends,
)
from xeploai.store import generations
from xeploai.store.database import Database, DatabaseLocked, Live, writing
from xeploai.texts import STORE

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "tests" / "files" / "import" / "good"
# The proof is 20 writes under ≥ 1.000 reads (`make test-live`, ≈ 2,5 min on two
# cores); `make test` runs the same test smaller, to keep the suite quick.
WRITES = int(os.environ.get("XEPLOAI_LIVE_WRITES", "4"))  # each kind of write once
MIN_READS = int(os.environ.get("XEPLOAI_LIVE_READS", "100"))


def fingerprint(db: Database) -> dict[int, str]:
    """Every year's summary (the figures; the rule findings are the rule pages' reads)."""
    return {int(year): _summary(db, int(year)) for year in db.query("years_by_data")["year"]}


def _summary(db: Database, year: int) -> str:
    found = year_summary(db, year, with_findings=False)
    return json.dumps(found, sort_keys=True, ensure_ascii=False, default=str)


def _selection(db: Database) -> Selection:
    years = [int(y) for y in db.query("years_by_data")["year"]]
    return Selection().resolved(years)


# One page's queries each: a read goes through them in turn.
PAGES: list[Callable[[Database, Selection], object]] = [
    lambda db, sel: overview.build(db, int(sel.year or 0)),
    trends.build,
    targets.build,
    exemptions.build,
    lambda db, sel: organization.build(
        db, Selection(orgs=("CA",)).resolved([int(sel.from_year or 0), int(sel.to_year or 0)])
    ),
    explorer.build,
    lambda db, sel: rule_checks.build(db, int(sel.year or 0)),
    lambda db, sel: presentation.build(db, int(sel.year or 0)),
]


def read_once(live: Live, turn: int) -> tuple[str, int, str]:
    """One read as a page run does it: the newest generation, then a year's summary from it
    (the years in turn) and, every third read, a page's screen (the pages in turn)."""
    db = live.current()
    version = db.data_version()
    sel = _selection(db)
    year = int(sel.from_year or 0) + turn % (int(sel.to_year or 0) - int(sel.from_year or 0) + 1)
    state = _summary(db, year)
    if turn % 3 == 0:
        PAGES[turn // 3 % len(PAGES)](db, sel)
    return version, year, state


def reader_main(path: str, stop_file: str, out_file: str, count_file: str) -> None:
    """The reader in another process (``python -c``, not multiprocessing: a spawned child
    re-runs the parent's ``__main__``, which in a test worker that ran a page is app.py): reads
    until ``stop_file`` exists, then writes its reads and errors to ``out_file`` as JSON."""
    live = Live(path)
    seen: list[tuple[str, int, str]] = []
    errors: list[str] = []
    turn = 0
    while not os.path.exists(stop_file):
        try:
            seen.append(read_once(live, turn))
        except Exception as exc:  # counted, not raised: the test reports them all
            errors.append(repr(exc))
        turn += 1
        Path(count_file).write_text(str(turn))
    Path(out_file + ".part").write_text(json.dumps({"reads": seen, "errors": errors}))
    os.replace(out_file + ".part", out_file)


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "live.duckdb"
    assert main(["init", "--superior", "Đảng bộ xã thử", "--db", str(path)]) == 0
    assert main(["import", str(GOOD / "small.xlsx"), "--db", str(path)]) == 0
    return path


def _set_rounding(path: Path, mode: str) -> None:
    """A form's write: what a page does through ``ui.write.write``."""
    with writing(path) as db, db.transaction():
        db.set_meta("rounding", mode)
        db.set_meta("data_version", str(int(db.data_version()) + 1))


def _undo(path: Path) -> None:
    with ingest.open_for_write(path) as db:
        ingest.undo(db)


def _cli_import(path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "xeploai",
            "import",
            str(GOOD / "update_2021.xlsx"),
            "--db",
            str(path),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def _collect(
    proc: subprocess.Popen[bytes], out_file: Path
) -> tuple[list[tuple[str, int, str]], list[str]]:
    """The other process's reads, once it has finished the read it was doing (a page's read may
    take seconds on a busy machine); a process that ended without them is a failure that says
    why."""
    proc.wait()
    if not out_file.exists():
        err = out_file.with_suffix(".err").read_text(errors="replace")
        pytest.fail(
            f"the reader process ended without its reads (exit {proc.returncode}): {err[-2000:]}"
        )
    got = json.loads(out_file.read_text())
    return [(v, int(y), st) for v, y, st in got["reads"]], list(got["errors"])


def _count(path: Path) -> int:
    try:
        return int(path.read_text() or 0)
    except (FileNotFoundError, ValueError):
        return 0


def test_readers_see_the_state_before_or_after_every_write(small: Path) -> None:
    published: dict[str, dict[int, str]] = {}

    def record() -> None:
        with Database(small) as db:
            published[db.data_version()] = fingerprint(db)

    record()
    cycle: list[Callable[[], None]] = [
        lambda: _cli_import(small),
        lambda: _undo(small),
        lambda: _set_rounding(small, "truncate"),
        lambda: _set_rounding(small, "half_up"),
    ]

    live = Live(small)  # the app's handle, shared by its sessions' threads
    stop = threading.Event()
    reads: list[tuple[str, int, str]] = []
    errors: list[str] = []
    lock = threading.Lock()

    def reader(offset: int) -> None:
        turn = offset
        while not stop.is_set():
            try:
                got = read_once(live, turn)
            except Exception as exc:
                with lock:
                    errors.append(repr(exc))
            else:
                with lock:
                    reads.append(got)
            turn += 1

    stop_file, out_file, count_file = (small.with_suffix(s) for s in (".stop", ".out", ".count"))
    other = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from tests.integration.test_live_writes import "
            "reader_main; reader_main(*sys.argv[1:])",
            str(small),
            str(stop_file),
            str(out_file),
            str(count_file),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=small.with_suffix(".err").open("wb"),
    )  # a file: a full pipe would block it
    threads = [threading.Thread(target=reader, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    kinds: Counter[str] = Counter()
    try:
        for n in range(WRITES):
            # let the readers read this state a while (and read through the write that follows)
            deadline, start = time.monotonic() + 300, len(reads) + _count(count_file)
            while (
                len(reads) + _count(count_file) - start < MIN_READS // WRITES
                and time.monotonic() < deadline
            ):
                time.sleep(0.02)
            write = cycle[n % len(cycle)]
            write()
            kinds[("import", "undo", "form", "form")[n % len(cycle)]] += 1
            record()
        time.sleep(0.5)
    finally:
        stop.set()
        stop_file.touch()
        for t in threads:
            t.join()
        other_reads, other_errors = _collect(other, out_file)
    all_reads = reads + [(v, y, s) for v, y, s in other_reads]
    all_errors = errors + other_errors
    unmatched = [(v, y) for v, y, state in all_reads if published.get(v, {}).get(y) != state]
    versions = Counter(v for v, _, _ in all_reads)
    print(
        f"\n{len(all_reads)} reads ({len(other_reads)} in another process) during {WRITES} "
        f"writes {dict(kinds)}; {len(all_errors)} errors; {len(unmatched)} unmatched; "
        f"{len(versions)} of {len(published)} states seen"
    )
    assert all_errors == []
    assert unmatched == []
    assert len(all_reads) >= MIN_READS
    assert len(published) == WRITES + 1  # every write published a new state
    assert len(versions) >= WRITES // 2  # the readers did read through the writes


def test_a_second_writer_gets_the_busy_message_not_an_error(small: Path) -> None:
    """Two editors at once: the second waits its turn a moment, then is told in Vietnamese."""
    with (
        generations.write_lock(small),
        pytest.raises(DatabaseLocked) as caught,
        writing(small, wait=0.2),
    ):
        pass
    assert str(caught.value) == STORE["busy"].format(path=small)


def test_a_second_writer_that_waits_writes_on_what_the_first_published(small: Path) -> None:
    first_done = threading.Event()

    def first() -> None:
        with writing(small) as db, db.transaction():
            time.sleep(0.5)  # the second arrives meanwhile
            db.set_meta("data_version", str(int(db.data_version()) + 1))
            db.set_meta("marker", "first")
        first_done.set()

    t = threading.Thread(target=first)
    t.start()
    time.sleep(0.1)
    with writing(small) as db, db.transaction():
        assert first_done.is_set()
        assert db.meta("marker") == "first"
        db.set_meta("data_version", str(int(db.data_version()) + 1))
    t.join()
    with Database(small) as db:
        assert db.meta("marker") == "first"


def test_two_editors_at_once_the_second_is_told_the_database_is_busy(
    small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page's own words (not the generic error) for an editor whose write finds another
    at work past the app's wait; nothing written, the page still works."""
    from streamlit.testing.v1 import AppTest

    import ui.write
    from xeploai.access.users import User
    from xeploai.texts import IMPORT_PAGE

    monkeypatch.setattr(ui.write, "APP_WRITE_WAIT", 0.3)
    monkeypatch.setenv("XEPLOAI_DB", str(small))
    at = AppTest.from_file(str(ROOT / "views" / "data_import.py"), default_timeout=60)
    at.session_state["_user"] = User("bantochuc", "Ban Tổ chức", "editor", ())
    at.run()
    undo = next(b for b in at.button if b.label.startswith("Hoàn tác lần nhập"))
    with generations.write_lock(small):  # the first editor's write, still at work
        undo.click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [IMPORT_PAGE["locked"]]
    with Database(small) as db:
        assert ingest.last_active_import(db) is not None  # not undone
