"""The schema is versioned and a later version carries an existing file forward."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from xeploai.domain.levels import SCORE_BAND_FLOORS
from xeploai.metrics.summary import year_summary
from xeploai.store.database import Database
from xeploai.store.schema import (
    _V6_TABLES,
    _V10_FILTERS,
    _V10_MACROS,
    _V10_REMEDIATION,
    _V11_SCORES,
    _V13_APPRAISALS,
    _V15_COUNTS,
    _V15_STATUSES,
    _V16_STATUSES,
    BRANCHES,
    MIGRATIONS,
    V19_STORED,
    _on_shared_conditions,
    _own_named_branches,
    _own_variant,
    _statement,
    current_version,
    migrate,
)


def test_a_new_database_is_at_the_newest_version(tmp_path: Path) -> None:
    conn = duckdb.connect(str(tmp_path / "new.duckdb"))
    assert current_version(conn) == 0  # no table of versions yet
    conn.execute("create table schema_version (version integer primary key)")
    assert current_version(conn) == 0  # the table, empty
    conn.execute("drop table schema_version")
    assert migrate(conn) == len(MIGRATIONS)
    assert current_version(conn) == len(MIGRATIONS)


def test_a_later_migration_keeps_the_data(demo_db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    shutil.copy(demo_db_path, path)
    conn = duckdb.connect(str(path))
    before = conn.execute("select * from org_results order by year, org_code").fetchall()

    def add_note_column(c: duckdb.DuckDBPyConnection) -> None:
        c.execute("alter table organizations add column note varchar")

    version = migrate(conn, (*MIGRATIONS, add_note_column))
    assert version == len(MIGRATIONS) + 1
    after = conn.execute("select * from org_results order by year, org_code").fetchall()
    assert after == before
    assert "note" in [r[0] for r in conn.execute("describe organizations").fetchall()]
    # running again does nothing
    assert migrate(conn, (*MIGRATIONS, add_note_column)) == version


def test_a_failing_migration_leaves_the_file_as_it_was(demo_db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    shutil.copy(demo_db_path, path)
    conn = duckdb.connect(str(path))

    def broken(c: duckdb.DuckDBPyConnection) -> None:
        c.execute("delete from org_results")
        c.execute("select no_such_column from organizations")

    with pytest.raises(duckdb.Error):
        migrate(conn, (*MIGRATIONS, broken))
    assert current_version(conn) == len(MIGRATIONS)
    assert conn.execute("select count(*) from org_results").fetchone()[0] > 0  # type: ignore[index]


def test_an_older_file_is_brought_up_to_date_when_opened_read_only(
    demo_db_path: Path, tmp_path: Path
) -> None:
    # a file made by version 2 (before the shared filter macro and the derived columns), holding
    # the demo's rows: the app opens it read-only and its queries still work, because opening
    # migrates it first
    from xeploai.store.database import Database

    path = tmp_path / "v2.duckdb"
    conn = duckdb.connect(str(path))
    migrate(conn, MIGRATIONS[:2])
    conn.execute("attach $demo as demo (read_only)", {"demo": str(demo_db_path)})
    # the rows as version 2 kept them: no superior node, no parent for a base organization,
    # targets without a committee; and only the history through 2024, the tree as it stood
    # then (version 2 could not hold the reorganization of July 2025)
    conn.execute("insert into meta select * from demo.meta where key <> 'superior_code'")
    conn.execute("""
        insert into organizations
        select y.org_code, y.org_name, y.org_type,
            case when y.org_type = 'subordinate_cell' then y.parent_code end,
            y.sector, o.active_from, o.active_to,
            case when o.successor_code in (select org_code from demo.org_years where year <= 2024)
                then o.successor_code end
        from demo.org_years as y
        join demo.organizations as o using (org_code)
        where y.year <= 2024
            and y.org_type in ('base_committee', 'base_cell', 'subordinate_cell')
        qualify row_number() over (partition by y.org_code order by y.year desc) = 1""")
    for table in ("org_results", "cell_results"):
        conn.execute(f"insert into {table} select * from demo.{table} where year <= 2024")
    conn.execute(
        "insert into targets select * exclude (scope_code) from demo.targets"
        " where scope_code = (select value from demo.meta where key = 'superior_code')"
    )
    conn.execute("detach demo")
    conn.close()
    with Database(path, read_only=True) as db, Database(demo_db_path) as demo:
        frame = db.query(
            "year_totals_by_year",
            scope=None,
            from_year=2019,
            to_year=2019,
            sectors=None,
            org_types=None,
            orgs=None,
        )
        assert int(frame["members_total"].iloc[0]) == 6659
        # every figure of every year the same as the database made by this version
        for year in range(2015, 2025):
            old = year_summary(db, year, with_findings=False)
            new = year_summary(demo, year, with_findings=False)
            assert old is not None and new is not None
            # version 2 could not hold why an organization or a member was not rated (the
            # demo records it from version 7): the same counts, every reason "not stated"
            reasons = {
                "unrated": (dict(old["base_orgs"]), dict(new["base_orgs"])),
                "pending_reasons": (dict(old["members"]), dict(new["members"])),
            }
            for key, (was, now) in reasons.items():
                told: dict[str, int] = was.pop(key)  # type: ignore[assignment]
                recorded: dict[str, int] = now.pop(key)  # type: ignore[assignment]
                assert {k: n for k, n in told.items() if k != "not_stated"} == dict.fromkeys(
                    recorded.keys() - {"not_stated"}, 0
                )
                assert sum(told.values()) == sum(recorded.values())
                assert was == now
            assert old["targets"] == new["targets"] and old["superior"] == new["superior"]
    check = duckdb.connect(str(path), read_only=True)
    assert current_version(check) == len(MIGRATIONS)


def _version_10(name: str) -> str:
    """The statement of the macro ``name`` as version 10 wrote it."""
    text = next(t for t in (_V10_MACROS, _V10_REMEDIATION) if f"macro {name}(" in t)
    return _statement(text, name)


# the macros of version 18, each the branch of a shared macro (newest first)
_V18 = tuple(
    re.match(r"create or replace macro (\w+)\(", statement).group(1)  # type: ignore[union-attr]
    for statement in reversed(_own_named_branches())
)

# the macros of version 20, each the branch of ``filtered_share_sums``
_V20 = ("own_named_share_sums", "own_share_sums")

# What each version from 11 on created (newest first): a file of an earlier version has none;
# and the macros versions 16 and 17 replaced, as they were before them.
_CREATED = {
    21: ("drop table rule_findings",),
    20: (
        *(f"drop macro table {branch}" for branch in _V20),
        "drop macro table filtered_share_sums",
        "drop table own_year_shares",
        "drop macro table own_summed_shares",
        "drop macro table summed_shares",
        # the statuses as versions 16 and 18 made them
        _statement(_V16_STATUSES, "filtered_statuses"),
        _own_variant(
            _statement(_V16_STATUSES, "filtered_statuses"),
            "filtered_statuses",
            "own_named_statuses",
            "own_named_base_org_years",
        ),
    ),
    19: tuple(
        statement
        for stored, derived in V19_STORED
        for statement in (f"drop table {stored}", f"alter view {derived} rename to {stored}")
    ),
    18: tuple(f"drop macro table {name}" for name in _V18),
    17: (
        _statement(_V10_FILTERS, "committee_base_org_years"),
        _on_shared_conditions(_V6_TABLES, "filtered_year_counts"),
        _on_shared_conditions(_V11_SCORES, "filtered_score_points"),
        _on_shared_conditions(_V13_APPRAISALS, "filtered_appraisal_counts"),
        _statement(_V15_COUNTS, "filtered_status_counts"),
        *(
            f"drop macro table {branch}"
            for _, branch, _ in BRANCHES
            if branch not in (*_V18, *_V20)
        ),
    ),
    16: (
        "drop table scope_year_sets",
        _version_10("comparable_units"),  # the rule for one committee, as version 10 wrote it
        "drop macro table comparable_units_among",
        _version_10("directs_plan"),
        "drop macro table last_directed",
        "drop table own_directed",
        _V15_STATUSES,
    ),
    15: (
        "drop macro table filtered_status_counts",
        "drop macro stored_row_asked",
        "drop macro sums_stored",
        "drop table scope_year_statuses",
        "drop view org_year_statuses",
    ),
    14: ("drop table tree_faults",),
    13: (
        "drop macro table filtered_appraisal_counts",
        "drop table scope_year_appraisals",
        "drop view org_year_appraisals",
    ),
    12: ("drop macro matches_levels",),
    11: (
        "drop macro table filtered_score_points",
        "drop table scope_year_scores",
        "drop view org_year_scores",
    ),
}


def drop_versions_after(conn: duckdb.DuckDBPyConnection, version: int) -> None:
    """The file as that version left it: what later versions created, dropped."""
    for number, statements in _CREATED.items():
        if number > version:
            for statement in statements:
                conn.execute(statement)


def test_a_file_of_version_9_gets_its_scopes_stored_in_order(
    demo_db_path: Path, tmp_path: Path
) -> None:
    """Version 10 changes no table: it writes the like-for-like rule once (the macro
    ``comparable_units``), and the committees' organizations are now stored in order of year
    and committee; a file of version 9 gets both when it is brought up to date."""
    from tests.integration.test_aggregates import assert_fresh, assert_in_order

    path = tmp_path / "v9.duckdb"
    shutil.copy(demo_db_path, path)
    conn = duckdb.connect(str(path))
    conn.execute("delete from schema_version where version > 9")
    conn.execute("drop macro table comparable_units")
    drop_versions_after(conn, 10)
    conn.execute("create or replace table scope_orgs as select * from scope_orgs order by org_code")
    with pytest.raises(AssertionError):
        assert_in_order(conn)
    assert migrate(conn) == len(MIGRATIONS) == 21
    conn.close()
    assert_fresh(path)  # ordered, and the same rows a rebuild stores
    with Database(path) as db, Database(demo_db_path) as demo:
        for year in (2024, 2025):
            asked = {"scope": "XA_BADIEM", "year": year}
            assert db.rows("like_for_like_by_year", **asked) == demo.rows(
                "like_for_like_by_year", **asked
            )


def _brought_up_from(demo_db_path: Path, tmp_path: Path, version: int, table: str) -> Path:
    """A copy of the demo as version ``version`` left it, brought up to date: the stored
    ``table`` a later version added filled, and every stored table fresh."""
    from tests.integration.test_aggregates import assert_fresh

    path = tmp_path / f"v{version}.duckdb"
    shutil.copy(demo_db_path, path)
    conn = duckdb.connect(str(path))
    conn.execute("delete from schema_version where version > $v", {"v": version})
    drop_versions_after(conn, version)
    assert migrate(conn) == len(MIGRATIONS)
    [(rows,)] = conn.execute(f"select count(*) from {table}").fetchall()
    conn.close()
    assert rows > 0
    assert_fresh(path)
    return path


def test_a_file_of_version_10_gets_the_scores_stored_sums(
    demo_db_path: Path, tmp_path: Path
) -> None:
    """Version 11 stores the scores' sums per committee (``scope_year_scores``), which the
    trends page's bands read: a file of version 10 gets them filled when it is brought up to
    date, and its bands are the demo's."""
    path = _brought_up_from(demo_db_path, tmp_path, 10, "scope_year_scores")
    asked = {
        "scope": "TPHCM",  # the city: the district was dissolved before the scores began
        "from_year": 2015,
        "to_year": 2026,
        "sectors": None,
        "org_types": None,
        "orgs": None,
        "band_floors": list(SCORE_BAND_FLOORS),
    }
    with Database(path) as db, Database(demo_db_path) as demo:
        bands = db.rows("score_bands_by_year", **asked)
        assert bands == demo.rows("score_bands_by_year", **asked)
    assert {row["year"] for row in bands} == {2025, 2026}


