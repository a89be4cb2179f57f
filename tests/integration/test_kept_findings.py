"""The rule findings every write keeps (``rules.keep_findings``) are what the checks find, and are
read only while they are of the data, the settings, the rounding and the code they were made
from; otherwise the checks run, as they did before findings were kept.

Each write below is made as the app and the command line make it (``ingest.open_for_write``,
the demo build); after each, the kept findings are read where a page reads them
(``check_years`` under the own superior: every year, each year, each organization) and
compared with the checks run on the same file.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import time
from contextlib import nullcontext
from pathlib import Path

import pytest

from tests.browser.helpers import start_app, stop_app
from tests.conftest import IMPORT_FILES, read_by
from tests.loops import run_alone
from xeploai import ingest
from xeploai.cli import main
from xeploai.domain.numbers import rounding
from xeploai.ingest import Source, forms, storage
from xeploai.metrics import rules
from xeploai.metrics.rules import Finding, RuleSettings, Span, check_year, check_years
from xeploai.metrics.yearly import as_published
from xeploai.store import generations
from xeploai.store.database import ROOT, WRITE_WAIT, Database, load_query

KEPT = ["kept_findings_by_position"]


def _checked(
    db: Database,
    from_year: int,
    to_year: int,
    orgs: list[str] | None = None,
    settings: RuleSettings | None = None,
) -> list[Finding]:
    """What the checks find, run now (never the kept findings)."""
    span = Span(from_year, to_year, None, orgs)
    return [f for _, f in rules._check(db, span, settings or RuleSettings.from_db(db))]


def _years(db: Database) -> list[int]:
    return [int(y) for y in db.query("years_by_data")["year"]]


def assert_kept(path: Path) -> list[Finding]:
    """The file's kept findings are read, not checked, and are what the checks find: over every
    year, in each year, about each organization. Returns them."""
    with Database(path, read_only=True) as db, as_published(db):
        years = _years(db)
        first, last = years[0], years[-1]
        every, ran = read_by(db, lambda: check_years(db, first, last))
        assert ran == KEPT
        assert every == _checked(db, first, last)
        for year in years:
            assert check_year(db, year) == _checked(db, year, year)
        codes = sorted(
            {c for (c,) in db.conn.sql("select org_code from base_org_facts").fetchall()}
        )
        for code in codes:
            assert check_years(db, first, last, orgs=[code]) == _checked(db, first, last, [code])
        return list(every)


def _rated_late(db: Database, year: int, org: str) -> None:
    """A form entry on ``db``: the organization's year rated late, in January after it."""
    entry = forms.status_source(
        year, org, "rated_late", "Thông báo 1-TB/BTC", dt.date(year + 1, 1, 15), None, None
    )
    import_id, done = ingest.commit(db, [entry], "test")
    assert import_id is not None, [p.text() for p in done.problems]


def test_the_demo_build_keeps_its_findings(demo_db_path: Path) -> None:
    found = assert_kept(demo_db_path)
    assert len(found) >= 3  # the planted cases of the demo's years
    assert any(f.org_code is None for f in found)  # a group's cap: named by none


def test_every_write_keeps_the_findings_of_its_data(tmp_path: Path) -> None:
    path = tmp_path / "small.duckdb"
    db = ["--db", str(path)]
    assert main(["init", "--superior", "Đảng bộ xã thử", *db]) == 0
    with Database(path, read_only=True) as handle:
        assert rules.findings_current(handle)  # none yet, kept as every write keeps them
    seen: list[list[Finding]] = []
    assert main(["import", str(IMPORT_FILES / "good" / "small.xlsx"), *db]) == 0
    seen.append(assert_kept(path))
    assert main(["import", str(IMPORT_FILES / "good" / "update_2021.xlsx"), *db]) == 0
    seen.append(assert_kept(path))
    # a form entry: one organization rated late
    with Database(path, read_only=True) as handle:
        [(year, org)] = handle.conn.sql(
            "select max(year), min(org_code) from base_org_facts where year = "
            "(select max(year) from base_org_facts)"
        ).fetchall()
    with ingest.open_for_write(path) as handle:
        _rated_late(handle, year, org)
    seen.append(assert_kept(path))
    # the settings: the rounding the messages' shares are written in, and the rules' own
    assert main(["settings", "--rounding", "truncate", *db]) == 0
    seen.append(assert_kept(path))
    assert main(["settings", "--before-2019", "evaluated", *db]) == 0
    seen.append(assert_kept(path))
    assert main(["undo", *db]) == 0
    seen.append(assert_kept(path))
    assert any(seen)
    # the findings moved with the writes: each was kept, not left from the one before
    assert len({tuple(found) for found in seen}) > 1


