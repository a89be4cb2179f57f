"""The tables the pages read, kept from the recorded rows by every write.

A page at national scale would otherwise count 528.333 organization-years through the base view
``base_org_years`` (the organization-years of the dated tree joined to the results, the levels
and the schemes) on every query. These tables hold what the pages read, derived here, once:

- ``base_org_facts``: the base view's rows, stored (the organization-year facts the pages rank
  and the rules check; the derived counts are the view's columns, defined in the schema), with
  whether the database's own superior directed each (``in_own_scope``);
- ``committee_cells``: the subordinate cells standing under each base committee each year;
- ``org_year_tallies``, ``org_year_scores`` and ``org_year_appraisals``: what each
  organization-year counts for (the rows of the views named ``…_derived``, ``STORED_VIEWS``),
  which the sums below add up and a page of organizations named reads by key;
- ``committee_years``: the committees that directed base organizations each year, named;
- ``own_catalogue``: the organizations the database's own superior directed in some year;
- ``own_directed``: the last year the database's own superior directed each of them (the
  remediation plans it follows, the macro ``directs_plan``);
- ``scope_year_counts``: for every committee of the tree, year, sector, kind and scheme, the sum
  of every count of ``org_year_tallies`` (what one organization-year counts for, said once in
  its view: itself, its level, its members and cells by level) — a few hundred rows a year
  where the base view has 52.000;
- ``scope_year_scores``: for every committee, year, sector, kind, level's rank and whole point,
  how many organizations scored (``org_year_scores``: the QĐ 366 score of the year) and their
  scores' sum — the trends page's bands, where the scores hold 380.000 rows nationally;
- ``scope_year_appraisals``: for every committee, year, sector and kind, the sums of what the
  organization-years' steps count for (``org_year_appraisals``: rated, compared, moved down or
  up by the appraisal, moved by the decision, a step missing) — the appraisal page's counts;
- ``scope_year_statuses``: for every committee, year, sector, kind, standing and reason, how
  many organization-years have that status row (``org_year_statuses``, from the macro
  ``filtered_statuses``) and their members paused and absent — the year's unrated counts.
- ``own_year_shares``: for the database's own superior, every year, sector, kind and whole a
  share is taken of (the members evaluated, or the members in all), how many of its base
  organizations have that whole and the sums of their parts (the macro ``own_summed_shares``) —
  what the organization page's averages of the organizations' own shares are taken from;
- ``scope_year_sets``: for every committee and year, the units its base organizations continue
  (the macro ``comparable_units_among``) counted beside its base organizations of the year
  before — the overview's year before, like for like; made from the tree alone.

``refresh`` rebuilds them. It is called by ``tree.rebuild`` (an undo, the demo, a migration,
an import or a form entry that changes the catalogue or the events), ``refresh_years`` and
``refresh_added`` by ``tree.extend`` (an import or a form entry of results and the rest), in
the writer's transaction, so the tables never disagree with what was recorded;
``tests/integration/test_aggregates.py`` proves it after every kind of write.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final

import duckdb

# The keys of a row of scope_year_counts; every other column of org_year_tallies is summed.
GROUP_KEYS = ("year", "sector", "org_type", "scheme_code")

# Each table's rows, made from the tree and the results of the years ``where`` admits (every
# table is year by year: a year's rows read only that year's nodes and results).
# ``in_own_scope``: whether the database's own superior directed the organization that year.
# The pages count by the own superior unless a committee is asked for, and the shared filter
# then reads this flag instead of looking every row up in scope_orgs (0,1 s of every query over
# a national year of 256.308 organizations).
_FACTS = """
    select
        *,
        exists (
            select 1 from scope_orgs as s
            where s.year = base_org_years.year and s.org_code = base_org_years.org_code
                and s.scope_code = scope_or_own(null)
        ) as in_own_scope
    from base_org_years
    where {where}
"""
# the cells standing under each base committee, directly or through a partial committee
_CELLS = """
    select
        cell.year,
        case when parent.org_type = 'partial_committee' then parent.parent_code
            else cell.parent_code end as committee_code,
        count(*) as cells
    from org_years as cell
    left join org_years as parent
        on parent.year = cell.year and parent.org_code = cell.parent_code
    where cell.org_type = 'subordinate_cell' and {where}
    group by all
