"""The organization tree through time, derived from what was recorded.

What is recorded: each organization as it is now (``organizations``: name, kind, parent, life
span) and what happened to it (``lineage_events``: founded, renamed, merged into, split from,
moved, changed kind, dissolved — each with its day and, where it changes something, the value
before and after). What every query reads is derived from these, here, once:

- ``org_spells``: the spans of days during which a node kept one kind, one parent and one name;
- ``org_years``: every node as it stood on 31 December of each evaluation year in which it
  existed (the evaluation is decided in December: an organization dissolved in July is not
  counted that year, one moved in July is counted under its new parent);
- ``scope_orgs``: for every committee of the tree and every year, the base organizations it
  directs, directly or through the committees under it.

The derived tables are rebuilt by every write (an import, an undo, the demo, a migration), in
the writer's transaction, so they never disagree with what was recorded; so are the stored
facts and counts the pages read (``store/aggregates.py``), after them. A write that changes no
organization and no event (a year's results) leaves the spells as they are: ``extend`` adds
only the years it brings and makes the sums of the years it changes again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Final

import duckdb
import pyarrow as pa

from xeploai.domain.orgs import SUPERIOR_TYPES
from xeploai.store import aggregates

# What the tree is derived from: a write that changes neither leaves it as it stands.
SOURCE_TABLES: Final = ("organizations", "lineage_events")

# A node as it stood on 31 December of each year from $first to $last (by default, the years
# that hold results), and the base organizations each committee directs in those years: made
# whole by ``rebuild``, a year at a time by ``extend``.
# The years that hold results: by default, the years the tree is derived for.
_RESULT_YEARS = "select year from org_results union all select year from cell_results"

_ORG_YEARS = f"""
    with span as (
        select
            coalesce($first, min(year)) as first,
            coalesce($last, max(year)) as last
        from ({_RESULT_YEARS})
    ),

    years as (
        select unnest(range(span.first, span.last + 1)) as year
        from span
        where span.first is not null
    )

    select
        years.year::integer as year,
        spells.org_code,
        spells.org_type,
        spells.parent_code,
        spells.org_name,
        o.sector,
        life.founded,
        life.ended,
        life.successor_code
    from years
    join org_spells as spells
        on coalesce(spells.valid_from, date '0001-01-01') <= make_date(years.year, 12, 31)
        and (spells.valid_to is null or spells.valid_to > make_date(years.year, 12, 31))
    join org_life as life using (org_code)
    join organizations as o using (org_code)
"""

# ``scope_orgs`` is stored in order of year and committee (``extend`` appends a year at a time,
# in the same order, and sorts the table again when an earlier year comes in): DuckDB skips
# the blocks of rows whose years and committees a query does not ask for, where unordered
# every query of one year read all three million rows of a national file (0,1 s a read; the
# order costs 0,75 s of a whole national rebuild).
_SCOPE_ORGS = """
    with recursive up (year, org_code, scope_code, depth) as (
        select year, org_code, parent_code, 1
        from org_years
        where org_type in ('base_committee', 'base_cell') and parent_code is not null
            and ($first is null or year >= $first) and ($last is null or year <= $last)
        union all
        select up.year, up.org_code, parent.parent_code, up.depth + 1
        from up
        join org_years as parent
            on parent.year = up.year and parent.org_code = up.scope_code
        -- a cycle cannot be imported; the depth keeps a damaged file from looping
        where parent.parent_code is not null and up.depth < 12
            -- said of the parents too, though it follows: DuckDB then joins the nodes of those
            -- years only, not of every year (a national year added: 0,73–0,90 → 0,30 s)
            and ($first is null or parent.year >= $first)
            and ($last is null or parent.year <= $last)
    )

    select distinct year, scope_code, org_code
    from up
    order by year, scope_code, org_code
