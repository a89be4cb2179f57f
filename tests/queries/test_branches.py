"""A query run with the branch of a shared macro that its parameters pick (``schema.BRANCHES``,
``Query.for_params``) answers exactly as the whole macro does, for every committee and filter
a page may ask — and the branch is picked where it should be, so the test is not idle."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.queries.test_sql_files import PARAMS
from xeploai.store.database import load_query, query_names
from xeploai.store.schema import BRANCHES

READING = sorted(
    name
    for name in query_names()
    if any(f"{macro}($scope," in load_query(name).sql for macro, _, _ in BRANCHES)
)
# the demo's years and committees: the own superior (None), a commune that directs some of
# the district's organizations from July 2025, any committee; no organization named, two, or
# an empty list (a viewer allowed no organization of the committee); every sector or one
SCOPES = (None, "XA_BADIEM", "*")
ORGS: tuple[list[str] | None, ...] = (None, ["XBD", "TTHM"], [])
SECTORS = (None, ["commune"])
YEARS = ((2019, 2019), (2024, 2025))


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any]) -> Counter[str]:
    # the rows in any order (some queries leave the order to the caller), each as its repr
    return Counter(repr(row) for row in con.execute(sql, params).fetchall())


def test_the_shared_macros_are_read_by_the_queries_expected() -> None:
    assert "year_totals_by_year" in READING and "attention_facts_by_org_year" in READING
    assert len(READING) >= 12


@pytest.mark.parametrize("name", READING)
def test_the_branch_picked_answers_as_the_whole_macro(demo_db_path: Path, name: str) -> None:
    query = load_query(name)
    con = duckdb.connect(str(demo_db_path), read_only=True)
    picked = 0
    try:
        for scope, orgs, sectors, (first, last) in itertools.product(SCOPES, ORGS, SECTORS, YEARS):
            values = {
                **PARAMS,
                "scope": scope,
                "orgs": orgs,
                "sectors": sectors,
                "year": last,
                "from_year": first,
                "to_year": last,
            }
            params = {k: v for k, v in values.items() if k in query.params}
            sql = query.for_params(params)
            if sql == query.sql:
                continue
            picked += 1
            assert _rows(con, sql, params) == _rows(con, query.sql, params), (
                name,
                scope,
                orgs,
                sectors,
            )
    finally:
        con.close()
    # the own superior, with no organization named or some, picks a branch of every shared
    # macro
    assert picked >= len(ORGS) * len(SECTORS) * len(YEARS)


def test_a_branch_is_picked_only_where_it_alone_answers() -> None:
    query = load_query("year_totals_by_year")
    stored = "stored_year_counts($scope,"
    assert stored in query.for_params({"scope": None, "orgs": None})
    assert stored in query.for_params({"scope": "XA_BADIEM", "orgs": None})
    assert stored not in query.for_params({"scope": "*", "orgs": None})
    assert stored not in query.for_params({"scope": None, "orgs": ["XBD"]})
    shares = load_query("share_sums_by_year_whole")
    assert "own_share_sums($scope," in shares.for_params({"scope": None, "orgs": None})
    assert "own_share_sums($scope," not in shares.for_params({"scope": "XA_BADIEM", "orgs": None})
    facts = load_query("attention_facts_by_org_year")
    own = "own_base_org_years($scope,"
    assert own in facts.for_params({"scope": None, "orgs": None})
    assert own not in facts.for_params({"scope": "XA_BADIEM", "orgs": None})
    assert own not in facts.for_params({"scope": None, "orgs": ["XBD"]})


def test_a_viewer_s_organizations_are_read_by_their_branch() -> None:
    """The own superior's organizations named (a viewer limited to some, a link, the
    organization page) pick the branches of version 18, every shared macro a query reads."""
    named = {"scope": None, "orgs": ["XBD"]}
    for name, branch in (
        ("year_totals_by_year", "own_named_year_counts($scope,"),
        ("attention_facts_by_org_year", "own_named_base_org_years($scope,"),
        ("steps_by_org_year", "own_named_steps($scope,"),
        ("statuses_by_org_year", "own_named_statuses($scope,"),
        ("status_counts_by_year_reason", "own_named_status_counts($scope,"),
        ("appraisal_counts_by_year_sector", "own_named_appraisal_counts($scope,"),
        ("base_org_codes_by_org", "own_named_base_orgs($scope,"),
        ("share_sums_by_year_whole", "own_named_share_sums($scope,"),
    ):
        query = load_query(name)
        sql = query.for_params(named)
        assert branch in sql, name
        # and no shared macro is left whole
        assert not [macro for macro, _, _ in BRANCHES if f"{macro}($scope," in sql], name
        assert branch not in query.for_params({"scope": None, "orgs": None}), name
        assert branch not in query.for_params({"scope": "XA_BADIEM", "orgs": ["XBD"]}), name
    # a query that names no organization reads the own superior's catalogue
    assert "own_base_orgs($scope," in load_query("base_orgs_by_code").for_params(
        {"scope": None, "names": None}
    )


@pytest.mark.parametrize("scope", [None, "XA_BADIEM", "*"])
@pytest.mark.parametrize("orgs", [None, [], ["XBD"]])
def test_no_two_branches_of_a_macro_answer_for_the_same_parameters(
    scope: str | None, orgs: list[str] | None
) -> None:
    picked = Counter(macro for macro, _, alone in BRANCHES if alone(scope, orgs))
    assert all(n == 1 for n in picked.values()), picked


def test_a_branch_reads_no_shared_macro_whole(demo_db_path: Path) -> None:
    """A branch is picked to spare DuckDB the planning of the shared macro's other branches:
    the branch itself reads no shared macro whole, only other branches and tables."""
    shared = {macro for macro, _, _ in BRANCHES}
    con = duckdb.connect(str(demo_db_path), read_only=True)
    try:
        for _, branch, _ in BRANCHES:
            [(text,)] = con.execute(
                "select macro_definition from duckdb_functions() where function_name = $name",
                {"name": branch},
            ).fetchall()
            assert not [m for m in shared if re.search(rf"\b{m}\(", text)], branch
    finally:
        con.close()