"""
_COUNTS = f"""
    select
        scopes.scope_code,
        {", ".join(f"tallies.{k}" for k in GROUP_KEYS)},
        sum(columns(tallies.* exclude ({", ".join(GROUP_KEYS)}, org_code)))::bigint
    from org_year_tallies as tallies
    join scope_orgs as scopes
        on scopes.year = tallies.year and scopes.org_code = tallies.org_code
    where {{where}}
    group by all
    order by all
"""
# the scored organization-years (org_year_scores) per committee × year × sector × kind × rank ×
# whole point: how many, and their scores' sum
_SCORES = """
    select
        scopes.scope_code,
        scores.year,
        scores.sector,
        scores.org_type,
        scores.org_rank,
        scores.score_point,
        count(*) as n,
        sum(scores.score) as score_sum
    from org_year_scores as scores
    join scope_orgs as scopes
        on scopes.year = scores.year and scopes.org_code = scores.org_code
    where {where}
    group by all
    order by all
"""
# what the organization-years' steps count for (org_year_appraisals), summed per committee ×
# year × sector × kind
_APPRAISALS = """
    select
        scopes.scope_code,
        steps.year,
        steps.sector,
        steps.org_type,
        sum(columns(steps.* exclude (year, sector, org_type, org_code)))::bigint
    from org_year_appraisals as steps
    join scope_orgs as scopes
        on scopes.year = steps.year and scopes.org_code = steps.org_code
    where {where}
    group by all
    order by all
"""
# the organization-years' status rows (org_year_statuses) counted per committee × year × sector ×
# kind × standing × reason: a dissolved organization under the committees of the year before
_STATUSES = """
    select
        scopes.scope_code,
        statuses.year,
        statuses.sector,
        statuses.org_type,
        statuses.standing,
        statuses.reason,
        count(*) as orgs,
        sum(statuses.members_paused)::bigint as members_paused,
        sum(statuses.members_absent)::bigint as members_absent
    from org_year_statuses as statuses
    join scope_orgs as scopes
        on scopes.year = statuses.scope_year and scopes.org_code = statuses.org_code
    where {where}
    group by all
    order by all
"""
# the own superior's base organizations summed per year × sector × kind × whole of a share (the
# macro ``own_summed_shares``: ``summed_shares``, which sums a committee's or the organizations
# named, over the own superior's organizations)
_SHARES = """
    select *
    from own_summed_shares(null, 0, 9999, null, null, null)
    where {where}
    order by all
"""
# the committees that directed base organizations each year, with how many: the scope picker's
# choices on every page (counted from scope_orgs and named from org_years: 0,2 s at national
# scale, where both hold millions of rows)
_COMMITTEES = """
    select
        counted.year,
        counted.scope_code,
        node.org_name as scope_name,
        node.org_type as scope_type,
        node.parent_code,
        counted.base_orgs
    from (
        select year, scope_code, count(*) as base_orgs
        from scope_orgs
        where {where}
        group by year, scope_code
    ) as counted
    join org_years as node on node.year = counted.year and node.org_code = counted.scope_code