def test_a_write_that_keeps_nothing_leaves_the_checks_to_run(writable_db_path: Path) -> None:
    # written on a handle of its own, not through open_for_write: the findings kept are of the
    # data before, so they are not read
    with Database(writable_db_path, read_only=False) as db:
        [(year, org)] = db.conn.sql(
            "select max(year), min(org_code) from base_org_facts where year = 2024"
        ).fetchall()
        _rated_late(db, year, org)
    with Database(writable_db_path, read_only=True) as db, as_published(db):
        years = _years(db)
        found, ran = read_by(db, lambda: check_years(db, years[0], years[-1]))
        assert ran and KEPT[0] not in ran
        assert found == _checked(db, years[0], years[-1])


@pytest.mark.parametrize(
    "asked",
    ["settings", "rounding", "committee", "code"],
)
def test_findings_of_other_settings_rounding_committee_or_code_are_checked(
    demo_db_path: Path, monkeypatch: pytest.MonkeyPatch, asked: str
) -> None:
    settings = RuleSettings(excellent_cap_ratio=0.1) if asked == "settings" else None
    scope = "XA_BADIEM" if asked == "committee" else None
    if asked == "code":  # an upgrade: the files findings are made from are not as they were
        monkeypatch.setattr(rules, "code_stamp", lambda: "another")
    with Database(demo_db_path, read_only=True) as db, as_published(db):
        years = _years(db)
        mode = rounding("truncate") if asked == "rounding" else nullcontext()
        with mode:
            found, ran = read_by(
                db, lambda: check_years(db, years[0], years[-1], settings, scope=scope)
            )
            assert ran and KEPT[0] not in ran
            span = Span(years[0], years[-1], None if scope is None else [scope])
            made = settings or RuleSettings.from_db(db)
            assert found == [f for _, f in rules._check(db, span, made)]
        if asked != "code":  # the same handle, asked as the file kept them: read
            _, ran = read_by(db, lambda: check_years(db, years[0], years[-1]))
            assert ran == KEPT


def test_the_code_findings_are_made_from_covers_what_the_checks_read(demo_db_path: Path) -> None:
    sources = set(rules.findings_sources())
    for module in ("xeploai/metrics/rules.py", "xeploai/texts.py", "xeploai/store/schema.py"):
        assert ROOT / module in sources
    with Database(demo_db_path, read_only=True) as db:
        years = _years(db)
        _, ran = read_by(db, lambda: _checked(db, years[0], years[-1]))
    assert len(set(ran)) >= 5
    for name in set(ran):
        assert ROOT / "queries" / f"{name}.sql" in sources, name
        assert load_query(name)  # a query file, read from there


def test_the_stamp_changes_with_a_file_findings_are_made_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for pattern in rules.FINDINGS_MADE_FROM:
        for path in ROOT.glob(pattern):
            target = tmp_path / path.relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
    here = _fresh_stamp()
    monkeypatch.setattr(rules, "ROOT", tmp_path)
    try:
        assert _fresh_stamp() == here  # the same files elsewhere: the same stamp
        (tmp_path / "xeploai" / "texts.py").write_text("# một lời khác\n", encoding="utf-8")
        assert _fresh_stamp() != here
    finally:
        rules.code_stamp.cache_clear()


def _fresh_stamp() -> str:
    rules.code_stamp.cache_clear()
    return rules.code_stamp()


def test_a_writers_checks_read_each_query_once_then_forget_it(writable_db_path: Path) -> None:
    # two score rules read the same rows: a writer (keep_findings) reads them once; after the
    # checks, its handle reads what it is asked again (it writes between its reads)
    with Database(writable_db_path, read_only=False) as db:
        first, last = _years(db)[0], _years(db)[-1]
        _, ran = read_by(db, lambda: _checked(db, first, last))
        assert ran.count("score_conditions_by_org") == 1
        assert len(ran) == len(set(ran)) >= 7
        _, ran = read_by(db, lambda: [db.query("years_by_data") for _ in range(2)])
        assert ran == ["years_by_data", "years_by_data"]