"""

# What is wrong with the tree: each fault names the event (or, for the tree as it stands now,
# the organization; event_date null) it comes from. Stored by every rebuild (``tree_faults``),
# for an import's checks (``queries/lineage_faults_by_event.sql``): a write that changes no
# organization and no event (``extend``) leaves them as they are.
#   from_mismatch   a change whose "before" is not the "after" of the change before it
#   to_not_current  the last change of an attribute leads elsewhere than the catalogue says
#   before_founding an event dated before the organization was founded
#   after_ending    an event dated after the organization ended
#   related_absent  a merge into, or a split from, an organization that did not exist that day
#   parent_absent   a move to a parent that did not exist that day
#   parent_kind     a parent that may not hold the kind (a cell under a base cell …)
#   parent_gone     a parent that ends while the organization still stands under it
#   cycle           an organization among its own parents
_FAULTS = """
    with changes as (
        select
            org_code, event_date, event, from_value, to_value,
            case event when 'moved' then 'parent' when 'changed_kind' then 'kind' else 'name' end
                as attribute
        from lineage_events
        where event in ('moved', 'changed_kind', 'renamed')
    ),

    chained as (
        select
            changes.*,
            lag(to_value) over w as previous_to,
            lead(event_date) over w as next_date
        from changes
        window w as (partition by org_code, attribute order by event_date)
    ),

    from_mismatch as (
        select org_code, event_date, event, 'from_mismatch' as fault, previous_to as value
        from chained
        where previous_to is not null and from_value is distinct from previous_to
    ),

    to_not_current as (
        select
            chained.org_code, chained.event_date, chained.event, 'to_not_current' as fault,
            case chained.attribute when 'parent' then o.parent_code when 'kind' then o.org_type
                else o.org_name end as value
        from chained
        join organizations as o using (org_code)
        where chained.next_date is null
            and chained.to_value is distinct from case chained.attribute
                when 'parent' then o.parent_code when 'kind' then o.org_type else o.org_name end
    ),

    timing as (
        select
            e.org_code, e.event_date, e.event,
            case
                when e.event not in ('founded', 'split_from') and life.founded is not null
                    and e.event_date < life.founded then 'before_founding'
                when e.event not in ('merged_into', 'dissolved') and life.ended is not null
                    and e.event_date >= life.ended then 'after_ending'
            end as fault,
            strftime(coalesce(case when e.event_date < life.founded then life.founded end,
                              life.ended), '%d/%m/%Y') as value
        from lineage_events as e
        join org_life as life using (org_code)
    ),

    related_absent as (
        select e.org_code, e.event_date, e.event, 'related_absent' as fault, e.related_code as value
        from lineage_events as e
        left join org_life as other on other.org_code = e.related_code
        where e.event in ('merged_into', 'split_from')
            and (other.org_code is null
                 or (other.founded is not null and other.founded > e.event_date)
                 or (other.ended is not null and other.ended <= e.event_date))
    ),

    parent_absent as (
        select e.org_code, e.event_date, e.event, 'parent_absent' as fault, e.to_value as value
        from lineage_events as e
        left join org_life as parent on parent.org_code = e.to_value
        where e.event = 'moved' and e.to_value is not null and e.to_value <> ''
            and (parent.org_code is null
                 or (parent.founded is not null and parent.founded > e.event_date)
                 or (parent.ended is not null and parent.ended <= e.event_date))
    ),

    -- a spell and its parent's kind on the day it began
    spell_parents as (
        select
            child.org_code, child.valid_from, child.org_type, child.parent_code,
            parent.org_type as parent_type
        from org_spells as child
        left join org_spells as parent
            on parent.org_code = child.parent_code
            and coalesce(parent.valid_from, date '0001-01-01')
                <= coalesce(child.valid_from, date '0001-01-01')
            and (parent.valid_to is null
                 or parent.valid_to > coalesce(child.valid_from, date '0001-01-01'))
    ),

    parent_kind as (
        select
            spell_parents.org_code,
            spell_parents.valid_from as event_date,
            (select min(e.event) from lineage_events as e
             where e.org_code = spell_parents.org_code and e.event_date = spell_parents.valid_from
                 and e.event in ('moved', 'changed_kind')) as event,
            'parent_kind' as fault,
            spell_parents.parent_code as value
        from spell_parents
        where spell_parents.parent_type is not null
            and not case spell_parents.org_type
                when 'subordinate_cell' then spell_parents.parent_type in ('base_committee',
                                                                          'partial_committee')
                when 'partial_committee' then spell_parents.parent_type = 'base_committee'
                when 'base_committee' then spell_parents.parent_type like '%_committee'
                    and spell_parents.parent_type not in ('base_committee', 'partial_committee')
                when 'base_cell' then spell_parents.parent_type like '%_committee'
                    and spell_parents.parent_type not in ('base_committee', 'partial_committee')
                else spell_parents.parent_type like '%_committee'
                    and spell_parents.parent_type not in ('base_committee', 'partial_committee')
            end
    ),

    parent_gone as (
        select
            child.org_code,
            null::date as event_date,
            null as event,
            'parent_gone' as fault,
            child.parent_code || ' (' || strftime(parent.ended, '%d/%m/%Y') || ')' as value
        from org_spells as child
        join org_life as parent on parent.org_code = child.parent_code
        where parent.ended is not null
            and (child.valid_to is null or child.valid_to > parent.ended)
    ),

    walk as (
        select * from (
            with recursive up (start, day, node, depth) as (
                select org_code, coalesce(valid_from, date '0001-01-01'), parent_code, 1
                from org_spells
                where parent_code is not null
                union all
                select up.start, up.day, s.parent_code, up.depth + 1
                from up
                join org_spells as s
                    on s.org_code = up.node
                    and coalesce(s.valid_from, date '0001-01-01') <= up.day
                    and (s.valid_to is null or s.valid_to > up.day)
                where s.parent_code is not null and up.node <> up.start and up.depth < 16
            )
            select * from up
        )
    ),

    cycle as (
        select distinct
            start as org_code,
            case when day = date '0001-01-01' then null else day end as event_date,
            (select min(e.event) from lineage_events as e
             where e.org_code = walk.start and e.event_date = walk.day and e.event = 'moved')
                as event,
            'cycle' as fault,
            null as value
        from walk
        where node = start
    ),

    final as (
        select * from from_mismatch
        union all select * from to_not_current
        union all select * from timing where fault is not null
        union all select * from related_absent
        union all select * from parent_absent
        union all select * from parent_kind
        union all select * from parent_gone
        union all select * from cycle
    )

    select org_code, event_date, event, fault, value from final