"""
# What one organization-year counts for, stored: each table holds the rows of a view that derives
# them, so that organizations named one by one are read by key rather than derived for every
# organization-year first: (the table, its view). A schema version makes each table from its
# view (version 19 these three, ``schema.V19_STORED``); one added here needs a version of its
# own.
STORED_VIEWS = (
    ("org_year_tallies", "org_year_tallies_derived"),
    ("org_year_scores", "org_year_scores_derived"),
    ("org_year_appraisals", "org_year_appraisals_derived"),
)

# What each table counts besides the tree (``org_years``, ``scope_orgs``): the recorded tables
# and the tables before it that its rows read, through the views and macros they use. A write
# that changed some recorded tables of a year makes again only the tables that count them
# (``counting``): a form's status of a national year made every table of the year again (2,0 s,
# then 1,1 million rows written), where the statuses' sums are 25.597 rows.
# ``tests/integration/test_aggregates.py`` reads the views and macros to hold this to the SQL.
READS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "base_org_facts": ("org_results",),
        "committee_cells": (),
        "org_year_tallies": ("base_org_facts", "committee_cells"),
        "org_year_scores": ("base_org_facts", "org_scores"),
        "org_year_appraisals": ("base_org_facts", "org_steps"),
        "scope_year_counts": ("org_year_tallies",),
        "scope_year_scores": ("org_year_scores",),
        "scope_year_appraisals": ("org_year_appraisals",),
        "scope_year_statuses": ("base_org_facts", "org_statuses"),
        "own_year_shares": ("base_org_facts",),
        "committee_years": (),
    }
)

# in this order: the stored views read the facts and the cells, the sums read the stored views
# (each view's rows in the order of year and organization: a year's rows stay together)
_TABLES = (
    ("base_org_facts", _FACTS, "year"),
    ("committee_cells", _CELLS, "cell.year"),
    *(
        (table, f"select * from {view} where {{where}} order by year, org_code", "year")
        for table, view in STORED_VIEWS
    ),
    ("scope_year_counts", _COUNTS, "tallies.year"),
    ("scope_year_scores", _SCORES, "scores.year"),
    ("scope_year_appraisals", _APPRAISALS, "steps.year"),
    ("scope_year_statuses", _STATUSES, "statuses.year"),
    ("own_year_shares", _SHARES, "year"),
    ("committee_years", _COMMITTEES, "year"),
)
# the tables made year by year, in the order they are made
YEARLY: Final = tuple(table for table, _, _ in _TABLES)
_SELECTS = {table: (select, year) for table, select, year in _TABLES}
# the recorded tables some of them count: a write that changes one changes its year's sums
COUNTED: Final = tuple(sorted({t for reads in READS.values() for t in reads} - set(YEARLY)))


def counting(changed: Iterable[str]) -> list[str]:
    """The tables that count any of the recorded tables ``changed``, directly or through
    another of them (``READS``), in the order they are made."""
    reached = set(changed)
    out = []
    for table in YEARLY:
        if reached.intersection(READS[table]):
            reached.add(table)
            out.append(table)
    return out


# Every base organization the database's own superior directed in some year, with every column
# of ``organizations``: the catalogue the pickers list and the links' codes are checked against
# (a semi-join of 278.070 organizations on the million rows of scope_orgs at national scale
# otherwise). Not year by year: a year the tree gains may add one, so it is made again whole.
_OWN_CATALOGUE = """
    create or replace table own_catalogue as
    select o.*
    from organizations as o
    where o.org_code in (
        select org_code from scope_orgs where scope_code = scope_or_own(null)
    )
"""
# The last year the own superior directed each of those (``last_directed``: the remediation
# plans it follows are those of the organizations it directed in the plan's year or after).
_OWN_DIRECTED = """
    create or replace table own_directed as
    select org_code, max(year) as last_year
    from scope_orgs
    where scope_code = scope_or_own(null)
    group by org_code
    order by org_code
"""

# What the rule checks (``metrics/rules.py``) read of these tables: the facts, through the macro
# ``scoped_base_org_years``. ``tests/integration/test_scratch.py`` runs every rule on a copy that
# holds only these.
RULES_READ = ("base_org_facts",)

# Year-to-year like for like, for every committee of a year ($year): the units its base
# organizations continue (``comparable_units_among``), how many of them are the same
# organization, how many were the committee's own the year before, and how many the committee
# directed the year before. The set is the same when the four are equal
# (``queries/like_for_like_by_year.sql``). A committee with no unit this year and no
# organization the year before has no row: its four counts are nought, as the rule counts them.
_SETS = """
    with units as (
        select scope_code, org_code, how
        from comparable_units_among(null, $year)
    ),

    counted as (
        select
            units.scope_code,
            count(*) as units,
            count(*) filter (units.how = 'same') as same_units,
            count(before.org_code) as units_before
        from units
        left join scope_orgs as before
            on before.year = $year - 1
                and before.scope_code = units.scope_code
                and before.org_code = units.org_code
        group by units.scope_code
    ),

    directed_before as (
        select scope_code, count(*) as scope_before
        from scope_orgs
        where year = $year - 1
        group by scope_code
    )

    select
        scope_code,
        $year::integer as year,
        coalesce(counted.units, 0) as units,
        coalesce(counted.same_units, 0) as same_units,
        coalesce(counted.units_before, 0) as units_before,
        coalesce(directed_before.scope_before, 0) as scope_before
    from counted
    full join directed_before using (scope_code)
    order by scope_code
