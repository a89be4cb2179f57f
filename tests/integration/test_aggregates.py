"""The stored facts and counts the pages read equal the recorded rows after every kind of write.

``base_org_facts`` and ``scope_year_counts`` (``store/aggregates.py``) are rebuilt by every write
through ``tree.rebuild``. Each test below makes one kind of write — the demo build, an import,
an update, its undo, a migration of a file without the tables, a setting — and then checks the
tables two ways: against the base view directly (an independent count, per committee × year ×
sector × kind, of organizations, levels, members and cells), and against what a fresh rebuild
would store (every column, row for row).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.queries.test_schema import drop_versions_after
from xeploai import ingest
from xeploai.cli import main
from xeploai.ingest import Source
from xeploai.ingest.spec import TABLES
from xeploai.ingest.workbook import export_data, workbook_bytes
from xeploai.store import aggregates, tree
from xeploai.store.database import Database
from xeploai.store.schema import V19_STORED
from xeploai.texts import EVAL_STATUS_LABELS

CORPUS = Path(__file__).resolve().parents[1] / "files" / "import"

# An independent count from the base view (not through org_year_tallies): what a page shows.
_FROM_BASE = """
select
    s.scope_code, b.year, b.sector, b.org_type, b.scheme_code,
    count(*) as orgs,
    count(b.org_level) as org_rated,
    count(*) filter (where b.org_level = 'HTXSNV') as org_level_htxsnv,
    count(*) filter (where b.org_rank <= 2) as org_good,
    sum(b.members_total) as members_total,
    sum(b.members_htxsnv + b.members_httnv) as members_good,
    sum(b.members_evaluated) as members_evaluated,
    sum(b.cells_tsvm + b.cells_htxsnv + b.cells_httnv + b.cells_htnv + b.cells_khtnv
        + b.cells_yk) as cells_rated
from base_org_years as b
join scope_orgs as s on s.year = b.year and s.org_code = b.org_code
group by all
"""
_FROM_TABLE = """
select
    scope_code, year, sector, org_type, scheme_code, orgs, org_rated, org_level_htxsnv,
    org_good, members_total, members_good, members_evaluated, cells_rated
from scope_year_counts
"""

# The same for the scores: counted from the recorded scores and the base view, per committee ×
# year × sector × kind × rank × whole point (not through org_year_scores).
_SCORES_FROM_BASE = """
select
    s.scope_code, b.year, b.sector, b.org_type, b.org_rank, floor(sc.score)::integer,
    count(*), sum(sc.score)
from base_org_years as b
join org_scores as sc on sc.year = b.year and sc.org_code = b.org_code
join scope_orgs as s on s.year = b.year and s.org_code = b.org_code
where sc.quarter = 0 and sc.score is not null
group by all
"""

# The same for the steps: counted from the steps' rows of every committee (the macro
# ``filtered_steps`` under each), not through org_year_appraisals.
_APPRAISALS_FROM_STEPS = """
select
    s.scope_code, f.year, f.sector, f.org_type,
    count(f.org_level),
    count(f.appraisal),
    count(*) filter (where f.appraisal = 'down'),
    count(*) filter (where f.appraisal = 'up'),
    count(*) filter (where f.appraisal is not null and f.decision in ('down', 'up')),
    count(*) filter (
        where f.org_level is not null and (f.self_level is null or f.appraised_level is null)
    )
from filtered_steps('*', 0, 9999, null, null, null) as f
join scope_orgs as s on s.year = f.year and s.org_code = f.org_code
group by all
"""


# The same for the statuses: their rows under every committee (the macro ``filtered_statuses``
# under each, the organizations dissolved during the year under the committees of the year
# before), not through org_year_statuses.
_STATUSES_FROM_ROWS = """
select s.scope_code, f.year, f.sector, n.org_type, f.standing, f.reason, count(*),
    sum(f.members_paused), sum(f.members_absent)