"""

_STORE_FAULTS = f"create or replace table tree_faults as {_FAULTS}"

# The statements, in order. The life span: recorded dates, else the days the events give.
_REBUILD = (
    """
    create or replace table org_life as
    with events as (
        select
            org_code,
            min(event_date) filter (where event in ('founded', 'split_from')) as founded,
            min(event_date) filter (where event in ('merged_into', 'dissolved')) as ended,
            arg_min(related_code, event_date) filter (where event = 'merged_into')
                as merged_into
        from lineage_events
        group by org_code
    )
    -- a day when one was recorded; else the day an event gives; else the years of existence
    -- of the older import format (active from 1 January of the first, through the last)
    select
        o.org_code,
        coalesce(o.founded, e.founded, make_date(o.active_from, 1, 1)) as founded,
        coalesce(o.ended, e.ended, make_date(o.active_to + 1, 1, 1)) as ended,
        coalesce(o.successor_code, e.merged_into) as successor_code
    from organizations as o
    left join events as e using (org_code)
    """,
    """
    create or replace table org_spells as
    with changes as (
        select
            org_code,
            event_date,
            case event when 'moved' then 'parent' when 'changed_kind' then 'kind'
                else 'name' end as attribute,
            from_value
        from lineage_events
        where event in ('moved', 'changed_kind', 'renamed')
    ),

    starts as (
        select org_code, founded as valid_from from org_life
        union
        select changes.org_code, changes.event_date
        from changes
        join org_life using (org_code)
        where org_life.founded is null or changes.event_date > org_life.founded
    ),

    bounds as (
        select
            starts.org_code,
            starts.valid_from,
            coalesce(
                lead(starts.valid_from) over (
                    partition by starts.org_code order by starts.valid_from nulls first),
                org_life.ended) as valid_to
        from starts
        join org_life using (org_code)
    ),

    -- the value of an attribute during a spell: the value before the first change after the
    -- spell began, or the value recorded now when nothing changed it since
    later as (
        select
            bounds.org_code,
            bounds.valid_from,
            arg_min(changes.from_value, changes.event_date)
                filter (where changes.attribute = 'kind') as kind_before,
            arg_min(changes.from_value, changes.event_date)
                filter (where changes.attribute = 'parent') as parent_before,
            arg_min(changes.from_value, changes.event_date)
                filter (where changes.attribute = 'name') as name_before,
            count(changes.event_date) filter (where changes.attribute = 'parent')
                as parent_changes
        from bounds
        left join changes
            on changes.org_code = bounds.org_code
            and changes.event_date > coalesce(bounds.valid_from, date '0001-01-01')
        group by bounds.org_code, bounds.valid_from
    )

    select
        bounds.org_code,
        bounds.valid_from,
        bounds.valid_to,
        coalesce(later.kind_before, o.org_type) as org_type,
        case when later.parent_changes > 0 then nullif(later.parent_before, '')
            else o.parent_code end as parent_code,
        coalesce(later.name_before, o.org_name) as org_name
    from bounds
    join later
        on later.org_code = bounds.org_code
        and later.valid_from is not distinct from bounds.valid_from
    join organizations as o on o.org_code = bounds.org_code
    where bounds.valid_to is null or bounds.valid_from is null
        or bounds.valid_to > bounds.valid_from
    """,
    _STORE_FAULTS,
    f"create or replace table org_years as {_ORG_YEARS}",
    f"create or replace table scope_orgs as {_SCOPE_ORGS}",
)


def rebuild(
    conn: duckdb.DuckDBPyConnection,
    years: tuple[int, int] | None = None,
    *,
    sums: bool = True,
    faults: bool = True,
) -> None:
    """Derive the spells, the years and the scopes from the organizations and their events
    (in the caller's transaction). ``years``: the first and last year to derive (an import
    checks the years of its file before any result of them is stored); by default, the years
    that hold results. ``sums``: the pages' stored sums too (every write of a database; not
    a scratch copy an import's checks derive, which no page reads: the tree of its lineage
    check holds no results, and its dry run makes what the rules read,
    ``aggregates.refresh_for_rules``). ``faults``: the tree's faults too (``tree_faults``; not
    on that dry run's copy, where the table is dropped instead: 0,6–0,8 s at national scale)."""
    first, last = years if years is not None else (None, None)
    for statement in _REBUILD:
        if statement == _STORE_FAULTS and not faults:
            conn.execute("drop table tree_faults")
        elif "$first" in statement:
            conn.execute(statement, {"first": first, "last": last})
        else:
            conn.execute(statement)
    if sums:
        aggregates.refresh(conn)  # what the pages read follows the tree and the results