"""

# the own superior's: made again whenever its years may change (not year by year)
_OWN = (_OWN_CATALOGUE, _OWN_DIRECTED)

_REFRESH = (
    *(
        f"create or replace table {table} as {select.format(where='true')}"
        for table, select, _ in _TABLES
    ),
    *_OWN,
)


def refresh(conn: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the stored facts and counts from the base view (in the caller's transaction)."""
    for statement in _REFRESH:
        conn.execute(statement)
    _every_set(conn)


def _every_set(conn: duckdb.DuckDBPyConnection) -> None:
    """``scope_year_sets`` made again whole: for the tree's years and the year after the last."""
    conn.execute("delete from scope_year_sets")
    [(first, last)] = conn.execute("select min(year), max(year) from org_years").fetchall()
    if first is not None:
        refresh_sets(conn, range(first, last + 2))


def refresh_sets(conn: duckdb.DuckDBPyConnection, years: Iterable[int]) -> None:
    """``scope_year_sets`` of ``years`` made again (in the caller's transaction). It is kept
    for the tree's years and the year after the last, so that a year it lacks counts nought
    for every committee, as the rule does: neither that year nor the one before holds a
    committee. A year's counts read that year's tree and the year before's."""
    for year in years:
        conn.execute("delete from scope_year_sets where year = $year", {"year": year})
        conn.execute(f"insert into scope_year_sets by name {_SETS}", {"year": year})


def refresh_for_rules(conn: duckdb.DuckDBPyConnection) -> None:
    """On an import's scratch copy, in the dry run's transaction (rolled back): only what the
    rule checks read, ``RULES_READ``; the other tables are dropped, so that a rule that came to
    read one fails at once instead of counting none. A district year's dry run spent 54 of its
    460 ms making tables that no rule reads."""
    for table, select, _ in _TABLES:
        if table in RULES_READ:
            conn.execute(f"create or replace table {table} as {select.format(where='true')}")
        else:
            conn.execute(f"drop table {table}")
    for table in ("own_catalogue", "own_directed", "scope_year_sets"):
        conn.execute(f"drop table {table}")


def refresh_years(
    conn: duckdb.DuckDBPyConnection, years: list[int], changed: Iterable[str] | None = None
) -> None:
    """The same, for the rows of ``years`` only (a write that changed those years' results and
    left the tree's other years as they were); with ``changed`` (the recorded tables the write
    changed), only the tables that count them (``counting``)."""
    if not years:
        return
    for table in YEARLY if changed is None else counting(changed):
        remake(conn, table, years)


def remake(conn: duckdb.DuckDBPyConnection, table: str, years: list[int]) -> None:
    """One of the tables made year by year, its rows of ``years`` made again."""
    select, year = _SELECTS[table]
    conn.execute(f"delete from {table} where list_contains($years, year)", {"years": years})
    conn.execute(
        f"insert into {table} by name " + select.format(where=f"list_contains($years, {year})"),
        {"years": years},
    )


def refresh_removed(conn: duckdb.DuckDBPyConnection, removed: list[int]) -> None:
    """What the years ``removed`` from the tree (``tree.extend``: an undo took their results
    out) change: their rows of every table made year by year go, the own superior's catalogue
    and last years are made again, and the like-for-like counts of every year (a year's counts
    read the year before's, and they are kept for the year after the last)."""
    if not removed:
        return
    for table in YEARLY:
        conn.execute(f"delete from {table} where list_contains($years, year)", {"years": removed})
    for statement in _OWN:
        conn.execute(statement)
    _every_set(conn)


def refresh_added(conn: duckdb.DuckDBPyConnection, added: list[int]) -> None:
    """What the years ``added`` to the tree (``tree.extend``, a new year's results) change
    besides their own sums: the own superior's catalogue and the last year it directed each
    organization (a year added may bring one, or a later year), and the like-for-like counts of
    each year added and of the year after it. A write of results in years the tree holds
    changes none of these (until the fifteenth stop every such write made the catalogue again:
    0,1 s nationally)."""
    if not added:
        return
    for statement in _OWN:
        conn.execute(statement)
    refresh_sets(conn, sorted({y for n in added for y in (n, n + 1)}))
