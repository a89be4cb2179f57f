"""Reads that do not need each other, run at once (``Database.at_once``), and one query asked
by two callers at the same time, read once (``Database.query``): the figures are the same as
one after the other, each caller has a frame of its own, and an error reaches its caller."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from xeploai.domain.numbers import current_rounding, rounding
from xeploai.domain.selection import ALL, Filters, Selection
from xeploai.exports.story import build_slides, load_year
from xeploai.metrics.yearly import forget_yearly
from xeploai.screens import appraisal, exemptions, organization, overview, remediation, trends
from xeploai.store import database
from xeploai.store.database import Database, QueryError

WAIT = 30  # seconds: a barrier that is never met fails the test, it does not hang it


@pytest.fixture
def two_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two calls at a time whatever the machine's cores (CI's are two)."""
    monkeypatch.setattr(database, "AT_ONCE", 2)


def test_calls_run_at_the_same_time_each_in_the_callers_context(
    db: Database, two_at_once: None
) -> None:
    met = threading.Barrier(2, timeout=WAIT)

    def meet(value: int) -> tuple[int, str, int]:
        met.wait()  # both calls are running, or this raises BrokenBarrierError
        return value, current_rounding(), threading.get_ident()

    with rounding("truncate"), db.at_once() as run:
        first, second = run(meet, 1), run(meet, 2)
    one, two = first.result(), second.result()
    assert (one[:2], two[:2]) == ((1, "truncate"), (2, "truncate"))
    assert len({one[2], two[2], threading.get_ident()}) == 3
    assert current_rounding() == "half_up"  # the block's mode did not leak out of it


def test_the_first_call_that_fails_raises_when_the_block_ends_after_every_call(
    db: Database, two_at_once: None
) -> None:
    with pytest.raises(KeyError, match="'no_such_query'"), db.at_once() as run:
        counted = run(db.query, "years_by_data")
        failed = run(db.query, "no_such_query")
        also = run(db.query, "no_such_query_either")
    assert not counted.result().empty  # the others ran to their end
    assert isinstance(also.exception(), KeyError) and failed.done()


def test_a_writers_failed_call_raises_when_the_block_ends_too(writable_db_path: Path) -> None:
    with Database(writable_db_path, read_only=False) as writer:
        with pytest.raises(KeyError, match="no_such_query"), writer.at_once() as run:
            run(writer.query, "no_such_query")
            counted = run(writer.query, "years_by_data")
        assert not counted.result().empty


def test_a_writers_calls_run_in_its_own_thread_one_after_the_other(
    writable_db_path: Path, two_at_once: None
) -> None:
    done: list[int] = []

    def note(value: int) -> int:
        done.append(value)
        return threading.get_ident()

    with Database(writable_db_path, read_only=False) as writer, writer.at_once() as run:
        first = run(note, 1)
        assert done == [1]  # run when given, before the next line
        second = run(note, 2)
    assert {first.result(), second.result()} == {threading.get_ident()}
    assert done == [1, 2]


@pytest.fixture
def handle(demo_db_path: Path, tmp_path: Path) -> Iterator[Database]:
    """A read-only handle of its own (its reads are replaced), on a copy of the demo."""
    path = tmp_path / "own.duckdb"
    shutil.copy(demo_db_path, path)
    with Database(path, read_only=True) as own:
        yield own


def _second_waits_for_first(
    handle: Database, callers: list[threading.Thread], first_read_may_end: threading.Event
) -> None:
    """Start the first caller, and the second once the first's read is under way; let the
    first read end once the second waits for it; wait for both."""
    callers[0].start()
    deadline = time.monotonic() + WAIT
    while not handle._pending and time.monotonic() < deadline:
        time.sleep(0.001)
    callers[1].start()
    (pending,) = handle._pending.values()
    while pending.waiting < 1 and time.monotonic() < deadline:
        time.sleep(0.001)
    assert pending.waiting == 1, "the second caller did not wait for the first's read"
    first_read_may_end.set()
    for caller in callers:
        caller.join(WAIT)


def states(handle: Database) -> pd.DataFrame:
    return handle.query("remediation_states_by_item", scope=None, orgs=None)


