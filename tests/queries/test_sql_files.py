"""Every SQL file in queries/ runs on the fixture database, and each declares its contract."""

from __future__ import annotations

import re

import pytest

from xeploai.store.database import Database, QueryError, load_query, query_names

# A value for every parameter name any query uses. A new query with a new parameter name
# fails below until its value is added here.
PARAMS: dict[str, object] = {
    "year": 2019,
    "from_year": 2015,
    "to_year": 2024,
    "sectors": None,
    "org_types": None,
    "orgs": None,
    "ratio": 0.2,
    "include_excellent": False,
    "group_by": "org_type",
    "good_share": 0.8,
    "cells_fraction": 1 / 3,
    "members_fraction": 1 / 2,
    "org": "XBD",
}


@pytest.mark.parametrize("name", query_names())
def test_query_runs_and_documents_itself(db: Database, name: str) -> None:
    q = load_query(name)
    header = q.sql.lstrip().splitlines()[0]
    assert header.startswith("--"), "a query file starts with a comment saying what it answers"
    assert re.search(r"(?i)grain", q.sql), "the header names the grain (one row = ?)"
    assert re.fullmatch(r"[a-z0-9_]+_by_[a-z0-9_]+", name), "named <measure>_by_<grain>"
    missing = q.params - PARAMS.keys()
    assert not missing, f"add test values for {sorted(missing)} to PARAMS"
    frame = db.query(name, **{p: PARAMS[p] for p in q.params})
    assert len(frame.columns) > 0


def test_the_caller_must_give_exactly_the_declared_parameters(db: Database) -> None:
    with pytest.raises(TypeError, match="missing"):
        db.query("members_by_year", from_year=2019, to_year=2019)
    with pytest.raises(TypeError, match="unexpected"):
        db.query("years_by_data", year=2019)


def test_a_failing_query_names_itself(db: Database) -> None:
    with pytest.raises(QueryError, match="member_excellent_cap_by_org"):
        db.query("member_excellent_cap_by_org", year=2019, ratio="not a number",
                 include_excellent=False)


def test_filter_values_are_bound_not_pasted(db: Database) -> None:
    # a hostile filter value is just a value that matches nothing
    hostile = ["x') or 1=1 --", "'; drop table org_results; --"]
    frame = db.query("org_counts_by_year", from_year=2015, to_year=2024, sectors=hostile,
                     org_types=None, orgs=None)
    assert frame.empty
    assert len(db.query("years_by_data")) == 10


def test_levels_are_zero_filled(db: Database) -> None:
    frame = db.query("levels_by_year", from_year=2019, to_year=2019, sectors=None,
                     org_types=None, orgs=["XBD"])
    members = frame[frame["subject"] == "members"]
    assert list(members["level_code"]) == ["HTXSNV", "HTTNV", "HTNV", "KHTNV"]
    orgs = frame[frame["subject"] == "base_orgs"]
    assert len(orgs) == 4 and orgs["n"].sum() == 1  # one organization, three zero levels
