"""The import's SQL identifiers come from an allow-list, and a failed write changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import duckdb
import pyarrow as pa
import pytest

from xeploai import ingest
from xeploai.ingest import lineage, service, statements, storage, validate
from xeploai.ingest.batch import Batch, Change
from xeploai.ingest.lineage import Asked, stored_tree
from xeploai.ingest.spec import (
    STORED_ROWS,
    TABLE_COLUMNS,
    TABLE_KEYS,
    UnknownIdentifier,
    stored_params,
    table_columns,
)
from xeploai.ingest.statements import as_columns, delete_staged, differing, insert_staged
from xeploai.ingest.validate import COMPARED_IN_SQL, stored_rows
from xeploai.ingest.workbook import export_data, workbook_bytes
from xeploai.metrics import rules
from xeploai.store import aggregates, tree
from xeploai.store.database import Database

CORPUS = Path(__file__).resolve().parents[1] / "files" / "import"


@pytest.mark.parametrize(
    ("table", "columns"),
    [
        # a real table the import never writes
        ("meta", None),
        ("import_log", None),
        # an identifier that would be SQL if pasted
        ("org_results; drop table organizations", None),
        # a column of another table, and a column that does not exist
        ("org_results", ["year", "org_name"]),
        ("targets", ["term", "target) values (1); --"]),
    ],
)
def test_an_identifier_outside_the_allow_list_is_refused(
    table: str, columns: list[str] | None
) -> None:
    with pytest.raises(UnknownIdentifier):
        table_columns(table, columns)


@pytest.mark.parametrize("build", [insert_staged, delete_staged])
def test_a_per_table_statement_is_built_only_for_a_known_table(build: object) -> None:
    assert callable(build)
    with pytest.raises(UnknownIdentifier):
        build("meta")
    assert "org_results" in build("org_results").sql


def test_the_allow_list_is_read_only() -> None:
    with pytest.raises(TypeError):
        TABLE_COLUMNS["meta"] = ("key", "value")  # type: ignore[index]


def test_the_allow_list_matches_the_schema_and_the_stored_queries(db: Database) -> None:
    cur = db.cursor()
    try:
        for table, columns in TABLE_COLUMNS.items():
            described = tuple(r[0] for r in cur.execute(f"describe {table}").fetchall())
            assert described == columns, table
            frame = db.query(STORED_ROWS[table], **stored_params(table))
            assert tuple(frame.columns) == columns, STORED_ROWS[table]
    finally:
        cur.close()


@pytest.fixture
def small_db(tmp_path: Path) -> Path:
    from xeploai.cli import main

    path = tmp_path / "small.duckdb"
    assert main(["init", "--superior", "Đảng bộ xã thử", "--db", str(path)]) == 0
    assert main(["import", str(CORPUS / "good" / "small.xlsx"), "--db", str(path)]) == 0
    return path


def test_an_import_that_fails_while_writing_changes_nothing(
    small_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    upload = [
        ingest.Source("update_2021.xlsx", (CORPUS / "good" / "update_2021.xlsx").read_bytes())
    ]
    with ingest.open_for_write(small_db) as db:
        cur = db.cursor()
        before = {
            t: sorted(cur.execute(f"select * from {t}").fetchall(), key=repr)
            for t in (*TABLE_COLUMNS, "import_log", "import_changes", "meta")
        }
        cur.close()

        def fail_after_the_rows(db: Database, *args: Any) -> None:
            write_changes(db, *args)
            raise duckdb.IOException("disk full")

        write_changes = storage.write_changes
        monkeypatch.setattr(storage, "write_changes", fail_after_the_rows)
        with pytest.raises(duckdb.IOException):
            ingest.commit(db, upload, user="thử")
        cur = db.cursor()
        after = {t: sorted(cur.execute(f"select * from {t}").fetchall(), key=repr) for t in before}
        cur.close()
    assert after == before


@pytest.mark.parametrize("part", [statements.DIFFERING_PART, 3, 1])
@pytest.mark.parametrize("table", COMPARED_IN_SQL)
def test_the_difference_made_in_sql_is_the_one_python_makes(
    db: Database, table: str, part: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # compared whole, or in parts of 3 and of 1 rows (a national file's, of 100.000)
    monkeypatch.setattr(statements, "DIFFERING_PART", part)
    stored = list(stored_rows(db, table).values())
    assert len(stored) >= 3, table  # the demo holds rows of every such table
    columns = table_columns(table)
    keys = TABLE_KEYS[table]
    others = [c for c in columns if c not in keys]
    same, changed, emptied = (dict(r) for r in stored[:3])
    # a value that prints otherwise but is equal (92 and 92.0) is no change, as in Python
    numeric = [c for c in others if isinstance(same[c], float) and same[c].is_integer()]
    if numeric:
        same[numeric[0]] = int(same[numeric[0]])
    changed[others[-1]] = "khác" if isinstance(changed[others[-1]], str) else None
    if changed == stored[1]:  # the last column was already null: change another way
        changed[others[-1]] = 1
    filled = next(c for c in others if emptied[c] is not None)
    emptied[filled] = None
    new = dict(stored[3] if len(stored) > 3 else stored[0])
    new.update({k: ("MỚI" if isinstance(new[k], str) else new[k]) for k in keys})
    rows = [same, changed, emptied, new]
    by_python = {
        tuple(r[k] for k in keys): old
        for r in rows
        if (old := stored_rows(db, table).get(tuple(r[k] for k in keys))) != r
    }
    assert differing(db, table, rows) == by_python
    assert len(by_python) == 3 and None in by_python.values()  # two changed, one new


def test_the_dry_run_warns_of_what_the_import_then_finds(writable_db_path: Path) -> None:
    # the page shows the dry run's warnings before the import, the import's after it: the same,
    # though the dry run copies only the years the files touch (the rest of the history stays)
    with Database(writable_db_path, read_only=False) as db:
        data = export_data(db, [2025])
        agri = next(r for r in data["results"] if r["org_code"] == "AGRI")
        assert (agri["members_HTXSNV"], agri["members_HTTNV"]) == (1, 9)
        agri["members_HTXSNV"], agri["members_HTTNV"] = 4, 6  # the cap is ⌊0,2 × 6⌋ = 1
        upload = [ingest.Source("2025.xlsx", workbook_bytes(data))]
        shown = ingest.preview(db, upload)
        import_id, done = ingest.commit(db, upload, user="thử")
    assert not shown.refused and import_id is not None
    assert shown.findings == done.findings
    # the planted case, the year's two planted QĐ 366 cases, each once under all the committees
    assert [(f.rule, f.org_code) for f in done.findings] == [
        ("member_excellent_cap", "AGRI"),
        ("score_band", "XXTT-TR6"),
        ("score_excellent", "XA_HOCMON-YT"),
    ]


def test_an_import_gives_back_what_arrows_allocator_kept(
    writable_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Arrow's allocator keeps what it freed for its next tables: a dry run and an import, taken
    # or refused, hand it back when they end (a server's next national import started 0,1 GB
    # higher)
    released: list[str] = []

    class Pool:
        def release_unused(self) -> None:
            released.append("released")

    monkeypatch.setattr(service, "pa", SimpleNamespace(default_memory_pool=Pool))
    with Database(writable_db_path) as db:
        upload = [ingest.Source("2025.xlsx", workbook_bytes(export_data(db, [2025])))]
        assert not ingest.preview(db, upload).refused
        assert released == ["released"]
        assert ingest.preview(db, [ingest.Source("hỏng.xlsx", b"not a workbook")]).refused
        assert released == ["released"] * 2
    with ingest.open_for_write(writable_db_path) as writer:
        assert ingest.commit(writer, upload, user="thử")[0] is None  # as stored: no change
    assert released == ["released"] * 3


def test_an_imports_staged_tables_take_the_c_librarys_memory_not_mimallocs() -> None:
    # pyarrow's default allocator (mimalloc) kept ~100 MiB of a national import's freed tables
    # resident after being asked to give them back; the store makes Arrow allocate from the C
    # library's, whose heap ``release_unused`` trims (store.database)
    system, mimalloc = pa.system_memory_pool(), pa.mimalloc_memory_pool()
    rows = [{"org_code": f"ORG{i:06d}", "org_name": f"Chi bộ {i}"} for i in range(20_000)]
    before = (system.bytes_allocated(), mimalloc.bytes_allocated())
    staged = as_columns("organizations", rows)
    assert staged.num_rows == 20_000
    assert system.bytes_allocated() - before[0] >= staged.nbytes
    assert mimalloc.bytes_allocated() == before[1]
    del staged
    assert system.bytes_allocated() == before[0]


# what the rules read on the dry run's scratch copy
RULES_INPUT = ("org_years", "scope_orgs", "base_org_facts")


def _rules_input(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, list[Any]]]:
    """What each dry run's scratch copy holds for the rules, taken as they are made."""
    seen: list[dict[str, list[Any]]] = []
    made = aggregates.refresh_for_rules

    def taken(conn: duckdb.DuckDBPyConnection) -> None:
        made(conn)
        seen.append(
            {t: conn.execute(f"select * from {t} order by all").fetchall() for t in RULES_INPUT}
        )

    monkeypatch.setattr(aggregates, "refresh_for_rules", taken)
    return seen