def year_nodes(conn: duckdb.DuckDBPyConnection, year: int, codes: Sequence[str] | None) -> Any:
    """The nodes of a year the tree does not hold yet, as ``extend`` will add them (from the
    stored spells), in the columns and order of ``queries/tree_nodes_by_org_year.sql``, as an
    Arrow table; of the organizations ``codes`` only (None: every one). Read-only: an
    import's checks of a new year's results."""
    return conn.sql(
        "select year, org_code, org_type, parent_code, org_name, founded, ended"
        f" from ({_ORG_YEARS}) where $codes is null or org_code in (select unnest($codes))"
        " order by year, org_code",
        params={"first": year, "last": year, "codes": None if codes is None else list(codes)},
    ).to_arrow_table()


def year_rows(conn: duckdb.DuckDBPyConnection, span: tuple[int, int] | None) -> Any:
    """The rows of ``org_years`` for the years of ``span`` (first, last; None: no year), as an
    Arrow table: those the stored tree holds, and those of the years it does not hold yet (a
    new year's results) derived from the stored spells, as ``extend`` would add them.
    Read-only: the nodes an import's scratch copy takes when its batch leaves the tree as it
    stands (``stand_in``)."""
    if span is None:
        return conn.sql("select * from org_years limit 0").to_arrow_table()
    first, last = span
    held = {
        int(y)
        for (y,) in conn.execute(
            "select distinct year from org_years where year between $first and $last",
            {"first": first, "last": last},
        ).fetchall()
    }
    parts = [
        conn.sql(
            "select * from org_years where year = $first"
            if year in held
            else f"select * from ({_ORG_YEARS})",
            params={"first": year} if year in held else {"first": year, "last": year},
        ).to_arrow_table()
        for year in range(first, last + 1)
    ]
    return pa.concat_tables(parts)


def result_span(conn: duckdb.DuckDBPyConnection) -> tuple[int, int] | None:
    """The first and last year that hold results: the years ``rebuild`` derives by default."""
    [(first, last)] = conn.execute(f"select min(year), max(year) from ({_RESULT_YEARS})").fetchall()
    return None if first is None else (int(first), int(last))