def test_a_writer_checks_again_what_it_wrote_since(small_db: Path) -> None:
    # the same writer's handle checks, writes, checks the same years again: the second check
    # reads the rows written, not the answers the first kept
    with Database(small_db, read_only=False) as db:
        before = _checked(db, 2014, 2030)
        source = Source("update.xlsx", (IMPORT_FILES / "good" / "update_2021.xlsx").read_bytes())
        assert ingest.commit(db, [source], "test")[0] is not None
        after = _checked(db, 2014, 2030)
    with Database(small_db, read_only=True) as fresh:
        assert after == _checked(fresh, 2014, 2030)
    assert after != before


# --- after an upgrade: kept again at the server's start -----------------------------------------


def _kept_by_an_older_version(path: Path) -> None:
    """The file as an older version of the code left it: findings kept with another key."""
    with Database(path, read_only=False) as db:
        db.set_meta(rules.KEPT_KEY, json.dumps({"code": "an older version"}))
    with Database(path, read_only=True) as db:
        assert not rules.findings_current(db)


def _state(path: Path) -> tuple[str, str, bool]:
    """The published generation, the data version, whether the findings are current."""
    with Database(path, read_only=True) as db:
        return db.generation, db.data_version(), rules.findings_current(db)


def test_the_servers_start_keeps_again_the_findings_an_older_version_kept(
    writable_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import server

    _kept_by_an_older_version(writable_db_path)
    generation, version, _ = _state(writable_db_path)
    with Database(writable_db_path, read_only=True) as db, as_published(db):
        years = _years(db)
        _, ran = read_by(db, lambda: check_years(db, years[0], years[-1]))
        assert ran and KEPT[0] not in ran  # checked meanwhile, never read stale
    monkeypatch.setenv("XEPLOAI_DB", str(writable_db_path))

    async def start_and_stop() -> None:
        async with server.lifespan(server.app):  # the stop waits for the keep
            pass

    run_alone(start_and_stop())
    kept_generation, kept_version, current = _state(writable_db_path)
    assert current and kept_generation != generation
    assert int(kept_version) == int(version) + 1  # a write like any other
    assert_kept(writable_db_path)
    # the next start finds them current: nothing written, nothing published, and not even a
    # writer's copy made (a national file's takes a second or two)
    assert server.keep_findings() is False
    assert _state(writable_db_path) == (kept_generation, kept_version, True)

    def no_copy(*_: object, **__: object) -> None:
        raise AssertionError("a writer's copy made for nothing")

    monkeypatch.setattr(storage, "writing", no_copy)
    assert ingest.keep_stale_findings(writable_db_path) is False


def test_keeping_again_waits_for_no_other_write(writable_db_path: Path) -> None:
    _kept_by_an_older_version(writable_db_path)
    before = _state(writable_db_path)
    started = time.monotonic()
    with generations.write_lock(writable_db_path, 0):  # an import at work: it keeps them
        assert ingest.keep_stale_findings(writable_db_path) is False
    assert time.monotonic() - started < WRITE_WAIT
    assert _state(writable_db_path) == before


def test_the_servers_start_without_a_database_or_with_a_damaged_one_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import server

    missing = tmp_path / "none.duckdb"
    monkeypatch.setenv("XEPLOAI_DB", str(missing))
    assert server.keep_findings() is False
    assert not missing.exists()  # nothing made where nothing was
    damaged = tmp_path / "damaged.duckdb"
    damaged.write_bytes(b"not a database" * 1000)
    monkeypatch.setenv("XEPLOAI_DB", str(damaged))
    assert server.keep_findings() is False  # logged; the pages say what is wrong
    assert damaged.read_bytes() == b"not a database" * 1000


def test_a_backup_of_an_older_version_restored_has_its_findings_kept(
    writable_db_path: Path, tmp_path: Path
) -> None:
    _kept_by_an_older_version(writable_db_path)
    db = ["--db", str(writable_db_path)]
    assert main(["backup", *db, "--out", str(tmp_path / "b")]) == 0
    (archive,) = (tmp_path / "b").glob("xeploai-*.tar")
    fresh = tmp_path / "restored" / "xeploai.duckdb"
    assert main(["restore", str(archive), "--db", str(fresh), "--yes"]) == 0
    assert _state(fresh)[2]
    assert_kept(fresh)


def test_the_server_started_as_deployed_keeps_them_again(writable_db_path: Path) -> None:
    # ``streamlit run server.py``, as systemd starts it: the keep runs beside the first requests
    _kept_by_an_older_version(writable_db_path)
    proc, _ = start_app(writable_db_path)
    try:
        deadline = time.monotonic() + 30
        while not _state(writable_db_path)[2] and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        stop_app(proc)
    assert _state(writable_db_path)[2]
    assert_kept(writable_db_path)