@pytest.mark.parametrize("new_year", [False, True])
def test_the_dry_run_of_results_alone_takes_the_stored_tree(
    writable_db_path: Path, monkeypatch: pytest.MonkeyPatch, new_year: bool
) -> None:
    # a batch that changes no organization and no event: the dry run's copy takes the stored
    # tree's nodes of its years (and a year the tree does not hold yet, derived from the stored
    # spells) instead of deriving every spell again; the rules read there what they read on a
    # copy that derives the whole tree, and find the same
    with Database(writable_db_path, read_only=False) as db:
        data = export_data(db, [2024, 2026])  # two years apart: the copy spans 2025 too
        if new_year:  # 2026 not yet reported: the stored tree ends with 2025
            with db.transaction() as conn:
                for table in ("org_results", "cell_results", "org_scores"):
                    conn.execute(f"delete from {table} where year = 2026")
                tree.rebuild(conn)
        held = {y for (y,) in db.conn.execute("select distinct year from org_years").fetchall()}
        assert (2026 in held) is not new_year and 2025 in held
        for year in (2024, 2026):  # a member of each year rated a level lower
            row = next(r for r in data["results"] if r["year"] == year and r["members_HTTNV"])
            row["members_HTTNV"], row["members_HTNV"] = (
                row["members_HTTNV"] - 1,
                row["members_HTNV"] + 1,
            )
        sheets = {k: data[k] for k in ("results", "cell_results", "scores")}
        upload = [ingest.Source("kq.xlsx", workbook_bytes(sheets))]
        batch = validate.prepare(db, upload)
        assert batch.leaves_tree and batch.years == [2024, 2026]
        seen = _rules_input(monkeypatch)
        stood = service.findings_after(db, batch)
        monkeypatch.setattr(Batch, "leaves_tree", property(lambda self: False))
        derived = service.findings_after(db, batch)
    taken, made = seen
    assert {row[0] for row in taken["org_years"]} == {2024, 2025, 2026}
    assert len(taken["base_org_facts"]) > 400 and len(taken["scope_orgs"]) > 400
    assert taken == made
    assert stood == derived and stood