def test_one_query_asked_twice_at_once_is_read_once_and_each_caller_gets_its_own_frame(
    handle: Database,
) -> None:
    reads: list[str] = []
    first_read_may_end = threading.Event()
    original = handle._read

    def read(name: str, params: dict[str, Any], fetch: Any) -> Any:
        reads.append(name)
        if len(reads) == 1:  # the first read ends once the second caller waits for it
            assert first_read_may_end.wait(WAIT)
        return original(name, params, fetch)

    handle._read = read  # type: ignore[method-assign]
    frames: list[pd.DataFrame] = []
    callers = [threading.Thread(target=lambda: frames.append(states(handle))) for _ in range(2)]
    _second_waits_for_first(handle, callers, first_read_may_end)
    assert reads == ["remediation_states_by_item"]
    assert len(frames) == 2 and frames[0] is not frames[1]
    pd.testing.assert_frame_equal(frames[0], frames[1])
    # each as a query's frame is made (``as_frame``: a day as datetime64)
    pd.testing.assert_frame_equal(frames[1], states(handle))
    assert frames[0]["deadline"].dtype.kind == "M" and len(frames[0]) > 0
    for frame in frames:  # one caller's change is neither the other's nor what is kept
        frame.loc[:, "last_status"] = "changed"
        assert not any("changed" in set(f["last_status"]) for f in frames if f is not frame)
        assert "changed" not in set(states(handle)["last_status"])
        frame.loc[:, "last_status"] = None
    assert reads == ["remediation_states_by_item"] and not handle._pending


def test_a_failed_read_reaches_every_caller_waiting_for_it_and_is_not_kept(
    handle: Database,
) -> None:
    reads: list[str] = []
    first_read_may_end = threading.Event()

    def read(name: str, params: dict[str, Any], fetch: Any) -> Any:
        reads.append(name)
        assert first_read_may_end.wait(WAIT)
        raise QueryError(name, RuntimeError("broken on purpose"))

    handle._read = read  # type: ignore[method-assign]
    errors: list[BaseException] = []

    def ask() -> None:
        try:
            handle.query("years_by_data")
        except QueryError as exc:
            errors.append(exc)

    callers = [threading.Thread(target=ask) for _ in range(2)]
    _second_waits_for_first(handle, callers, first_read_may_end)
    assert reads == ["years_by_data"] and len(errors) == 2 and not handle._pending


def _slides(handle: Database, year: int, filters: Filters = ALL) -> list[Any]:
    forget_yearly()
    handle.forget_results()
    data = load_year(handle, year, filters, attention_shown=5)
    assert data is not None
    return [data.summary, data.previous, data.attention, build_slides(data)]


# a viewer's organizations: the demo's planted findings of 2021 and 2022 are two of theirs
VIEWED = Filters(orgs=("AGRI", "GDNN", "XBD", "XTTT"))


@pytest.mark.parametrize("year", [2022, 2023, 2024])
def test_the_deck_and_the_pages_read_at_once_are_what_they_are_one_after_the_other(
    db: Database, monkeypatch: pytest.MonkeyPatch, year: int
) -> None:
    day = pd.Timestamp("2026-12-01").date()
    made: dict[int, list[Any]] = {}
    for workers in (1, 2):
        monkeypatch.setattr(database, "AT_ONCE", workers)
        chosen = Selection(year=year, from_year=2016, to_year=year)
        made[workers] = [
            *_slides(db, year),
            *_slides(db, year, VIEWED),
            overview.build(db, year, None, VIEWED, day),
            trends.build(db, chosen),
            trends.build(db, replace(chosen, sectors=("commune",), orgs=VIEWED.orgs)),
            overview.build(db, year, None, ALL, day),
            remediation.build(db, None, day),
            appraisal.build(db, chosen),
            organization.build(db, replace(chosen, org="AGRI"), ALL, day),
            organization.build(db, replace(chosen, org="XBD"), ALL, day),  # its cells
            exemptions.build(db, chosen),
            exemptions.build(db, replace(chosen, from_year=year)),  # the year before read apart
        ]
    assert repr(made[2]) == repr(made[1])
    if year == 2022:  # the viewer's deck has its finding
        assert [f["org_code"] for f in made[2][4]["findings"]] == ["GDNN"]