from filtered_statuses('*', 0, 9999, null, null, null) as f
join org_years as n
    on n.org_code = f.org_code and n.year = f.year - (case when f.standing then 0 else 1 end)
join scope_orgs as s on s.year = n.year and s.org_code = f.org_code
group by all
"""

# The same for the own superior's sums of shares: its base organizations counted from the base
# view, each with the two wholes a share is taken of, per year × sector × kind × whole (not
# through the macro ``summed_shares``).
_SHARES_FROM_BASE = """
with own as (
    select b.*
    from base_org_years as b
    join scope_orgs as s on s.year = b.year and s.org_code = b.org_code
    join meta as m on m.key = 'superior_code' and s.scope_code = m.value
),

wholes as (
    select *, 'members_evaluated' as whole_of, members_evaluated as whole from own
    union all
    select *, 'members_total' as whole_of, members_total as whole from own
)

select year, sector, org_type, whole_of, whole, count(*), sum(members_good),
    sum(members_excellent), sum(members_not_completed), sum(members_exempt)
from wholes
where whole > 0
group by all
"""

# Every table derived from the recorded ones: the dated tree, then the stored sums.
DERIVED = (
    "org_life",
    "org_spells",
    "tree_faults",
    "org_years",
    "scope_orgs",
    "base_org_facts",
    "committee_cells",
    "org_year_tallies",
    "org_year_scores",
    "org_year_appraisals",
    "scope_year_counts",
    "scope_year_scores",
    "scope_year_appraisals",
    "scope_year_statuses",
    "own_year_shares",
    "scope_year_sets",
    "committee_years",
    "own_catalogue",
    "own_directed",
)
# Independent of store/aggregates.py: the committees each year, counted and named from the tree;
# the own superior's organizations, from the catalogue and the tree.
_COMMITTEES = """
select s.year, s.scope_code, n.org_name, n.org_type, n.parent_code, count(*)
from scope_orgs as s
join org_years as n on n.year = s.year and n.org_code = s.scope_code
group by all
"""
_OWN = """
select * from organizations
where org_code in (
    select s.org_code from scope_orgs as s, meta as m
    where m.key = 'superior_code' and s.scope_code = m.value
)
"""

_OWN_LAST = """
select s.org_code, max(s.year)
from scope_orgs as s, meta as m
where m.key = 'superior_code' and s.scope_code = m.value
group by s.org_code
"""


def _rows(conn: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[object, ...]]:
    return sorted(conn.execute(sql).fetchall(), key=repr)


def assert_in_order(conn: duckdb.DuckDBPyConnection) -> None:
    """``scope_orgs`` is stored in order of year and committee (what lets a query of one year
    skip the others' rows), after a whole rebuild and after years appended."""
    stored = conn.execute("select year, scope_code, org_code from scope_orgs order by rowid")
    rows = stored.fetchall()
    assert rows == sorted(rows)


def assert_fresh(path: Path) -> None:
    """The stored tables say what the recorded rows say, now."""
    conn = duckdb.connect(str(path))
    try:
        facts = _rows(conn, "select * exclude (in_own_scope) from base_org_facts")
        assert facts == _rows(conn, "select * from base_org_years")
        # the own superior's organizations, flagged: those scope_orgs lists under it
        own = set(
            _rows(
                conn,
                "select year, org_code from scope_orgs"
                " where scope_code = (select value from meta where key = 'superior_code')",
            )
        )
        flagged = _rows(conn, "select year, org_code, in_own_scope from base_org_facts")
        assert [(y, c) for y, c, f in flagged if f] == sorted(own, key=repr)
        assert _rows(conn, "select * from committee_years") == _rows(conn, _COMMITTEES)
        for table, view in aggregates.STORED_VIEWS:  # what the pages of organizations named read
            assert _rows(conn, f"select * from {table}") == _rows(conn, f"select * from {view}")
        assert _rows(conn, "select * from own_catalogue") == _rows(conn, _OWN)
        assert _rows(conn, "select * from own_directed") == _rows(conn, _OWN_LAST)
        assert _rows(conn, _FROM_TABLE) == _rows(conn, _FROM_BASE)
        assert _rows(conn, "select * from scope_year_scores") == _rows(conn, _SCORES_FROM_BASE)
        assert _rows(conn, "select * from scope_year_appraisals") == _rows(
            conn, _APPRAISALS_FROM_STEPS
        )
        assert _rows(conn, "select * from scope_year_statuses") == _rows(conn, _STATUSES_FROM_ROWS)
        shares = _rows(conn, "select * from own_year_shares")
        assert shares == _rows(conn, _SHARES_FROM_BASE)
        assert_in_order(conn)
        stored = {t: _rows(conn, f"select * from {t}") for t in DERIVED}
        conn.execute("begin transaction")
        tree.rebuild(conn)  # what a whole rebuild would store now
        for table in DERIVED:
            assert _rows(conn, f"select * from {table}") == stored[table], table
        conn.execute("rollback")
    finally:
        conn.close()


# The like-for-like counts of one committee and year, counted from the rule's units as the
# overview counted them before they were stored (not through store/aggregates.py).
_SETS_FROM_UNITS = """
with before as (
    select org_code from scope_orgs where year = $year - 1 and scope_code = scope_or_own($scope)
),

units as (
    select org_code, how from comparable_units($scope, $year)
)

select
    (select count(*) from units) as units,
    (select count(*) from units where how = 'same') as same_units,
    (select count(*) from units semi join before using (org_code)) as units_before,
    (select count(*) from before) as scope_before
"""


def test_the_stored_like_for_like_counts_are_the_rule_counted(demo_db_path: Path) -> None:
    # every committee of the demo (and the own superior, "any committee", one that does not
    # exist), every year of its tree, the year before its first and two after its last: what
    # the overview reads equals the units of ``comparable_units`` counted
    with Database(demo_db_path) as db:
        cur = db.cursor()
        scopes: list[str | None] = [
            code for (code,) in cur.execute("select distinct scope_code from scope_orgs").fetchall()
        ]
        [(first, last)] = cur.execute("select min(year), max(year) from org_years").fetchall()
        told = set()
        for scope in [*scopes, None, "*", "KHONG_CO"]:
            for year in range(first - 1, last + 3):
                [stored] = db.rows("like_for_like_by_year", scope=scope, year=year)
                [counted] = cur.execute(_SETS_FROM_UNITS, {"scope": scope, "year": year}).fetchall()
                assert tuple(stored.values()) == counted, (scope, year)
                told.add(len(set(counted)) == 1)
        cur.close()
    assert told == {True, False}  # years of the same set and years of change both met


def _import(path: Path, *files: Path) -> int | None:
    with Database(path, read_only=False) as db:
        import_id, result = ingest.commit(
            db, [Source(f.name, f.read_bytes()) for f in files], user="test"
        )
    assert not result.refused, [p.text() for p in result.problems]
    return import_id


def test_the_demo_build_stores_fresh_counts(demo_db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "demo.duckdb"  # the session's handle holds the demo read-only
    shutil.copy(demo_db_path, path)
    assert_fresh(path)
    assert _counts(path)


def test_the_rows_organizations_named_are_summed_from_are_stored(demo_db_path: Path) -> None:
    # a page of organizations named one by one sums their rows of these (version 18's named
    # branches); as views, each was computed for every organization-year before the semi-join
    # kept the named (nationally 81–111 ms for twelve organizations' every year)
    with duckdb.connect(str(demo_db_path), read_only=True) as conn:
        tables = {t for (t,) in conn.execute("select table_name from duckdb_tables()").fetchall()}
        views = {v for (v,) in conn.execute("select view_name from duckdb_views()").fetchall()}
    for name, view in V19_STORED:
        assert name in tables and name not in views, name
        assert view in views, name
    # every write fills what the schema stored (a version's list is released, never edited)
    assert set(V19_STORED) <= set(aggregates.STORED_VIEWS)


def test_an_import_an_update_and_its_undo_keep_the_counts_fresh(tmp_path: Path) -> None:
    path = tmp_path / "small.duckdb"
    assert main(["init", "--superior", "Đảng bộ xã thử", "--db", str(path)]) == 0
    assert_fresh(path)  # nothing yet: no counts, and none expected
    _import(path, CORPUS / "good" / "small.xlsx")
    assert_fresh(path)
    before = _counts(path)
    assert _import(path, CORPUS / "good" / "update_2021.xlsx") is not None
    assert_fresh(path)
    assert _counts(path) != before  # the update counted
    with Database(path, read_only=False) as db:
        ingest.undo(db)
    assert_fresh(path)
    assert _counts(path) == before


def _stored(path: Path, table: str) -> list[tuple[object, ...]]:
    conn = duckdb.connect(str(path), read_only=True)
    try:
        return _rows(conn, f"select * from {table}")
    finally:
        conn.close()


def _counts(path: Path) -> list[tuple[object, ...]]:
    return _stored(path, "scope_year_counts")


def test_a_migrated_file_gets_fresh_counts(demo_db_path: Path, tmp_path: Path) -> None:
    # a file of the version before the stored counts: opening it migrates it and fills them
    path = tmp_path / "v5.duckdb"
    shutil.copy(demo_db_path, path)
    with duckdb.connect(str(path)) as conn:
        drop_versions_after(conn, 10)
        conn.execute("drop table scope_year_counts")
        conn.execute("drop view org_year_tallies")
        conn.execute("drop table base_org_facts")
        conn.execute("drop table committee_cells")
        # and without the tables of the evaluation as it is worked (version 7)
        for table in ("org_steps", "org_statuses", "remediation_items", "remediation_reports"):
            conn.execute(f"drop table {table}")
        conn.execute("delete from schema_version where version >= 6")
    with Database(path) as db:  # read-only: migrated first, as the app opens it
        assert (
            db.query(
                "year_totals_by_year",
                scope=None,
                from_year=2019,
                to_year=2019,
                sectors=None,
                org_types=None,
                orgs=None,
            )["counts_orgs_rated"].sum()
            > 0
        )
    assert_fresh(path)


def test_a_setting_change_keeps_the_counts_fresh(writable_db_path: Path) -> None:
    # rounding changes the shares, never the counts; the tables stay as they were
    with Database(writable_db_path, read_only=False) as db, db.transaction():
        db.set_meta("rounding", "truncate")
        db.execute("bump_data_version")
    assert_fresh(writable_db_path)


@pytest.mark.parametrize(
    ("demo", "year"),
    [
        ("demo_db_path", 2026),
        ("demo_db_path", 2025),
        ("demo_db_path", 2015),
        # the district before the reorganization: its own committee directs the year's
        # organizations, whose last year under it the undo takes back
        ("district_2024", 2024),
    ],
)
def test_an_import_of_results_alone_derives_only_what_it_changes(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    demo: str,
    year: int,
) -> None:
    # a year's results sent again (every organization and event as stored): the tree is not
    # derived again; a year the database had no results of (taken out first) is added to it,
    # after the others or (2015, the demo's first) before them; every derived table is what a
    # whole rebuild would store, in order
    path = tmp_path / "demo.duckdb"
    shutil.copy(request.getfixturevalue(demo), path)
    with Database(path, read_only=False) as db:
        data = export_data(db, [year])
        with db.transaction() as conn:
            if year != 2025:  # the database before the year's results came in
                for table in ("cell_results", "org_results", "org_scores"):
                    conn.execute(f"delete from {table} where year = $y", {"y": year})
                tree.rebuild(conn)
    assert_fresh(path)
    for row in data["results"][:3]:  # a few results changed, so that their year counts again
        row["members_HTXSNV"], row["members_HTTNV"] = (
            0,
            row["members_HTXSNV"] + row["members_HTTNV"],
        )
    rebuilt = _rebuilds(monkeypatch)
    book = tmp_path / f"{year}.xlsx"
    book.write_bytes(workbook_bytes(data))
    assert _import(path, book) is not None
    assert rebuilt == []
    assert_fresh(path)
    with duckdb.connect(str(path), read_only=True) as conn:
        [(years,)] = conn.execute(
            "select count(distinct year) from org_years where year = $y", {"y": year}
        ).fetchall()
    assert years == 1
    # its undo: the year's results as they were, the years' sums made again; a year the undo
    # leaves without results (2026 and 2015 were taken out first) leaves the tree and every
    # stored table, the tree not derived again: what stays is what a whole rebuild stores
    rebuilt.clear()  # (``assert_fresh`` rebuilds in a transaction it rolls back)
    with Database(path, read_only=False) as db:
        ingest.undo(db)
    assert rebuilt == []
    with duckdb.connect(str(path), read_only=True) as conn:
        [(years,)] = conn.execute(
            "select count(distinct year) from org_years where year = $y", {"y": year}
        ).fetchall()
    assert years == (1 if year == 2025 else 0)
    assert_fresh(path)


def test_a_year_the_own_superior_gains_keeps_its_stored_years(
    district_2024: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the demo district as it stood at the end of 2024, whose own superior (the district)
    # directed its organizations until then: its last year's results sent again after they
    # were taken out, the tree gains the year without a whole rebuild, and what the own
    # superior's years store (its catalogue, the last year it directed each organization)
    # and the like-for-like counts follow it
    path = tmp_path / "district_2024.duckdb"
    shutil.copy(district_2024, path)
    with Database(path, read_only=False) as db:
        data = export_data(db, [2024])
        with db.transaction() as conn:
            for table in ("cell_results", "org_results", "org_scores"):
                conn.execute(f"delete from {table} where year = 2024")
            tree.rebuild(conn)
    assert_fresh(path)
    before = {t: _stored(path, t) for t in ("own_directed", "scope_year_sets")}
    rebuilt = _rebuilds(monkeypatch)
    book = tmp_path / "2024.xlsx"
    book.write_bytes(workbook_bytes(data))
    assert _import(path, book) is not None
    assert rebuilt == []
    assert_fresh(path)
    assert all(_stored(path, t) != rows for t, rows in before.items())


def _new_scores(data: dict[str, list[dict[str, Any]]]) -> None:
    changed = [row for row in data["scores"] if row["quarter"] == 0 and row["score"]][:5]
    assert len(changed) == 5
    for row in changed:
        row["score"] = 100.0 if row["score"] < 60 else 10.5


def _new_appraisals(data: dict[str, list[dict[str, Any]]]) -> None:
    changed = [r for r in data["steps"] if r["year"] == 2024 and r["appraised_level"]][:5]
    assert len(changed) == 5
    others = sorted({r["appraised_level"] for r in data["steps"] if r["appraised_level"]})
    assert len(others) > 1
    for row in changed:  # each appraisal now another level
        row["appraised_level"] = next(o for o in others if o != row["appraised_level"])


def _new_statuses(data: dict[str, list[dict[str, Any]]]) -> None:
    not_evaluated, paused = (
        EVAL_STATUS_LABELS[s] for s in ("not_evaluated", "paused_inspection")
    )  # the workbook's words
    changed = [r for r in data["statuses"] if r["year"] == 2026 and r["status"] == not_evaluated]
    assert len(changed) >= 5
    for row in changed[:5]:  # another reason now, with the case it waits on
        row["status"], row["reference"] = paused, "Thông báo kiểm tra số 12-TB/UBKT"
        row["status_date"] = dt.date(2026, 11, 2)


@pytest.mark.parametrize(
    ("stored", "year", "change", "made"),
    [
        ("scope_year_scores", 2025, _new_scores, ["org_year_scores", "scope_year_scores"]),
        (
            "scope_year_appraisals",
            2024,
            _new_appraisals,
            ["org_year_appraisals", "scope_year_appraisals"],
        ),
        ("scope_year_statuses", 2026, _new_statuses, ["scope_year_statuses"]),
    ],
)
def test_an_import_of_scores_or_steps_alone_makes_their_sums_again(
    demo_db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    stored: str,
    year: int,
    change: Callable[[dict[str, list[dict[str, Any]]]], None],
    made: list[str],
) -> None:
    # a year's data sent again with a few scores, or appraisals, changed (the results as
    # stored): the tree is not derived again, and their stored sums follow; of the year's
    # tables, only those that count what changed are made again
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_db_path, path)
    with Database(path, read_only=False) as db:
        data = export_data(db, [year])
    before = _stored(path, stored)
    change(data)
    rebuilt = _rebuilds(monkeypatch)
    remade = _remade(monkeypatch)
    book = tmp_path / "changed.xlsx"
    book.write_bytes(workbook_bytes(data))
    assert _import(path, book) is not None
    assert rebuilt == []
    assert remade == [([year], made)]
    assert_fresh(path)
    assert _stored(path, stored) != before
    # its undo, a form entry's among them: the sums as they were, the tree not derived again
    rebuilt.clear()  # (``assert_fresh`` rebuilds in a transaction it rolls back)
    remade.clear()
    with Database(path, read_only=False) as db:
        ingest.undo(db)
    assert rebuilt == []
    assert remade == [([year], made)]
    assert_fresh(path)
    assert _stored(path, stored) == before


def _remade(monkeypatch: pytest.MonkeyPatch) -> list[tuple[list[int], list[str]]]:
    """The years whose stored tables a write makes again from now on, and which tables."""
    remade: list[tuple[list[int], list[str]]] = []
    real = aggregates.remake

    def counted(conn: Any, table: str, years: list[int]) -> None:
        if not remade or remade[-1][0] != years:
            remade.append((years, []))
        remade[-1][1].append(table)
        real(conn, table, years)

    monkeypatch.setattr(aggregates, "remake", counted)
    return remade


def test_what_each_stored_table_counts_is_what_its_sql_reads(demo_db_path: Path) -> None:
    # ``aggregates.READS``, which decides what a write makes again, held to the SQL: the
    # recorded tables and stored tables each table's select names, through every view and
    # macro it reaches, read from DuckDB's catalogue
    conn = duckdb.connect(str(demo_db_path), read_only=True)
    try:
        texts = dict(
            conn.execute("select view_name, sql from duckdb_views() where not internal").fetchall()
        )
        for name, text in conn.execute(
            "select function_name, macro_definition from duckdb_functions()"
            " where function_type in ('macro', 'table_macro') and not internal"
        ).fetchall():
            texts[name] = f"{texts.get(name, '')} {text or ''}"
    finally:
        conn.close()
    counted = {*aggregates.YEARLY, *TABLES} - {"organizations", "lineage_events"}

    def named(text: str) -> set[str]:
        return {n for n in {*texts, *counted} if re.search(rf"\b{re.escape(n)}\b", text)}

    for table, select, _ in aggregates._TABLES:
        reached, todo = set(), named(select)
        while todo:
            name = todo.pop()
            if name not in reached:
                reached.add(name)
                todo |= named(texts.get(name, "")) - reached
        assert (reached & counted) - {table} == set(aggregates.READS[table]), table


def _rebuilds(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The whole rebuilds of a database's tree from now on (not the scratch tree an import's
    checks derive of its file's years, which stores no sums)."""
    rebuilt: list[object] = []
    whole = tree.rebuild

    def counted(*args: Any, **kwargs: Any) -> None:
        if kwargs.get("sums", True):
            rebuilt.append(args)
        whole(*args, **kwargs)

    monkeypatch.setattr(tree, "rebuild", counted)
    return rebuilt