def stand_in(conn: duckdb.DuckDBPyConnection, nodes: Any) -> None:
    """On an import's scratch copy, in its dry run's transaction: the tree of the years it
    holds results of, as the stored database holds it (``nodes``: that database's
    ``year_rows``), and the committees' organizations derived from them — what ``rebuild``
    would derive there, when the batch changes no organization and no event. The spells of
    every organization were derived again for each dry run (1,5 s of a national year's). The
    tables the nodes come from are not copied to the scratch and are dropped with the spells, so
    that a rule that came to read one fails at once instead of counting none."""
    conn.register("stored_nodes", nodes)
    try:
        conn.execute("insert into org_years by name select * from stored_nodes")
    finally:
        conn.unregister("stored_nodes")
    conn.execute(
        f"create or replace table scope_orgs as {_SCOPE_ORGS}", {"first": None, "last": None}
    )
    for table in ("tree_faults", "org_spells", "org_life", *SOURCE_TABLES):
        conn.execute(f"drop table {table}")


def extend(
    conn: duckdb.DuckDBPyConnection, years: Iterable[int], changed: Iterable[str] | None = None
) -> None:
    """After a write that changed no organization and no event, in its transaction: what
    ``rebuild`` would store, made only where it can differ. The spells stand as derived; the
    years the results now span that the tree does not hold yet (a new year's results) are
    derived and added; the stored sums of those and of ``years`` (whose results the write
    changed) are made again, and what the years added change besides
    (``aggregates.refresh_added``). A national year's import spent 10 s deriving the whole tree
    again; ``tests/integration/test_aggregates.py`` holds this to a whole rebuild. When the
    results span fewer years than the tree holds (an undo took a year's results out), those
    years leave the tree and every stored table, and what their going changes besides is made
    again (``aggregates.refresh_removed``): a year's nodes are derived from the organizations
    and the events alone, so the other years' stand (the undo of a national year's import
    derived the whole tree again: 10,8 s). With no result left at all,
    the whole tree is derived again. ``changed``: the recorded tables the write changed; of
    ``years`` only the sums that count them are made again (``aggregates.counting``; None:
    every sum)."""
    span = result_span(conn)
    held = {int(y) for (y,) in conn.execute("select distinct year from org_years").fetchall()}
    spanned = set() if span is None else set(range(span[0], span[1] + 1))
    gone = sorted(held - spanned)
    if gone and not spanned:
        rebuild(conn)
        return
    for table in ("org_years", "scope_orgs"):
        conn.execute(f"delete from {table} where list_contains($years, year)", {"years": gone})
    held -= set(gone)
    new = sorted(spanned - held)
    for year in new:
        bounds = {"first": year, "last": year}
        conn.execute(f"insert into org_years by name {_ORG_YEARS}", bounds)
        conn.execute(f"insert into scope_orgs by name {_SCOPE_ORGS}", bounds)
    if held and new and min(new) < max(held):  # an earlier year: put the rows in order again
        conn.execute(
            "create or replace table scope_orgs as"
            " select * from scope_orgs order by year, scope_code, org_code"
        )
    aggregates.refresh_years(conn, new)  # a year added: every sum of it
    aggregates.refresh_years(conn, sorted(set(years) - set(new) - set(gone)), changed)
    aggregates.refresh_added(conn, new)
    aggregates.refresh_removed(conn, gone)


def set_superior(
    conn: duckdb.DuckDBPyConnection, code: str, name: str, kind: str = "superior_committee"
) -> None:
    """Make ``code`` the database's own superior: the node every page counts by default.

    A new database starts with a placeholder node (``CAPTREN``); this names it, or moves the
    base organizations that reported to the old one under the new one. In the caller's
    transaction; the derived tables follow at the next ``rebuild``.
    """
    if kind not in SUPERIOR_TYPES:
        raise ValueError(f"not a superior committee's kind: {kind!r}")
    [(old,)] = conn.execute(
        "select coalesce((select value from meta where key = 'superior_code'), '')"
    ).fetchall()
    conn.execute("insert or replace into meta values ('superior_code', $code)", {"code": code})
    conn.execute("insert or replace into meta values ('superior', $name)", {"name": name})
    conn.execute("delete from organizations where org_code = $code", {"code": code})
    conn.execute(
        "insert into organizations (org_code, org_name, org_type) values ($code, $name, $kind)",
        {"code": code, "name": name, "kind": kind},
    )
    if old and old != code:
        conn.execute(
            "update organizations set parent_code = $code where parent_code = $old",
            {"code": code, "old": old},
        )
        conn.execute(
            "update targets set scope_code = $code where scope_code = $old",
            {"code": code, "old": old},
        )
        conn.execute("delete from organizations where org_code = $old", {"old": old})