def test_a_file_of_version_19_gets_the_own_superior_s_sums_of_shares(
    demo_db_path: Path, tmp_path: Path
) -> None:
    """Version 20 stores what the average organization's shares are taken from, for the own
    superior (``own_year_shares``), which the organization page reads: a file of version 19
    gets it filled when it is brought up to date, and its sums are the demo's."""
    path = _brought_up_from(demo_db_path, tmp_path, 19, "own_year_shares")
    asked = {
        "scope": None,
        "from_year": 2015,
        "to_year": 2026,
        "sectors": None,
        "org_types": None,
        "orgs": None,
        "sector": "commune",
    }
    with Database(path) as db, Database(demo_db_path) as demo:
        sums = db.rows("share_sums_by_year_whole", **asked)
        assert sums == demo.rows("share_sums_by_year_whole", **asked)
    # the district directed its organizations until it was dissolved in July 2025
    assert {row["year"] for row in sums} == set(range(2015, 2025))


# The filter macros, each read with a list of organizations ({orgs}: the list, or null).
FILTERED = {
    "years": "select year, org_code from filtered_base_org_years($scope, 2015, 2026, null, null,"
    " {orgs})",
    "catalogue": "select org_code from filtered_base_orgs($scope, null, null, {orgs})",
    "statuses": "select year, org_code, reason from filtered_statuses($scope, 2015, 2026, null,"
    " null, {orgs})",
}