def test_the_dry_run_of_an_event_derives_the_tree_it_makes(
    writable_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # an event changes the tree: the dry run's copy derives it with the event, as the import
    # then stores it (a renaming in 2026: the organization bore its old name in 2025)
    with Database(writable_db_path, read_only=False) as db:
        data = export_data(db, [2025])
        agri = next(o for o in data["organizations"] if o["org_code"] == "AGRI")
        rename: dict[str, Any] = dict.fromkeys(data["lineage"][0])
        rename.update(
            event_date=dt.date(2026, 2, 1),
            event="renamed",
            org_code="AGRI",
            from_value="Chi bộ Nông nghiệp (tên cũ)",
            to_value=agri["org_name"],
        )
        result = next(r for r in data["results"] if r["org_code"] == "AGRI")
        result["members_HTXSNV"], result["members_HTTNV"] = 2, 8  # and its 2025 results
        sheets = {"lineage": [rename], "results": data["results"]}
        upload = [ingest.Source("kq.xlsx", workbook_bytes(sheets))]
        seen = _rules_input(monkeypatch)
        shown = ingest.preview(db, upload)
        assert shown.batch is not None and not shown.batch.leaves_tree, shown.problems
        assert ingest.commit(db, upload, checked=shown)[0] is not None
        stored = db.conn.execute(
            "select org_name from org_years where year = 2025 and org_code = 'AGRI'"
        ).fetchall()
    [taken] = seen
    named = {row[1]: row[2] for row in taken["base_org_facts"] if row[0] == 2025}
    assert named["AGRI"] == "Chi bộ Nông nghiệp (tên cũ)" == stored[0][0]


def test_a_fault_of_the_stored_tree_refuses_a_file_of_results_alone(
    writable_db_path: Path,
) -> None:
    # a file that changes no organization and no event is checked against the database's own
    # tree, whose faults its last rebuild stored (tree_faults): one planted there is reported
    # as the stored data's, and nothing is written
    with Database(writable_db_path, read_only=False) as db:
        with db.transaction() as conn:  # AGRI moved to the city on 1 July 2025; the catalogue
            conn.execute(  # now says a commune, as no import would have let it
                "update organizations set parent_code = 'XA_BADIEM' where org_code = 'AGRI'"
            )
            tree.rebuild(conn)
        assert [(f["org_code"], f["fault"]) for f in db.rows("lineage_faults_by_event")] == [
            ("AGRI", "to_not_current")
        ]
        before = db.data_version()
        results = export_data(db, [2025])["results"]
        changed = next(r for r in results if r["members_HTTNV"] > 0)
        changed["members_HTTNV"], changed["members_HTNV"] = (
            changed["members_HTTNV"] - 1,
            changed["members_HTNV"] + 1,
        )
        upload = [ingest.Source("kq.xlsx", workbook_bytes({"results": results}))]
        shown = ingest.preview(db, upload)
        import_id, done = ingest.commit(db, upload, user="thử")
        assert import_id is None and db.data_version() == before
    for refused in (shown, done):
        assert [p.text() for p in refused.problems] == [
            "Trong dữ liệu đã có, tổ chức “AGRI”: Sau sự kiện này giá trị là “”, nhưng danh mục"
            " ghi “XA_BADIEM”: sự kiện cuối cùng phải dẫn đến giá trị trong danh mục."
        ]


def test_scores_alone_bring_the_warnings_of_their_year(writable_db_path: Path) -> None:
    # QĐ 366 reads a level against its score: a file of scores only is checked for its year
    with Database(writable_db_path, read_only=False) as db:
        scores = export_data(db, [2025])["scores"]
        agri = next(r for r in scores if r["org_code"] == "AGRI" and r["quarter"] == 0)
        assert agri["score"] == 84.0  # rated HTTNV, in the band of 70–< 90
        agri["score"] = 60.0
        shown = ingest.preview(db, [ingest.Source("diem.xlsx", workbook_bytes({"scores": [agri]}))])
    assert not shown.refused and shown.batch is not None
    assert shown.batch.counts()["org_scores"] == {"added": 0, "changed": 1, "unchanged": 0}
    assert ("score_band", "AGRI") in [(f.rule, f.org_code) for f in shown.findings]


def test_a_years_export_sent_back_changes_nothing_and_counts_every_row(
    writable_db_path: Path,
) -> None:
    # the catalogue and the lineage as stored are not kept twice by the check, but still
    # counted: every row of the file, unchanged
    with Database(writable_db_path, read_only=False) as db:
        data = export_data(db, [2025])
        shown = ingest.preview(db, [ingest.Source("2025.xlsx", workbook_bytes(data))])
        stored = {t: len(stored_rows(db, t)) for t in ("organizations", "lineage_events")}
    assert not shown.refused and shown.batch is not None
    assert not shown.batch.changes
    counts = shown.batch.counts()
    for table, sheet in (("organizations", "organizations"), ("lineage_events", "lineage")):
        assert len(data[sheet]) == stored[table] > 0, table
        assert counts[table] == {"added": 0, "changed": 0, "unchanged": stored[table]}, table
    assert counts["org_results"]["unchanged"] == len(data["results"]) > 0


def test_a_catalogue_sent_back_still_checks_the_codes_the_other_sheets_name(
    writable_db_path: Path,
) -> None:
    # the catalogue sent back as stored is kept by its codes alone for the checks of the year's
    # rows, and a target's committee by its row (its kind)
    with Database(writable_db_path, read_only=False) as db:
        data = export_data(db, [2025])
        agri = next(r for r in data["results"] if r["org_code"] == "AGRI")
        data["results"].append({**agri, "org_code": "KHONG_CO"})
        target = {**data["targets"][0], "term": "2030-2035", "from_year": 2030, "to_year": 2034}
        data["targets"] += [{**target, "scope_code": "AGRI"}, {**target, "scope_code": "KHONG"}]
        before = db.data_version()
        shown = ingest.preview(db, [ingest.Source("2025.xlsx", workbook_bytes(data))])
        assert db.data_version() == before
    committee = "Mã cấp ủy (để trống: cấp ủy của cơ sở dữ liệu)"
    assert [p.text() for p in shown.problems] == [
        "Tệp “2025.xlsx”, trang tính “results”, dòng 214, cột “Mã tổ chức”: Mã tổ chức không có"
        " trong danh mục (trang organizations của tệp hoặc dữ liệu đã có). (giá trị “KHONG_CO”)",
        f"Tệp “2025.xlsx”, trang tính “targets”, dòng 34, cột “{committee}”: “AGRI” là chi bộ"
        " cơ sở, không phải cấp ủy cấp trên đề ra chỉ tiêu. (giá trị “AGRI”)",
        f"Tệp “2025.xlsx”, trang tính “targets”, dòng 35, cột “{committee}”: Không có cấp ủy mã"
        " “KHONG” trong danh mục. (giá trị “KHONG”)",
    ]


def _planted_2025(db: Database, excellent: int) -> list[ingest.Source]:
    data = export_data(db, [2025])
    agri = next(r for r in data["results"] if r["org_code"] == "AGRI")
    agri["members_HTXSNV"], agri["members_HTTNV"] = excellent, 10 - excellent
    return [ingest.Source("2025.xlsx", workbook_bytes(data))]


@pytest.mark.parametrize("moved", [None, "write", "day"])
def test_the_page_writes_its_preview_unless_something_moved_since(
    writable_db_path: Path, monkeypatch: pytest.MonkeyPatch, moved: str | None
) -> None:
    # the page previews on the published generation, then commits on a writer's copy: the
    # preview's batch is written as it is, unless the database or the day changed in between
    monkeypatch.setenv("XEPLOAI_TODAY", "2026-12-01")
    with Database(writable_db_path) as reader:
        upload = _planted_2025(reader, 4)
        shown = ingest.preview(reader, upload)
    assert shown.batch is not None and not shown.batch.empty
    if moved == "write":  # another editor's import: AGRI is already 3 HTXSNV of 10
        with ingest.open_for_write(writable_db_path) as other:
            assert ingest.commit(other, _planted_2025(other, 3))[0] is not None
    elif moved == "day":
        monkeypatch.setenv("XEPLOAI_TODAY", "2026-12-02")
    checked_again: list[int] = []
    prepare = validate.prepare  # what the service calls

    def counted(db: Database, sources: list[ingest.Source]) -> Any:
        checked_again.append(len(sources))
        return prepare(db, sources)

    monkeypatch.setattr(service, "prepare", counted)
    ruled: list[int] = []
    check = rules.check_year_everywhere

    def ruled_counted(db: Database, year: int) -> Any:
        ruled.append(year)
        return check(db, year)

    monkeypatch.setattr(service, "check_year_everywhere", ruled_counted)
    with ingest.open_for_write(writable_db_path) as db:
        import_id, written = ingest.commit(db, upload, "thử", checked=shown)
    assert import_id is not None and written.batch is not None
    assert checked_again == ([] if moved is None else [1])
    if moved is None:  # the new rows as columns, made by the dry run's rule checks, written
        assert written.batch is shown.batch
        assert set(vars(shown.batch)["new_columns"]) == {c.table for c in shown.batch.changes}
    # the preview's warnings are the import's when nothing moved; else the rules run again
    assert ruled == ([] if moved is None else [2025])
    with Database(writable_db_path) as after:
        assert written.findings == check(after, 2025)
        assert ("member_excellent_cap", "AGRI") in [(f.rule, f.org_code) for f in written.findings]
    # what was written is the difference with the data as it is at the commit
    agri = next(c for c in written.batch.changes if c.key == (2025, "AGRI"))
    assert agri.old is not None
    assert (agri.old["members_htxsnv"], agri.new["members_htxsnv"]) == (
        (3 if moved == "write" else 1),
        4,
    )
    with Database(writable_db_path) as after:
        [(stored,)] = after.conn.execute(
            "select members_htxsnv from org_results where year = 2025 and org_code = 'AGRI'"
        ).fetchall()
    assert stored == 4


def _outcome(db: Database, upload: list[ingest.Source]) -> tuple[Any, ...]:
    try:
        batch = validate.prepare(db, upload)
    except ingest.ImportRefused as refused:
        return tuple(p.text() for p in refused.problems)
    return tuple((c.table, c.key, c.old, c.new) for c in batch.changes)


@pytest.mark.parametrize("plant", ["nothing", "a cap broken", "a cell as a base organization"])
def test_files_that_leave_the_tree_as_stored_are_checked_on_the_stored_tree(
    db: Database, monkeypatch: pytest.MonkeyPatch, plant: str
) -> None:
    # the year's export holds every organization and event as stored: the tree is the
    # database's, not derived again; every change and every problem as if it were
    data = export_data(db, [2025])
    agri = next(r for r in data["results"] if r["org_code"] == "AGRI")
    if plant == "a cap broken":
        agri["members_HTXSNV"], agri["members_HTTNV"] = 4, 6
    elif plant == "a cell as a base organization":
        cell = data["cell_results"][0]["org_code"]
        data["results"].append({**agri, "org_code": cell})
    upload = [ingest.Source("2025.xlsx", workbook_bytes(data))]
    derived: list[object] = []
    derive = lineage.derive  # what the checks call

    def counted(*args: Any) -> Any:
        derived.append(args)
        return derive(*args)

    monkeypatch.setattr(validate, "derive", counted)
    kept = _outcome(db, upload)
    assert derived == []
    monkeypatch.setattr(validate, "stored_tree", lambda db, asked: None)
    assert _outcome(db, upload) == kept
    assert len(derived) == 1
    if plant == "nothing":
        assert kept == ()  # the year as stored: no change
    elif plant == "a cap broken":
        assert [c[:2] for c in kept] == [("org_results", (2025, "AGRI"))]
    else:
        assert any(cell in text for text in kept), kept


@pytest.mark.parametrize("plant", ["nothing", "a cell as a base organization"])
def test_a_new_year_s_results_are_checked_on_the_stored_spells(
    writable_db_path: Path, monkeypatch: pytest.MonkeyPatch, plant: str
) -> None:
    # the database before the year's results: that year's tree is not derived yet; the files
    # leave every organization and event as stored, so the year is derived from the stored
    # spells — every change and problem as the whole derivation gives them
    with Database(writable_db_path, read_only=False) as db:
        data = export_data(db, [2026])
        with db.transaction() as conn:
            for table in ("cell_results", "org_results", "org_scores"):
                conn.execute(f"delete from {table} where year = 2026")
            tree.rebuild(conn)
    if plant == "a cell as a base organization":
        cell = data["cell_results"][0]["org_code"]
        data["results"].append({**data["results"][0], "org_code": cell})
    upload = [ingest.Source("2026.xlsx", workbook_bytes(data))]
    derived: list[object] = []
    derive = lineage.derive

    def counted(*args: Any) -> Any:
        derived.append(args)
        return derive(*args)

    monkeypatch.setattr(validate, "derive", counted)
    with Database(writable_db_path) as db:
        [(held,)] = db.conn.execute("select count(*) from org_years where year = 2026").fetchall()
        assert held == 0
        kept = _outcome(db, upload)
        assert derived == []
        monkeypatch.setattr(validate, "stored_tree", lambda db, asked: None)
        assert _outcome(db, upload) == kept
    assert len(derived) == 1
    assert (plant == "nothing") == (not isinstance(kept[0], str))


def test_the_tree_read_for_an_import_is_the_whole_tree_where_the_checks_look(db: Database) -> None:
    # whole in the years of results (a committee's cells are counted); in the other years only
    # the organizations the rows name — each node as the whole tree has it
    asked = Asked(whole=frozenset({2025}), named={2024: frozenset({"AGRI", "XBD"})})
    kept = stored_tree(db, asked)
    everything = stored_tree(db, Asked(whole=frozenset({2024, 2025})))
    assert kept is not None and everything is not None
    part, whole = kept[0], everything[0]
    assert {code for year, code in part.nodes if year == 2024} == {"AGRI", "XBD"}
    assert {k: v for k, v in whole.nodes.items() if k[0] == 2025} == {
        k: v for k, v in part.nodes.items() if k[0] == 2025
    }
    assert part.node("AGRI", 2024) == whole.node("AGRI", 2024) is not None
    assert part.cells("TTYT", 2025) == whole.cells("TTYT", 2025) != []
    # a year the database has not derived (no results of it yet): its nodes derived from the
    # stored spells, each as the whole derivation in a scratch database gives it
    later = Asked(whole=frozenset({2031}), named={2032: frozenset({"AGRI", "XBD"})})
    read = stored_tree(db, later)
    derived, faults = lineage.derive(db, [], [], (2015, 2032), later)
    assert read is not None and {year for year, _ in read[0].nodes} == {2031, 2032}
    assert read[0].nodes == derived.nodes
    assert read[0].life == derived.life
    assert read[0].cells("TTYT", 2031) == derived.cells("TTYT", 2031) != []
    assert read[1] == faults
    # a year in which no organization named stood: derived again, and the checks say so
    assert stored_tree(db, Asked(named={2031: frozenset({"KHONG-CO"})})) is None


def test_the_tree_of_an_import_is_the_stored_one_with_the_files_rows_over_it(db: Database) -> None:
    whole = Asked(whole=frozenset({2024}))
    stored, stored_faults = lineage.derive(db, [], [], (2015, 2024), whole)
    assert stored.kind("XBD", 2024) == "base_committee"
    assert not [f for f in stored_faults if f["org_code"] == "AGRI"]
    xbd = stored_rows(db, "organizations")[("XBD",)]
    # the file's row in place of the stored one (a kind, as the catalogue gives it now, holds
    # back to the first year without an event); an event that names an organization the
    # catalogue does not hold is left out, not faulted (its row's own problem is said)
    merged = {
        "event_date": dt.date(2024, 7, 1),
        "event": "merged_into",
        "org_code": "AGRI",
        "related_code": "KHONG-CO",
        "from_value": None,
        "to_value": None,
        "decision": None,
    }
    derived, faults = lineage.derive(
        db, [{**xbd, "org_type": "base_cell"}], [merged], (2015, 2024), whole
    )
    assert derived.kind("XBD", 2024) == "base_cell"
    assert derived.node("AGRI", 2024) == stored.node("AGRI", 2024) is not None
    assert not [f for f in faults if f["org_code"] == "AGRI"]
    # the stored rows themselves are left as they are
    kept = stored_tree(db, whole)
    assert kept is not None and kept[0].kind("XBD", 2024) == "base_committee"


@pytest.mark.parametrize("table", ["organizations", "lineage_events", "org_results", "org_steps"])
def test_the_undo_log_keeps_each_row_as_the_rows_themselves_would(db: Database, table: str) -> None:
    # the log's rows are made column by column; their JSON is what the rows as Python values
    # give (a day, a null, a number), the row before null where a row is added
    stored = list(stored_rows(db, table).values())
    assert len(stored) >= 4, table
    a, b, c, d = (dict(r) for r in stored[:4])
    emptied = {
        **b,
        next(k for k, v in b.items() if v is not None and k not in TABLE_KEYS[table]): None,
    }
    changes = [
        Change.of(table, (1,), None, a),
        Change.of(table, (2,), b, emptied),
        Change.of(table, (3,), c, d),
        Change.of(table, (4,), None, c),
    ]
    made = storage.change_rows(table, changes, as_columns(table, [x.new for x in changes]), 7)
    expected = pa.Table.from_pylist(
        [{"seq": 7 + i, "old_row": x.old, "new_row": x.new} for i, x in enumerate(changes)]
    )

    def logged(rows: pa.Table) -> list[tuple[Any, ...]]:
        con = duckdb.connect()
        con.register("staged_rows", rows)
        found = con.execute(
            "select seq, to_json(old_row)::varchar, to_json(new_row)::varchar from staged_rows"
        ).fetchall()
        return [(s, o and json.loads(o), json.loads(n)) for s, o, n in found]

    assert logged(made) == logged(expected)
    assert [o is None for _, o, _ in logged(made)] == [True, False, False, True]


def test_each_sheet_is_let_go_once_its_rows_are_checked(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A national year's 3,2 million rows do not all live until the end of the checks, nor all
    at once as rows: by the time the appraisal steps are checked, the sheets of the catalogue,
    the lineage, the results, the cells, the scores and the targets (with every row read from
    them) are gone, and the sheets still to check are columns, not yet a row each; the steps'
    rows are made one at a time as their check asks for them."""
    import gc
    import weakref

    from xeploai.ingest.parse import Row, parse_columns
    from xeploai.ingest.validate_workflow import check_steps

    upload = [ingest.Source("2025.xlsx", workbook_bytes(export_data(db, [2025])))]
    sheets: list[tuple[str, weakref.ref[Any]]] = []

    def kept(sheet: Any, problems: Any) -> Any:
        sheets.append((sheet.key, weakref.ref(sheet)))
        return parse_columns(sheet, problems)

    alive: list[set[str]] = []
    made: list[Counter[str]] = []

    given: list[int] = []

    def rows_alive() -> Counter[str]:
        return Counter(o.sheet.key for o in gc.get_objects() if isinstance(o, Row))

    def steps(rows: Any, *args: Any) -> Any:
        alive.append({key for key, ref in sheets if ref() is not None})
        made.append(rows_alive())

        def counted() -> Any:
            for n, row in enumerate(rows):
                if n == 2:  # the third row asked for: the first let go
                    made.append(rows_alive())
                given.append(n)
                yield row

        return check_steps(counted(), *args)

    monkeypatch.setattr("xeploai.ingest.validate.parse_columns", kept)
    monkeypatch.setattr("xeploai.ingest.validate.check_steps", steps)
    validate.prepare(db, upload)  # the year as stored: no change, every check made
    checked = {"organizations", "lineage", "results", "cell_results", "scores", "targets"}
    read = {key for key, _ in sheets}
    assert checked & read and {"steps", "statuses", "remediation", "reports"} <= read
    assert alive == [read - checked]  # the sheets still to check, the steps' among them
    # no row of any sheet when the steps' check begins; while it runs, the steps' row it
    # checks and the one before it (its loop's), none of the sheets after them yet
    assert made[0] == Counter()
    assert len(given) > 3 and made[1] == Counter({"steps": 2})