@pytest.mark.parametrize("scope", [None, "*", "HHM", "XA_BADIEM"])
def test_the_filter_by_organizations_keeps_the_rows_it_names(
    demo_db_path: Path, scope: str | None
) -> None:
    """The filter macros match a list of organizations by a semi-join (version 10): the rows of
    the committee whose code is on the list, as ``list_contains`` on every row kept them; no
    list, every row; an empty list, none. The organizations, their years and their statuses
    (the dissolved among them)."""
    conn = duckdb.connect(str(demo_db_path), read_only=True)
    dissolved = 0
    try:
        codes = sorted(c for (c,) in conn.execute("select org_code from organizations").fetchall())
        for orgs in (None, [], codes[:3], codes[::2], [*codes[:2], "NOWHERE"]):
            params = {"scope": scope, "orgs": orgs}
            found = {}
            for name, sql in FILTERED.items():
                found[name] = conn.execute(
                    f"{sql.format(orgs='$orgs')} order by all", params
                ).fetchall()
                named = conn.execute(
                    f"{sql.format(orgs='null')}"
                    " where $orgs is null or list_contains($orgs, org_code) order by all",
                    params,
                ).fetchall()
                assert found[name] == named, name
            dissolved += sum(reason == "dissolved" for *_, reason in found["statuses"])
            if orgs == []:
                assert found["years"] == [] and found["catalogue"] == []
            if orgs is None and scope != "*":
                assert found["years"] and found["catalogue"]
    finally:
        conn.close()
    # the statuses' branch of the organizations dissolved during the year is filtered too
    assert dissolved > 0 or scope in ("*", "XA_BADIEM")
