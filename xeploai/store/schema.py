"""The database schema and its migrations.

The schema is versioned: ``MIGRATIONS`` is an append-only list, and ``migrate`` applies, in one
transaction each, the steps a database file has not seen yet. A released step is never edited:
a change to the schema is a new step, so every existing file can be carried forward.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import duckdb

from xeploai.store import tree
from xeploai.store.transactions import transaction

_V1_TABLES = """
create table meta (
    key varchar primary key,
    value varchar
);

create table schemes (
    scheme_code varchar primary key,
    scheme_name varchar not null,
    governing_texts varchar not null,
    from_year integer not null,
    to_year integer
);

-- level_kind: 'org' (base organizations and subordinate cells) or 'member'.
create table levels (
    scheme_code varchar not null references schemes (scheme_code),
    level_kind varchar not null check (level_kind in ('org', 'member')),
    level_code varchar not null,
    level_rank integer not null check (level_rank between 1 and 4),
    label_vi varchar not null,
    primary key (scheme_code, level_kind, level_code)
);

create table organizations (
    org_code varchar primary key,
    org_name varchar not null,
    org_type varchar not null
        check (org_type in ('base_committee', 'base_cell', 'subordinate_cell')),
    parent_code varchar,
    sector varchar not null,
    active_from integer,
    active_to integer,
    successor_code varchar,
    check ((org_type = 'subordinate_cell') = (parent_code is not null))
);

-- One row per base organization per year; org_level null = not rated (founded < 6 months).
-- cells_<level>: its subordinate cells by level (derived from cell_results when those exist).
create table org_results (
    year integer not null,
    org_code varchar not null references organizations (org_code),
    scheme_code varchar not null references schemes (scheme_code),
    org_level varchar,
    clean_strong boolean not null default false,
    members_total integer not null default 0 check (members_total >= 0),
    members_exempt integer not null default 0 check (members_exempt >= 0),
    members_suspended integer not null default 0 check (members_suspended >= 0),
    members_new integer not null default 0 check (members_new >= 0),
    members_pending integer not null default 0 check (members_pending >= 0),
    members_htxsnv integer not null default 0 check (members_htxsnv >= 0),
    members_httnv integer not null default 0 check (members_httnv >= 0),
    members_htnv integer not null default 0 check (members_htnv >= 0),
    members_khtnv integer not null default 0 check (members_khtnv >= 0),
    cells_tsvm integer not null default 0,
    cells_htxsnv integer not null default 0,
    cells_httnv integer not null default 0,
    cells_htnv integer not null default 0,
    cells_khtnv integer not null default 0,
    cells_yk integer not null default 0,
    primary key (year, org_code)
);

create table cell_results (
    year integer not null,
    org_code varchar not null references organizations (org_code),
    scheme_code varchar not null references schemes (scheme_code),
    org_level varchar,
    primary key (year, org_code)
);

create table targets (
    term varchar not null,
    from_year integer not null,
    to_year integer not null,
    subject varchar not null
        check (subject in ('base_orgs', 'subordinate_cells', 'members')),
    measure varchar not null,
    direction varchar not null check (direction in ('at_least', 'below')),
    target double not null,
    source varchar,
    primary key (term, subject, measure)
);

create sequence import_id_seq;

create table import_log (
    import_id integer primary key default nextval('import_id_seq'),
    file_names varchar not null,
    sha256 varchar not null,
    imported_at timestamp not null default current_timestamp,
    user_name varchar,
    counts varchar,
    undone_at timestamp
);
"""

# A base organization's year as every query sees it: one row, ranks resolved, totals derived.
_V1_VIEWS = """
create view base_org_years as
select
    r.year,
    r.org_code,
    o.org_name,
    o.org_type,
    o.sector,
    r.scheme_code,
    r.org_level,
    l.level_rank as org_rank,
    r.clean_strong,
    r.members_total,
    r.members_exempt,
    r.members_suspended,
    r.members_new,
    r.members_pending,
    r.members_htxsnv,
    r.members_httnv,
    r.members_htnv,
    r.members_khtnv,
    r.members_htxsnv + r.members_httnv + r.members_htnv + r.members_khtnv as members_evaluated,
    r.cells_tsvm,
    r.cells_htxsnv,
    r.cells_httnv,
    r.cells_htnv,
    r.cells_khtnv,
    r.cells_yk,
    r.cells_tsvm + r.cells_htxsnv + r.cells_httnv + r.cells_htnv + r.cells_khtnv + r.cells_yk
        as cells_rated
from org_results as r
join organizations as o on o.org_code = r.org_code
left join levels as l
    on l.scheme_code = r.scheme_code and l.level_kind = 'org' and l.level_code = r.org_level;
"""


# The seed of v1, frozen as it was released: a migration never reads code that may change
# later (the level catalogue, the label texts), or an old file and a new one would differ.
_V1_SEED = """
insert into schemes values
    ('HD27_2014', 'Hướng dẫn 27-HD/BTCTW (2014)', 'Hướng dẫn 27-HD/BTCTW ngày 25/9/2014',
     1900, 2017),
    ('QD132_2018', 'Quy định 132-QĐ/TW (2018)',
     'Quy định 132-QĐ/TW; Hướng dẫn 16-HD/BTCTW (2018), 21-HD/BTCTW (2019)', 2018, 2022),
    ('QD124_2023', 'Quy định 124-QĐ/TW (2023)', 'Quy định 124-QĐ/TW; Hướng dẫn 25-HD/BTCTW',
     2023, 2024),
    ('QD366_2025', 'Quy định 366-QĐ/TW (2025)',
     'Quy định 366-QĐ/TW; Hướng dẫn 43-HD/BTCTW; chấm điểm trên thang 100', 2025, null);

insert into levels
select scheme_code, kind, level_code, level_rank, label_vi
from (values ('HD27_2014'), ('QD132_2018'), ('QD124_2023'), ('QD366_2025')) as s (scheme_code)
cross join (values ('org'), ('member')) as k (kind)
cross join (values
    ('TSVM', 1, 'Trong sạch, vững mạnh'),
    ('HTXSNV', 1, 'Hoàn thành xuất sắc nhiệm vụ'),
    ('HTTNV', 2, 'Hoàn thành tốt nhiệm vụ'),
    ('HTNV', 3, 'Hoàn thành nhiệm vụ'),
    ('KHTNV', 4, 'Không hoàn thành nhiệm vụ'),
    ('YK', 4, 'Yếu kém')
) as l (level_code, level_rank, label_vi)
where case
    when scheme_code = 'HD27_2014' and kind = 'org'
        then level_code in ('TSVM', 'HTTNV', 'HTNV', 'YK')
    else level_code in ('HTXSNV', 'HTTNV', 'HTNV', 'KHTNV')
end;
"""


def _v1(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute(_V1_TABLES)
    conn.execute(_V1_VIEWS)
    conn.execute(_V1_SEED)


# What an import replaced, so it can be undone: one row per row it added or changed. ``old_row``
# is the row before the import as JSON (null: the import added it); ``new_row`` what it wrote.
_V2_TABLES = """
create table import_changes (
    import_id integer not null,
    seq integer not null,
    table_name varchar not null
        check (table_name in ('organizations', 'org_results', 'cell_results', 'targets')),
    row_key varchar not null,
    old_row varchar,
    new_row varchar not null,
    primary key (import_id, seq)
);
"""


def _v2(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute(_V2_TABLES)


Migration = Callable[[duckdb.DuckDBPyConnection], None]

# The filters every query shares, written once: which base organizations' years a page shows.
# A list parameter that is null means "all"; an empty list matches nothing.
_V3_FILTER_MACRO = """
create macro filtered_base_org_years(from_year, to_year, sectors, org_types, orgs) as table
    select *
    from base_org_years
    where year between from_year and to_year
        and (sectors is null or list_contains(sectors, sector))
        and (org_types is null or list_contains(org_types, org_type))
        and (orgs is null or list_contains(orgs, org_code))
"""


def _v3(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute(_V3_FILTER_MACRO)


# Every rule that derives a count from a level is written here, once, as a column of the base
# view (the v1 view, renamed, holds the stored rows with the level ranks resolved): "good or
# better" is rank ≤ 2, "excellent" rank 1, "not completed / weak" rank 4;
# "clean and strong" is the level TSVM until 2017 and the commendation from 2018 (DOMAIN.md).
# Queries, the per-organization analysis and the exports read these columns; none re-derives
# them. ``commended`` keeps the stored flag as it was imported.
# The filter rule (which base organizations a page shows) is one scalar macro, used by the
# table macros over the catalogue and over the organization-years.
_V4_DERIVED = """
alter view base_org_years rename to base_org_rows;

create view base_org_years as
select
    * exclude (clean_strong),
    clean_strong as commended,
    coalesce(org_level = 'TSVM', false) or clean_strong as clean_strong,
    (org_level is not null)::integer as org_rated,
    coalesce(org_rank = 1, false)::integer as org_excellent,
    coalesce(org_rank <= 2, false)::integer as org_good,
    coalesce(org_rank = 4, false)::integer as org_not_completed,
    (coalesce(org_level = 'TSVM', false) or clean_strong)::integer as org_clean_strong,
    members_htxsnv as members_excellent,
    members_htxsnv + members_httnv as members_good,
    members_khtnv as members_not_completed,
    cells_tsvm + cells_htxsnv as cells_excellent,
    cells_tsvm + cells_htxsnv + cells_httnv as cells_good,
    cells_khtnv + cells_yk as cells_not_completed,
    cells_tsvm as cells_clean_strong
from base_org_rows;

create or replace macro matches_filters(sector, org_type, org_code, sectors, org_types, orgs) as
    (sectors is null or list_contains(sectors, sector))
    and (org_types is null or list_contains(org_types, org_type))
    and (orgs is null or list_contains(orgs, org_code));

create or replace macro filtered_base_org_years(from_year, to_year, sectors, org_types, orgs)
    as table
    select *
    from base_org_years
    where year between from_year and to_year
        and matches_filters(sector, org_type, org_code, sectors, org_types, orgs);

create or replace macro filtered_base_orgs(sectors, org_types, orgs) as table
    select *
    from organizations
    where org_type in ('base_committee', 'base_cell')
        and matches_filters(sector, org_type, org_code, sectors, org_types, orgs);
"""


def _v4(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute(_V4_DERIVED)


# The organization tree through time (issue "Time"). Every node of the tree — the superior
# committees too — is a row of ``organizations`` (what it is now); ``lineage_events`` records what
# happened to it, with days; ``store/tree.py`` derives the spells, the years and the scopes from
# both. The old checks (three kinds only; a parent only for subordinate cells) go, and so do the
# foreign keys: DuckDB checks them at once, which made an undo two transactions and forbids
# rewriting a referenced row; the import checks every reference itself. Targets belong to a
# committee of the tree (``scope_code``). QĐ 366 scores, for the year (quarter 0) or a quarter.
_V5_TABLES = """
create table organizations_v5 (
    org_code varchar primary key,
    org_name varchar not null,
    org_type varchar not null,
    parent_code varchar,
    sector varchar,
    active_from integer,
    active_to integer,
    successor_code varchar,
    founded date,
    ended date
);
insert into organizations_v5
select
    org_code, org_name, org_type, parent_code, sector, active_from, active_to, successor_code,
    case when active_from is not null then make_date(active_from, 1, 1) end,
    case when active_to is not null then make_date(active_to + 1, 1, 1) end
from organizations;

create table org_results_v5 as select * from org_results;
create table cell_results_v5 as select * from cell_results;
drop table cell_results;
drop table org_results;
drop table organizations;
alter table organizations_v5 rename to organizations;
create table org_results (
    year integer not null,
    org_code varchar not null,
    scheme_code varchar not null,
    org_level varchar,
    clean_strong boolean not null default false,
    members_total integer not null default 0 check (members_total >= 0),
    members_exempt integer not null default 0 check (members_exempt >= 0),
    members_suspended integer not null default 0 check (members_suspended >= 0),
    members_new integer not null default 0 check (members_new >= 0),
    members_pending integer not null default 0 check (members_pending >= 0),
    members_htxsnv integer not null default 0 check (members_htxsnv >= 0),
    members_httnv integer not null default 0 check (members_httnv >= 0),
    members_htnv integer not null default 0 check (members_htnv >= 0),
    members_khtnv integer not null default 0 check (members_khtnv >= 0),
    cells_tsvm integer not null default 0,
    cells_htxsnv integer not null default 0,
    cells_httnv integer not null default 0,
    cells_htnv integer not null default 0,
    cells_khtnv integer not null default 0,
    cells_yk integer not null default 0,
    primary key (year, org_code)
);
insert into org_results select * from org_results_v5;
drop table org_results_v5;
create table cell_results (
    year integer not null,
    org_code varchar not null,
    scheme_code varchar not null,
    org_level varchar,
    primary key (year, org_code)
);
insert into cell_results select * from cell_results_v5;
drop table cell_results_v5;

-- the database's own superior becomes a node: the committee every page counts by default
insert or ignore into meta values ('superior_code', 'CAPTREN');
insert into organizations (org_code, org_name, org_type)
select
    (select value from meta where key = 'superior_code'),
    coalesce((select value from meta where key = 'superior'), 'Cấp ủy cấp trên'),
    'superior_committee'
where not exists (
    select 1 from organizations
    where org_code = (select value from meta where key = 'superior_code'));
update organizations
set parent_code = (select value from meta where key = 'superior_code')
where org_type in ('base_committee', 'base_cell') and parent_code is null;

create table lineage_events (
    event_date date not null,
    event varchar not null check (event in ('founded', 'renamed', 'merged_into', 'split_from',
                                            'moved', 'changed_kind', 'dissolved')),
    org_code varchar not null,
    related_code varchar,
    from_value varchar,
    to_value varchar,
    decision varchar,
    primary key (org_code, event_date, event)
);

create table targets_v5 as select * from targets;
drop table targets;
create table targets (
    scope_code varchar not null,
    term varchar not null,
    from_year integer not null,
    to_year integer not null,
    subject varchar not null
        check (subject in ('base_orgs', 'subordinate_cells', 'members')),
    measure varchar not null,
    direction varchar not null check (direction in ('at_least', 'below')),
    target double not null,
    source varchar,
    primary key (scope_code, term, subject, measure)
);
insert into targets
select (select value from meta where key = 'superior_code'), * from targets_v5;
drop table targets_v5;

create table org_scores (
    year integer not null,
    quarter integer not null default 0 check (quarter between 0 and 4),
    org_code varchar not null,
    score double check (score between 0 and 100),
    tasks_completed boolean,
    tasks_exceeded_pct double check (tasks_exceeded_pct between 0 and 100),
    disciplined boolean,
    primary key (year, quarter, org_code)
);

create table import_changes_v5 as select * from import_changes;
drop table import_changes;
create table import_changes (
    import_id integer not null,
    seq integer not null,
    table_name varchar not null
        check (table_name in ('organizations', 'org_results', 'cell_results', 'targets',
                              'lineage_events', 'org_scores')),
    row_key varchar not null,
    old_row varchar,
    new_row varchar not null,
    primary key (import_id, seq)
);
insert into import_changes select * from import_changes_v5;
drop table import_changes_v5;

-- the old scheme's years start with its text: nothing before 2014 is a known regime
update schemes set from_year = 2014 where scheme_code = 'HD27_2014';

create table org_life (org_code varchar, founded date, ended date, successor_code varchar);
create table org_spells (org_code varchar, valid_from date, valid_to date, org_type varchar,
                         parent_code varchar, org_name varchar);
create table org_years (year integer, org_code varchar, org_type varchar, parent_code varchar,
                        org_name varchar, sector varchar, founded date, ended date,
                        successor_code varchar);
create table scope_orgs (year integer, scope_code varchar, org_code varchar);
"""

# A base organization's year: every base organization standing on 31 December (org_years),
# with its result when one was reported — an organization without one is counted, unrated.
_V5_VIEWS = """
create or replace view base_org_rows as
select
    y.year,
    y.org_code,
    y.org_name,
    y.org_type,
    y.sector,
    coalesce(r.scheme_code, s.scheme_code) as scheme_code,
    r.org_level,
    l.level_rank as org_rank,
    coalesce(r.clean_strong, false) as clean_strong,
    coalesce(r.members_total, 0) as members_total,
    coalesce(r.members_exempt, 0) as members_exempt,
    coalesce(r.members_suspended, 0) as members_suspended,
    coalesce(r.members_new, 0) as members_new,
    coalesce(r.members_pending, 0) as members_pending,
    coalesce(r.members_htxsnv, 0) as members_htxsnv,
    coalesce(r.members_httnv, 0) as members_httnv,
    coalesce(r.members_htnv, 0) as members_htnv,
    coalesce(r.members_khtnv, 0) as members_khtnv,
    coalesce(r.members_htxsnv + r.members_httnv + r.members_htnv + r.members_khtnv, 0)
        as members_evaluated,
    coalesce(r.cells_tsvm, 0) as cells_tsvm,
    coalesce(r.cells_htxsnv, 0) as cells_htxsnv,
    coalesce(r.cells_httnv, 0) as cells_httnv,
    coalesce(r.cells_htnv, 0) as cells_htnv,
    coalesce(r.cells_khtnv, 0) as cells_khtnv,
    coalesce(r.cells_yk, 0) as cells_yk,
    coalesce(r.cells_tsvm + r.cells_htxsnv + r.cells_httnv + r.cells_htnv + r.cells_khtnv
             + r.cells_yk, 0) as cells_rated,
    y.parent_code as superior_code,
    r.org_code is not null as reported,
    y.founded,
    y.ended
from org_years as y
left join org_results as r on r.year = y.year and r.org_code = y.org_code
left join schemes as s on y.year between s.from_year and coalesce(s.to_year, 9999)
left join levels as l
    on l.scheme_code = coalesce(r.scheme_code, s.scheme_code)
    and l.level_kind = 'org'
    and l.level_code = r.org_level
where y.org_type in ('base_committee', 'base_cell');

-- the committee a page counts: the one asked for, else the database's own superior ('*': any
-- committee, for a set of organizations named one by one across a reorganization)
create or replace macro scope_or_own(scope) as
    coalesce(scope, (select value from meta where key = 'superior_code'));

create or replace macro filtered_base_org_years(scope, from_year, to_year, sectors, org_types,
                                                orgs) as table
    select b.*
    from base_org_years as b
    where b.year between from_year and to_year
        and matches_filters(b.sector, b.org_type, b.org_code, sectors, org_types, orgs)
        and (scope = '*' or exists (
            select 1 from scope_orgs as s
            where s.year = b.year and s.org_code = b.org_code
                and s.scope_code = scope_or_own(scope)));

-- The 20% caps (of members, of cells, of organizations): at most ⌊ratio × denominator⌋ rated
-- HTXSNV (1e-9: 0,3 × 10 is 3,0000000000000004 in floating point). A cap of 20% of nobody is no
-- cap: a group without any HTTNV is not judged by it.
create or replace macro excellent_cap(ratio, denominator) as
    floor(ratio * denominator + 1e-9)::bigint;

create or replace macro breaks_excellent_cap(excellent, ratio, denominator) as
    denominator > 0 and excellent > excellent_cap(ratio, denominator);

create or replace macro filtered_base_orgs(scope, sectors, org_types, orgs) as table
    select o.*
    from organizations as o
    where matches_filters(o.sector, o.org_type, o.org_code, sectors, org_types, orgs)
        and exists (
            select 1 from scope_orgs as s
            where s.org_code = o.org_code and s.scope_code = scope_or_own(scope));
"""


def _v5(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute("drop macro table if exists filtered_base_org_years")
    conn.execute("drop macro table if exists filtered_base_orgs")
    conn.execute(_V5_TABLES)
    conn.execute(_V5_VIEWS)


# What the pages read, stored (issue "Instant at every scale"): the base view's rows as a table
# (``base_org_facts``, the organization-years the pages rank), what one organization-year counts
# for (``org_year_tallies``: written once, here; every column but the keys is a count that adds
# up), and their sums per committee × year × sector × kind × scheme (``scope_year_counts``). Both
# tables are rebuilt by every write (``store/aggregates.py``, from ``tree.rebuild``); the shared
# filter reads the stored facts, and ``filtered_year_counts`` reads the sums when no organization
# is named one by one (else it adds up the named organizations' tallies).
_V6_TABLES = """
create table base_org_facts as select * from base_org_years;

-- the subordinate cells standing on 31 December under each base committee (directly or
-- through a partial committee): filled by store/aggregates.py
create table committee_cells (year integer, committee_code varchar, cells bigint);

create view org_year_tallies as
select
    f.year,
    f.sector,
    f.org_type,
    f.scheme_code,
    f.org_code,
    1 as orgs,
    (f.org_type = 'base_committee')::integer as committees,
    (f.org_type = 'base_cell')::integer as base_cells,
    f.org_rated,
    f.org_excellent,
    f.org_good,
    f.org_not_completed,
    f.org_clean_strong,
    -- the unrated: founded in the year's last six months (not yet due), or not reported
    (f.org_level is null and coalesce(f.founded > make_date(f.year, 6, 30), false))::integer
        as org_unrated_new,
    (f.org_level is null and coalesce(f.founded <= make_date(f.year, 6, 30), true))::integer
        as org_unrated_other,
    coalesce(f.org_level = 'TSVM', false)::integer as org_level_tsvm,
    coalesce(f.org_level = 'HTXSNV', false)::integer as org_level_htxsnv,
    coalesce(f.org_level = 'HTTNV', false)::integer as org_level_httnv,
    coalesce(f.org_level = 'HTNV', false)::integer as org_level_htnv,
    coalesce(f.org_level = 'KHTNV', false)::integer as org_level_khtnv,
    coalesce(f.org_level = 'YK', false)::integer as org_level_yk,
    f.members_total,
    f.members_exempt,
    f.members_suspended,
    f.members_new,
    f.members_pending,
    f.members_evaluated,
    f.members_htxsnv,
    f.members_httnv,
    f.members_htnv,
    f.members_khtnv,
    f.members_excellent,
    f.members_good,
    f.members_not_completed,
    f.cells_rated,
    f.cells_tsvm,
    f.cells_htxsnv,
    f.cells_httnv,
    f.cells_htnv,
    f.cells_khtnv,
    f.cells_yk,
    f.cells_excellent,
    f.cells_good,
    f.cells_not_completed,
    f.cells_clean_strong,
    coalesce(standing.cells, 0) as cells_standing
from base_org_facts as f
left join committee_cells as standing
    on standing.year = f.year and standing.committee_code = f.org_code;

create table scope_year_counts as
select
    scopes.scope_code,
    tallies.year,
    tallies.sector,
    tallies.org_type,
    tallies.scheme_code,
    sum(columns(tallies.* exclude (year, sector, org_type, scheme_code, org_code)))::bigint
from org_year_tallies as tallies
join scope_orgs as scopes on scopes.year = tallies.year and scopes.org_code = tallies.org_code
group by all;

create or replace macro filtered_base_org_years(scope, from_year, to_year, sectors, org_types,
                                                orgs) as table
    select b.*
    from base_org_facts as b
    where b.year between from_year and to_year
        and matches_filters(b.sector, b.org_type, b.org_code, sectors, org_types, orgs)
        and (scope = '*' or exists (
            select 1 from scope_orgs as s
            where s.year = b.year and s.org_code = b.org_code
                and s.scope_code = scope_or_own(scope)));

-- The counts of the organizations a page shows, per year × sector × kind × scheme: the stored
-- sums of the committee, or, for organizations named one by one, their tallies added up.
create or replace macro filtered_year_counts(scope, from_year, to_year, sectors, org_types,
                                             orgs) as table
    select * exclude (scope_code)
    from scope_year_counts as c
    where orgs is null and scope is distinct from '*'
        and c.scope_code = scope_or_own(scope)
        and c.year between from_year and to_year
        and matches_filters(c.sector, c.org_type, '', sectors, org_types, null)
    union all by name
    select
        t.year,
        t.sector,
        t.org_type,
        t.scheme_code,
        sum(columns(t.* exclude (year, sector, org_type, scheme_code, org_code)))::bigint
    from org_year_tallies as t
    semi join filtered_base_org_years(scope, from_year, to_year, sectors, org_types, orgs) as b
        on b.year = t.year and b.org_code = t.org_code
    where orgs is not null or scope = '*'
    group by all;
"""


def _v6(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute(_V6_TABLES)


# The evaluation as it is worked (issue 12): the three steps of an organization's level (its
# own assessment and the appraisal that preceded the decision; the decision's level is the
# result's), the status of an evaluation that is not done (or was done late), and remediation —
# the items of the plan made after a review and the quarterly reports on each. The codes are
# written out here, as released; ``domain.workflow`` names them for the code.
_V7_TABLES = """
create table org_steps (
    year integer not null,
    org_code varchar not null,
    self_level varchar,
    self_score double check (self_score between 0 and 100),
    appraised_level varchar,
    appraised_score double check (appraised_score between 0 and 100),
    decision_no varchar,
    decision_date date,
    primary key (year, org_code)
);

-- status null: the organization was rated in time; the row only tells its members apart
create table org_statuses (
    year integer not null,
    org_code varchar not null,
    status varchar check (status in ('not_evaluated', 'paused_inspection', 'paused_discipline',
                                     'founded_recently', 'redo', 'dissolved', 'rated_late')),
    reference varchar,
    status_date date,
    members_paused integer not null default 0 check (members_paused >= 0),
    members_absent integer not null default 0 check (members_absent >= 0),
    primary key (year, org_code)
);

-- plan_year: the review (the evaluation year) whose shortcomings the plan remedies
create table remediation_items (
    plan_year integer not null,
    org_code varchar not null,
    item_no integer not null check (item_no >= 1),
    shortcoming varchar not null,
    remedy varchar,
    deadline date,
    primary key (plan_year, org_code, item_no)
);

create table remediation_reports (
    plan_year integer not null,
    org_code varchar not null,
    item_no integer not null,
    report_year integer not null,
    report_quarter integer not null check (report_quarter between 1 and 4),
    item_status varchar not null check (item_status in ('not_started', 'in_progress', 'done')),
    done_text varchar,
    assessment varchar,
    reported_on date,
    primary key (plan_year, org_code, item_no, report_year, report_quarter)
);

create table import_changes_v7 as select * from import_changes;
drop table import_changes;
create table import_changes (
    import_id integer not null,
    seq integer not null,
    table_name varchar not null
        check (table_name in ('organizations', 'org_results', 'cell_results', 'targets',
                              'lineage_events', 'org_scores', 'org_steps', 'org_statuses',
                              'remediation_items', 'remediation_reports')),
    row_key varchar not null,
    old_row varchar,
    new_row varchar not null,
    primary key (import_id, seq)
);
insert into import_changes select * from import_changes_v7;
drop table import_changes_v7;
"""

# Why an organization has no level in a year: the status recorded, else "founded after 30 June"
# (less than 6 months on 31 December: the dates say so), else not stated; null when it has a
# level (a level recorded after a pause wins: the organization was rated). Every query that
# counts or lists the unrated uses this one rule.
_V7_MACROS = """
create or replace macro unrated_reason(org_level, status, founded, year) as
    case
        when org_level is not null then null
        when status in ('not_evaluated', 'paused_inspection', 'paused_discipline',
                        'founded_recently', 'redo') then status
        when founded > make_date(year, 6, 30) then 'founded_recently'
        else 'not_stated'
    end;
"""


def _v7(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute(_V7_TABLES)
    conn.execute(_V7_MACROS)


# The rule checks under many committees at once (issue 14): an import's rule warnings are
# checked under every committee that directed base organizations in the year — 4.889 at
# national scale — and a query per committee cost a third of a second each. This macro gives
# every organization-year once per committee of ``scopes`` it belongs to (null: the database's
# own superior), with the committee's code, so that a rule query runs once and partitions by
# ``scope_code``. The committees are a semi-join, not a list looked through on every row.
_V8_MACROS = """
create or replace macro scoped_base_org_years(scopes, from_year, to_year) as table
    select s.scope_code, b.*
    from base_org_facts as b
    join scope_orgs as s on s.year = b.year and s.org_code = b.org_code
    where b.year between from_year and to_year
        and s.year between from_year and to_year
        and s.scope_code in (select unnest(coalesce(scopes, [scope_or_own(null)])));
"""


def _v8(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute(_V8_MACROS)


# The three steps of each base organization's level (QĐ 124-QĐ/TW, Điều 11): its own
# assessment, the organization board's appraisal, the decision (the result's level). The scalar
# macro is how a later step moved the level of an earlier one: 'down' (a worse level: a higher
# rank), 'up', 'same'; null when either step is missing. The table macro gives every base
# organization-year a page shows with its steps, their ranks in its scheme and both moves
# (``appraisal``: the appraisal against the self-assessment; ``decision``: the decision against
# the appraisal): the one home of the rule and the joins for the steps' rows and their counts by
# year and sector (issue 14: the appraisal page counts in SQL, not 731.000 rows in Python).
_V9_MACROS = """
create or replace macro level_change(before_rank, after_rank) as
    case
        when before_rank is null or after_rank is null then null
        when after_rank > before_rank then 'down'
        when after_rank < before_rank then 'up'
        else 'same'
    end;

create or replace macro filtered_steps(scope, from_year, to_year, sectors, org_types, orgs)
    as table
    with ranks as (
        select scheme_code, level_code, level_rank from levels where level_kind = 'org'
    )
    select
        b.year,
        b.org_code,
        b.org_name,
        b.org_type,
        b.sector,
        b.org_level,
        b.org_rank,
        steps.self_level,
        own.level_rank as self_rank,
        steps.self_score,
        steps.appraised_level,
        board.level_rank as appraised_rank,
        steps.appraised_score,
        steps.decision_no,
        steps.decision_date,
        steps.org_code is not null as has_steps,
        level_change(own.level_rank, board.level_rank) as appraisal,
        level_change(board.level_rank, b.org_rank) as decision
    from filtered_base_org_years(scope, from_year, to_year, sectors, org_types, orgs) as b
    left join org_steps as steps on steps.year = b.year and steps.org_code = b.org_code
    left join ranks as own
        on own.scheme_code = b.scheme_code and own.level_code = steps.self_level
    left join ranks as board
        on board.scheme_code = b.scheme_code and board.level_code = steps.appraised_level;
"""


# What a search typed into a picker compares: a text with case and accents ignored (đ read as
# d). base_orgs_found_by_org, the pickers' search, reads every word typed in the name or the code
# of an organization keyed so.
_V9_SEARCH = """
create or replace macro search_key(text) as
    strip_accents(lower(replace(replace(text, 'Đ', 'd'), 'đ', 'd')));
"""


# Why base organizations were not rated, and the statuses recorded (statuses_by_org_year says
# what each row is): the rows of a page's organizations, which the list of the unrated reads
# whole and the year's summary counts (status_counts_by_year_reason) without reading them.
_V9_STATUSES = """
create or replace macro filtered_statuses(scope, from_year, to_year, sectors, org_types, orgs)
    as table
    select
        b.year,
        b.org_code,
        b.org_name,
        b.sector,
        b.org_level,
        statuses.status,
        unrated_reason(b.org_level, statuses.status, b.founded, b.year) as reason,
        statuses.reference,
        statuses.status_date,
        b.members_pending,
        coalesce(statuses.members_paused, 0) as members_paused,
        coalesce(statuses.members_absent, 0) as members_absent,
        true as standing
    from filtered_base_org_years(scope, from_year, to_year, sectors, org_types, orgs) as b
    left join org_statuses as statuses
        on statuses.year = b.year and statuses.org_code = b.org_code
    where b.org_level is null or statuses.org_code is not null
    union all
    -- dissolved during the year: a base organization of the scope on 31 December the year
    -- before
    select
        statuses.year,
        statuses.org_code,
        before.org_name,
        before.sector,
        null::varchar as org_level,
        statuses.status,
        'dissolved' as reason,
        statuses.reference,
        statuses.status_date,
        0::bigint as members_pending,
        statuses.members_paused,
        statuses.members_absent,
        false as standing
    from org_statuses as statuses
    join org_years as before
        on before.year = statuses.year - 1 and before.org_code = statuses.org_code
    where statuses.status = 'dissolved'
        and statuses.year between from_year and to_year
        and before.org_type in ('base_committee', 'base_cell')
        and matches_filters(before.sector, before.org_type, before.org_code, sectors,
                            org_types, orgs)
        and exists (
            select 1 from scope_orgs as s
            where s.year = before.year and s.org_code = before.org_code
                and s.scope_code = scope_or_own(scope));
"""


# The shared filter by committee: for the database's own superior (no committee asked for, as
# most views are) the stored flag ``in_own_scope`` and catalogue ``own_catalogue``
# (store/aggregates.py), for another committee the semi-join on scope_orgs, for '*' every
# organization. Three branches, not one condition:
# DuckDB folds a branch whose bound parameters rule it out, but plans the semi-join of an
# ``or`` whatever its other side says (0,1 s of every query over a national year).
_V9_SCOPES = """
alter table base_org_facts add column if not exists in_own_scope boolean default false;

-- filled by store/aggregates.py (the scope picker's committees; the own superior's catalogue)
create table if not exists committee_years (
    year integer, scope_code varchar, scope_name varchar, scope_type varchar,
    parent_code varchar, base_orgs bigint
);
create table if not exists own_catalogue as select * from organizations limit 0;

create or replace macro filtered_base_orgs(scope, sectors, org_types, orgs) as table
    select c.*
    from own_catalogue as c
    where scope is null
        and matches_filters(c.sector, c.org_type, c.org_code, sectors, org_types, orgs)
    union all
    select o.*
    from organizations as o
    where scope is not null
        and matches_filters(o.sector, o.org_type, o.org_code, sectors, org_types, orgs)
        and exists (
            select 1 from scope_orgs as s where s.org_code = o.org_code and s.scope_code = scope);

create or replace macro filtered_base_org_years(scope, from_year, to_year, sectors, org_types,
                                                orgs) as table
    select b.* exclude (in_own_scope)
    from base_org_facts as b
    where b.year between from_year and to_year
        and matches_filters(b.sector, b.org_type, b.org_code, sectors, org_types, orgs)
        and scope is null and b.in_own_scope
    union all
    select b.* exclude (in_own_scope)
    from base_org_facts as b
    where b.year between from_year and to_year
        and matches_filters(b.sector, b.org_type, b.org_code, sectors, org_types, orgs)
        and scope = '*'
    union all
    select b.* exclude (in_own_scope)
    from base_org_facts as b
    where b.year between from_year and to_year
        and matches_filters(b.sector, b.org_type, b.org_code, sectors, org_types, orgs)
        and scope is not null and scope <> '*'
        and exists (
            select 1 from scope_orgs as s
            where s.year = b.year and s.org_code = b.org_code and s.scope_code = scope);

create or replace macro scoped_base_org_years(scopes, from_year, to_year) as table
    select scope_or_own(null) as scope_code, b.* exclude (in_own_scope)
    from base_org_facts as b
    where b.year between from_year and to_year and scopes is null and b.in_own_scope
    union all
    select s.scope_code, b.* exclude (in_own_scope)
    from base_org_facts as b
    join scope_orgs as s on s.year = b.year and s.org_code = b.org_code
    where b.year between from_year and to_year
        and s.year between from_year and to_year
        and scopes is not null
        and s.scope_code in (select unnest(scopes));
"""


def _v9(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute(_V9_SCOPES)
    conn.execute(_V9_MACROS)
    conn.execute(_V9_SEARCH)
    conn.execute(_V9_STATUSES)


# Year-to-year like for like (the overview's year before, across a reorganization): for each
# base organization a committee directs in a year, the base organization of the year before it
# continues, and how (``queries/comparable_units_by_org.sql`` lists them, and
# ``like_for_like_by_year.sql`` counts them). A macro, so that the rule is written once and a
# page asks the few counts of an ordinary year, not a national year's 256.308 codes.
_V10_MACROS = """
create or replace macro comparable_units(scope, for_year) as table
    with now as (
        select org_code
        from scope_orgs
        where year = for_year and scope_code = scope_or_own(scope)
    ),

    before as (
        select org_code, org_type, parent_code
        from org_years
        where year = for_year - 1
    ),

    -- the committee a subordinate cell stood under (through a partial committee)
    committee_before as (
        select
            cell.org_code,
            case when parent.org_type = 'partial_committee' then parent.parent_code
                else cell.parent_code end as committee_code
        from before as cell
        left join before as parent on parent.org_code = cell.parent_code
        where cell.org_type = 'subordinate_cell'
    ),

    split as (
        select org_code, related_code
        from lineage_events
        where event = 'split_from' and year(event_date) = for_year
    ),

    units as (
        select now.org_code as unit, 'same' as how
        from now
        join before on before.org_code = now.org_code
            and before.org_type in ('base_committee', 'base_cell')
        union all
        select committee_before.committee_code, 'became_base'
        from now
        join committee_before using (org_code)
        union all
        select split.related_code, 'split'
        from now
        join split using (org_code)
        union all
        select e.org_code, 'merged'
        from lineage_events as e
        join now on now.org_code = e.related_code
        where e.event = 'merged_into' and year(e.event_date) = for_year
    )

    select units.unit as org_code, min(units.how) as how
    from units
    join before on before.org_code = units.unit
        and before.org_type in ('base_committee', 'base_cell')
    group by units.unit;
"""

# The filter by organizations (``$orgs``) as a semi-join on the list, not ``list_contains`` on
# every row: the units of a reorganized year that the year before is counted over are 48.360
# codes nationally, and matched row by row, planned into each branch, a query took 0,6–1 s (the
# overview of 2025 ran five). The committee's organizations (the three branches of version 9)
# are one macro; the filter two branches over it, as for the committee: DuckDB folds the branch
# whose bound parameter rules it out.
_V10_FILTERS = """
create or replace macro committee_base_org_years(scope, from_year, to_year, sectors, org_types)
    as table
    select b.* exclude (in_own_scope)
    from base_org_facts as b
    where b.year between from_year and to_year
        and matches_filters(b.sector, b.org_type, b.org_code, sectors, org_types, null)
        and scope is null and b.in_own_scope
    union all
    select b.* exclude (in_own_scope)
    from base_org_facts as b
    where b.year between from_year and to_year
        and matches_filters(b.sector, b.org_type, b.org_code, sectors, org_types, null)
        and scope = '*'
    union all
    select b.* exclude (in_own_scope)
    from base_org_facts as b
    where b.year between from_year and to_year
        and matches_filters(b.sector, b.org_type, b.org_code, sectors, org_types, null)
        and scope is not null and scope <> '*'
        and exists (
            select 1 from scope_orgs as s
            where s.year = b.year and s.org_code = b.org_code and s.scope_code = scope);

create or replace macro filtered_base_org_years(scope, from_year, to_year, sectors, org_types,
                                                orgs) as table
    select *
    from committee_base_org_years(scope, from_year, to_year, sectors, org_types)
    where orgs is null
    union all
    select *
    from committee_base_org_years(scope, from_year, to_year, sectors, org_types) as b
    where orgs is not null and b.org_code in (select unnest(orgs));

create or replace macro committee_base_orgs(scope, sectors, org_types) as table
    select c.*
    from own_catalogue as c
    where scope is null
        and matches_filters(c.sector, c.org_type, c.org_code, sectors, org_types, null)
    union all
    select o.*
    from organizations as o
    where scope is not null
        and matches_filters(o.sector, o.org_type, o.org_code, sectors, org_types, null)
        and exists (
            select 1 from scope_orgs as s where s.org_code = o.org_code and s.scope_code = scope);

create or replace macro filtered_base_orgs(scope, sectors, org_types, orgs) as table
    select *
    from committee_base_orgs(scope, sectors, org_types)
    where orgs is null
    union all
    select *
    from committee_base_orgs(scope, sectors, org_types) as o
    where orgs is not null and o.org_code in (select unnest(orgs));
"""


# The remediation plans a committee follows, and where each item stands, written once for the
# three queries that read them (the items, whole or narrow, and the quarterly reports): a plan
# is the committee's when it directed the organization in the plan's review year or after; an
# item stands where its latest report put it (the narrow read asks only the status, and DuckDB
# computes only that).
_V10_REMEDIATION = """
create or replace macro directs_plan(scope, plan_org, plan_year) as
    exists (
        select 1 from scope_orgs as s
        where s.org_code = plan_org and s.scope_code = scope_or_own(scope)
            and s.year >= plan_year);

create or replace macro latest_reports() as table
    select
        plan_year,
        org_code,
        item_no,
        arg_max(report_year, report_year * 10 + report_quarter) as last_year,
        arg_max(report_quarter, report_year * 10 + report_quarter) as last_quarter,
        arg_max(item_status, report_year * 10 + report_quarter) as last_status,
        arg_max(done_text, report_year * 10 + report_quarter) as last_done_text,
        arg_max(assessment, report_year * 10 + report_quarter) as last_assessment,
        arg_max(reported_on, report_year * 10 + report_quarter) as last_reported_on,
        count(*) as reports
    from remediation_reports
    group by plan_year, org_code, item_no;
"""


# The statuses (version 9's ``filtered_statuses``) with the organizations' filter of its
# dissolved branch a semi-join too: the year before of 2025, counted over its 48.360 units,
# took 0,43 s in that branch alone (0,11 now). Made from version 9's text, so that the two
# differ only there.
_V9_DISSOLVED_FILTER = (
    "        and matches_filters(before.sector, before.org_type, before.org_code, sectors,\n"
    "                            org_types, orgs)"
)
if _V9_DISSOLVED_FILTER not in _V9_STATUSES:  # a released step's text is never edited
    raise RuntimeError("version 9's filtered_statuses is not as version 10 expects")
_V10_STATUSES = _V9_STATUSES.replace(
    _V9_DISSOLVED_FILTER,
    """        and matches_filters(before.sector, before.org_type, before.org_code, sectors,
                            org_types, null)
        and (orgs is null or before.org_code in (select unnest(orgs)))""",
)


def _v10(conn: duckdb.DuckDBPyConnection) -> None:
    """The macros ``comparable_units``, ``directs_plan`` and ``latest_reports``; the filter by
    organizations as a semi-join; and
    ``scope_orgs`` is now stored in order of year and committee (``store/tree.py``): a file of
    an earlier version gets it so from the rebuild of the derived tables that follows the last
    step."""
    conn.execute(_V10_MACROS)
    conn.execute(_V10_FILTERS)
    conn.execute(_V10_REMEDIATION)
    conn.execute(_V10_STATUSES)


# The QĐ 366 scores (issue "Instant at every scale"): the trends page's bands read every scored
# organization-year (380.000 nationally: 0,13 s a rerun). What one scored organization-year
# counts for is written once (``org_year_scores``: its level's rank and its score's whole point);
# their number and sum per committee × year × sector × kind × rank × whole point are stored
# (``scope_year_scores``, filled by store/aggregates.py; a few thousand rows for a committee),
# and ``filtered_score_points`` reads them as ``filtered_year_counts`` reads the counts. A band's
# floor is a whole point (``domain.levels``), so the whole point tells a score's band.
_V11_SCORES = """
create view org_year_scores as
select
    f.year,
    f.sector,
    f.org_type,
    f.org_code,
    f.org_rank,
    floor(s.score)::integer as score_point,
    s.score
from base_org_facts as f
join org_scores as s on s.year = f.year and s.org_code = f.org_code and s.quarter = 0
where s.score is not null;

create table scope_year_scores (
    scope_code varchar,
    year integer,
    sector varchar,
    org_type varchar,
    org_rank integer,
    score_point integer,
    n bigint,
    score_sum double
);

create or replace macro filtered_score_points(scope, from_year, to_year, sectors, org_types,
                                              orgs) as table
    select * exclude (scope_code)
    from scope_year_scores as c
    where orgs is null and scope is distinct from '*'
        and c.scope_code = scope_or_own(scope)
        and c.year between from_year and to_year
        and matches_filters(c.sector, c.org_type, '', sectors, org_types, null)
    union all by name
    select
        t.year,
        t.sector,
        t.org_type,
        t.org_rank,
        t.score_point,
        count(*) as n,
        sum(t.score) as score_sum
    from org_year_scores as t
    semi join filtered_base_org_years(scope, from_year, to_year, sectors, org_types, orgs) as b
        on b.year = t.year and b.org_code = t.org_code
    where orgs is not null or scope = '*'
    group by all;
"""


def _v11(conn: duckdb.DuckDBPyConnection) -> None:
    """The scores' stored sums (``scope_year_scores``, filled by the rebuild of the derived
    tables that follows the last step) and the macro that reads them."""
    conn.execute(_V11_SCORES)


# Tra cứu's levels (issue "Instant at every scale"): the page counted and cut a national
# decade's million rows in Python; the rule that picks an organization-year by its level is
# now written here, for its rows and its totals, read in SQL.
_V12_LEVELS = """
-- an organization-year at one of ``levels`` (level codes; null: at any level or none), or
-- unrated when ``unrated`` (Tra cứu's "not rated", ``domain.measures.NOT_RATED``)
create or replace macro matches_levels(org_level, levels, unrated) as
    levels is null or list_contains(levels, org_level) or (unrated and org_level is null);
"""


def _v12(conn: duckdb.DuckDBPyConnection) -> None:
    """The macro of Tra cứu's levels."""
    conn.execute(_V12_LEVELS)


# The appraisal page's counts (issue "Instant at every scale"): how many organizations were
# rated, compared (self-assessment against appraisal), moved down or up by the appraisal, moved
# again by the decision, or lack a step, per year and sector — counted over every
# organization-year of every year (0,18–0,28 s nationally a rerun). What one
# organization-year's steps count for is written once (``org_year_appraisals``, from
# ``filtered_steps`` and its rule ``level_change``); their sums per committee × year × sector ×
# kind are stored (``scope_year_appraisals``, filled by store/aggregates.py) and read by
# ``filtered_appraisal_counts`` as ``filtered_year_counts`` reads the counts.
_V13_APPRAISALS = """
create view org_year_appraisals as
select
    s.year,
    s.sector,
    s.org_type,
    s.org_code,
    (s.org_level is not null)::integer as rated,
    (s.appraisal is not null)::integer as compared,
    coalesce(s.appraisal = 'down', false)::integer as down,
    coalesce(s.appraisal = 'up', false)::integer as up,
    coalesce(s.appraisal is not null and s.decision in ('down', 'up'), false)::integer
        as decision_differs,
    (s.org_level is not null and (s.self_level is null or s.appraised_level is null))::integer
        as missing_steps
from filtered_steps('*', 0, 9999, null, null, null) as s;

create table scope_year_appraisals (
    scope_code varchar,
    year integer,
    sector varchar,
    org_type varchar,
    rated bigint,
    compared bigint,
    down bigint,
    up bigint,
    decision_differs bigint,
    missing_steps bigint
);

create or replace macro filtered_appraisal_counts(scope, from_year, to_year, sectors,
                                                  org_types, orgs) as table
    select * exclude (scope_code)
    from scope_year_appraisals as c
    where orgs is null and scope is distinct from '*'
        and c.scope_code = scope_or_own(scope)
        and c.year between from_year and to_year
        and matches_filters(c.sector, c.org_type, '', sectors, org_types, null)
    union all by name
    select
        t.year,
        t.sector,
        t.org_type,
        sum(columns(t.* exclude (year, sector, org_type, org_code)))::bigint
    from org_year_appraisals as t
    semi join filtered_base_org_years(scope, from_year, to_year, sectors, org_types, orgs) as b
        on b.year = t.year and b.org_code = t.org_code
    where orgs is not null or scope = '*'
    group by all;
"""


def _v13(conn: duckdb.DuckDBPyConnection) -> None:
    """The appraisal counts' stored sums (``scope_year_appraisals``, filled by the rebuild of
    the derived tables that follows the last step) and the macro that reads them."""
    conn.execute(_V13_APPRAISALS)


# The faults of the tree (issue 14): an import whose files change no organization and no event
# checks the database's own tree, and found its faults again each time (0,6–0,8 s of every
# national dry run, 20–30 ms of a district one). Every rebuild of the tree now stores them
# (``store/tree.py``; this table is filled by the rebuild that follows the last step).
_V14_FAULTS = """
create table tree_faults (
    org_code varchar,
    event_date date,
    event varchar,
    fault varchar,
    value varchar
);
"""


def _v14(conn: duckdb.DuckDBPyConnection) -> None:
    """The tree's faults, stored (``tree_faults``)."""
    conn.execute(_V14_FAULTS)


# The statuses' counts (issue "Instant at every scale"): the overview, the presentation and the
# appraisal page count the year's statuses per year, standing and reason
# (``status_counts_by_year_reason``): 50–75 ms a year nationally, twice on the overview. What
# each organization-year's status row is stays written once, in ``filtered_statuses``; its
# rows for every organization (``org_year_statuses``: the macro under "any committee", with
# the year whose committees the row counts under — the year before for an organization
# dissolved during the year — and the kind) are counted per committee × year × sector × kind ×
# standing × reason (``scope_year_statuses``, filled by store/aggregates.py) and read by
# ``filtered_status_counts`` as ``filtered_appraisal_counts`` reads theirs.
# Under "any committee" the statuses now hold the organizations dissolved during the year too
# (those of every committee), as a committee's hold its own: until version 14 that branch
# matched no committee named "*" and gave none.
_V10_DISSOLVED_SCOPE = """        and exists (
            select 1 from scope_orgs as s
            where s.year = before.year and s.org_code = before.org_code
                and s.scope_code = scope_or_own(scope));
"""
if _V10_DISSOLVED_SCOPE not in _V10_STATUSES:  # a released step's text is never edited
    raise RuntimeError("version 10's filtered_statuses is not as version 15 expects")
_V15_STATUSES = _V10_STATUSES.replace(
    _V10_DISSOLVED_SCOPE,
    """        and (scope = '*' or exists (
            select 1 from scope_orgs as s
            where s.year = before.year and s.org_code = before.org_code
                and s.scope_code = scope_or_own(scope)));
""",
)
_V15_COUNTS = """
create view org_year_statuses as
with statuses as (
    select *, case when standing then year else year - 1 end as scope_year
    from filtered_statuses('*', 0, 9999, null, null, null)
)
select
    statuses.year,
    statuses.scope_year,
    statuses.org_code,
    statuses.sector,
    node.org_type,
    statuses.standing,
    statuses.reason,
    statuses.members_paused,
    statuses.members_absent
from statuses
join org_years as node on node.year = statuses.scope_year and node.org_code = statuses.org_code;

create table scope_year_statuses (
    scope_code varchar,
    year integer,
    sector varchar,
    org_type varchar,
    standing boolean,
    reason varchar,
    orgs bigint,
    members_paused bigint,
    members_absent bigint
);

create or replace macro filtered_status_counts(scope, from_year, to_year, sectors, org_types,
                                               orgs) as table
    select * exclude (scope_code, sector, org_type)
    from scope_year_statuses as c
    where stored_row_asked(c.scope_code, c.year, c.sector, c.org_type, scope, from_year,
                           to_year, sectors, org_types, orgs)
    union all by name
    select
        s.year,
        s.standing,
        s.reason,
        count(*) as orgs,
        sum(s.members_paused)::bigint as members_paused,
        sum(s.members_absent)::bigint as members_absent
    from filtered_statuses(scope, from_year, to_year, sectors, org_types, orgs) as s
    where not sums_stored(scope, orgs)
    group by all;
"""


# Which stored sums a page reads, said once: the committee's stored rows unless organizations
# are named one by one or the scope is any committee (then the macros sum the rows themselves).
# Versions 6, 11 and 13 wrote the two conditions into each of their macros; version 15 makes
# those macros again from their texts, with the shared ones in place of both conditions.
_V15_STORED = """
create or replace macro sums_stored(scope, orgs) as orgs is null and scope is distinct from '*';

-- a stored row (its committee, year, sector and kind) of the committee, years and filters asked
create or replace macro stored_row_asked(row_scope, row_year, row_sector, row_type, scope,
                                         from_year, to_year, sectors, org_types, orgs) as
    sums_stored(scope, orgs)
    and row_scope = scope_or_own(scope)
    and row_year between from_year and to_year
    and matches_filters(row_sector, row_type, '', sectors, org_types, null);
"""
_STORED_ROWS = """    where orgs is null and scope is distinct from '*'
        and c.scope_code = scope_or_own(scope)
        and c.year between from_year and to_year
        and matches_filters(c.sector, c.org_type, '', sectors, org_types, null)
"""
_ROWS_SUMMED = "    where orgs is not null or scope = '*'\n"


def _statement(text: str, name: str) -> str:
    """The statement of the macro ``name`` in a released step's ``text``."""
    start = text.index(f"create or replace macro {name}(")
    return text[start : text.index(";\n", start) + 2]


def _on_shared_conditions(text: str, name: str) -> str:
    """The statement of the macro ``name`` in a released step's ``text``, with the shared
    conditions in place of its own (a released step's text is never edited)."""
    statement = _statement(text, name)
    if _STORED_ROWS not in statement or _ROWS_SUMMED not in statement:
        raise RuntimeError(f"{name} is not as version 15 expects")
    return statement.replace(
        _STORED_ROWS,
        "    where stored_row_asked(c.scope_code, c.year, c.sector, c.org_type, scope,"
        " from_year, to_year, sectors, org_types, orgs)\n",
    ).replace(_ROWS_SUMMED, "    where not sums_stored(scope, orgs)\n")


def _v15(conn: duckdb.DuckDBPyConnection) -> None:
    """The statuses under "any committee" with the dissolved; their counts' stored sums
    (``scope_year_statuses``, filled by the rebuild of the derived tables that follows the last
    step) and the macro that reads them; which stored sums a page reads, said once."""
    conn.execute(_V15_STATUSES)
    conn.execute(_V15_STORED)
    for text, name in (
        (_V6_TABLES, "filtered_year_counts"),
        (_V11_SCORES, "filtered_score_points"),
        (_V13_APPRAISALS, "filtered_appraisal_counts"),
    ):
        conn.execute(_on_shared_conditions(text, name))
    conn.execute(_V15_COUNTS)


# The year before, like for like (issue "Instant at every scale"): the overview told an
# ordinary year from four counts of the committee's units (``like_for_like_by_year``), counted
# on every rerun: 120–170 ms nationally, where a year has 256.308 units. The rule of version
# 10 is now written for a list of committees (``comparable_units_among``; null: every one,
# each unit with the committee whose base organizations it continues), ``comparable_units``
# is that macro for one committee, and the four counts are stored per committee × year
# (``scope_year_sets``, filled by store/aggregates.py from the tree alone).
_V16_UNITS = """
create or replace macro comparable_units_among(scopes, for_year) as table
    with now as (
        select scope_code, org_code
        from scope_orgs
        where year = for_year and (scopes is null or scope_code in (select unnest(scopes)))
    ),

    before as (
        select org_code, org_type, parent_code
        from org_years
        where year = for_year - 1
    ),

    -- the committee a subordinate cell stood under (through a partial committee)
    committee_before as (
        select
            cell.org_code,
            case when parent.org_type = 'partial_committee' then parent.parent_code
                else cell.parent_code end as committee_code
        from before as cell
        left join before as parent on parent.org_code = cell.parent_code
        where cell.org_type = 'subordinate_cell'
    ),

    split as (
        select org_code, related_code
        from lineage_events
        where event = 'split_from' and year(event_date) = for_year
    ),

    units as (
        select now.scope_code, now.org_code as unit, 'same' as how
        from now
        join before on before.org_code = now.org_code
            and before.org_type in ('base_committee', 'base_cell')
        union all
        select now.scope_code, committee_before.committee_code, 'became_base'
        from now
        join committee_before using (org_code)
        union all
        select now.scope_code, split.related_code, 'split'
        from now
        join split using (org_code)
        union all
        select now.scope_code, e.org_code, 'merged'
        from lineage_events as e
        join now on now.org_code = e.related_code
        where e.event = 'merged_into' and year(e.event_date) = for_year
    )

    select units.scope_code, units.unit as org_code, min(units.how) as how
    from units
    join before on before.org_code = units.unit
        and before.org_type in ('base_committee', 'base_cell')
    group by units.scope_code, units.unit;

create or replace macro comparable_units(scope, for_year) as table
    select org_code, how
    from comparable_units_among([scope_or_own(scope)], for_year);

create table scope_year_sets (
    scope_code varchar,
    year integer,
    units bigint,
    same_units bigint,
    units_before bigint,
    scope_before bigint
);
"""

# The remediation plans a committee follows (version 10's ``directs_plan``: those of the
# organizations it directed in the plan's review year or after), read through the last year
# it directed each (``last_directed``). For the database's own superior, as most pages ask,
# those years are stored (``own_directed``, filled by store/aggregates.py): the macro looked
# each item up among the own superior's million rows of scope_orgs, 50 ms nationally for each
# of the overview's, the presentation's and the remediation page's reads of the plans, against
# 14 ms now.
_V16_PLANS = """
create table own_directed (org_code varchar, last_year integer);

create or replace macro last_directed(scope) as table
    select org_code, last_year
    from own_directed
    where scope is null
    union all
    select org_code, max(year) as last_year
    from scope_orgs
    where scope is not null and scope_code = scope
    group by org_code;

create or replace macro directs_plan(scope, plan_org, plan_year) as
    exists (
        select 1 from last_directed(scope) as d
        where d.org_code = plan_org and d.last_year >= plan_year);
"""


# The statuses (version 15's ``filtered_statuses``) with the years asked for read of the status
# rows too, not only of the organization-years they are joined to: the join read every year's
# status rows (132.331 nationally) against the year's 256.308 organizations. The attention
# list's held-up evaluations, 82 → 58 ms nationally; the year's list of the unrated, 418 → 346.
_V15_STATUS_JOIN = "        on statuses.year = b.year and statuses.org_code = b.org_code\n"
if _V15_STATUSES.count(_V15_STATUS_JOIN) != 1:  # a released step's text is never edited
    raise RuntimeError("version 15's filtered_statuses is not as version 16 expects")
_V16_STATUS_YEARS = "            and statuses.year between from_year and to_year\n"
_V16_STATUSES = _V15_STATUSES.replace(_V15_STATUS_JOIN, _V15_STATUS_JOIN + _V16_STATUS_YEARS)


def _v16(conn: duckdb.DuckDBPyConnection) -> None:
    """The like-for-like rule for every committee at once (``comparable_units_among``) and its
    four counts' stored table (``scope_year_sets``); the plans a committee follows read through
    the last year it directed each organization, stored for the own superior
    (``own_directed``). Both tables are filled by the rebuild of the derived tables that
    follows the last step. The statuses read the status rows of the years asked for alone."""
    conn.execute(_V16_UNITS)
    conn.execute(_V16_PLANS)
    conn.execute(_V16_STATUSES)


# Each branch a macro of its own (issue 14): DuckDB binds and plans every branch of a union,
# also one its bound parameters empty — most of a district query's time (``filtered_year_counts``
# 18 ms, its stored rows alone 10; ``filtered_base_org_years`` six branches deep). The shared
# macros a query reads are now made of their branches, and a query whose parameters name a
# single branch is run with that branch's macro in the shared macro's place (``BRANCHES``, read
# by ``store.database``). Each branch keeps its own condition, so that a branch run where its
# parameters rule it out returns nothing rather than wrong rows; the macros are made from the
# released texts, where each branch is written once.
_V17_SIGNATURE = "(scope, from_year, to_year, sectors, org_types, orgs) as table\n"
_V10_OWN_BRANCH = """    select b.* exclude (in_own_scope)
    from base_org_facts as b
    where b.year between from_year and to_year
        and matches_filters(b.sector, b.org_type, b.org_code, sectors, org_types, null)
        and scope is null and b.in_own_scope
"""


def _own_branch() -> str:
    """The organizations the database's own superior directed, the first branch of version
    10's ``committee_base_org_years`` (its macro now), and that macro made with it."""
    committee = _statement(_V10_FILTERS, "committee_base_org_years")
    if committee.count(_V10_OWN_BRANCH) != 1:
        raise RuntimeError("committee_base_org_years is not as version 17 expects")
    own = (
        "create or replace macro own_base_org_years"
        + _V17_SIGNATURE
        + _V10_OWN_BRANCH
        + "        and orgs is null;\n"
    )
    call = (
        "    select * from own_base_org_years(scope, from_year, to_year, sectors, org_types,"
        " null)\n"
    )
    return own + "\n" + committee.replace(_V10_OWN_BRANCH, call)


def _own_variant(statement: str, name: str, own: str, branch: str = "own_base_org_years") -> str:
    """The macro ``name`` (``statement``, reading ``filtered_base_org_years`` with its own
    parameters) as the macro ``own``, reading the branch ``branch`` of it instead (by default
    the own superior's)."""
    call = "from filtered_base_org_years(scope, from_year, to_year, sectors, org_types, orgs)"
    if statement.count(call) != 1 or not statement.startswith(f"create or replace macro {name}("):
        raise RuntimeError(f"{name} is not as version 17 expects")
    return statement.replace(f"macro {name}(", f"macro {own}(", 1).replace(
        call, call.replace("filtered_base_org_years", branch)
    )


def _stored_branch(statement: str, name: str, stored: str) -> str:
    """A stored sums' macro ``name`` (its stored rows, union all by name, the rows summed) as
    two: ``stored``, its stored rows, and ``name``, that macro's rows and the rows summed."""
    head = f"create or replace macro {name}("
    start = statement.index(")", len(head)) + 1
    signature = " ".join(statement[len(head) - 1 : start].split())
    if signature != "(scope, from_year, to_year, sectors, org_types, orgs)":
        raise RuntimeError(f"{name} is not as version 17 expects: {signature}")
    body = statement[statement.index(" as table\n") + len(" as table\n") :]
    rows, summed = body.split("    union all by name\n")
    call = f"    select * from {stored}(scope, from_year, to_year, sectors, org_types, orgs)\n"
    return (
        f"create or replace macro {stored}{_V17_SIGNATURE}{rows.rstrip()};\n\n"
        f"create or replace macro {name}{_V17_SIGNATURE}{call}    union all by name\n{summed}"
    )


# (the shared macro, its branch, whether the branch alone answers for the parameters
# ``scope`` and ``orgs``): the conditions are the branches' own (``sums_stored``; the own
# superior's organizations when no committee and no organization is named)
def _own(scope: str | None, orgs: object) -> bool:
    return scope is None and orgs is None


def _sums_stored(scope: str | None, orgs: object) -> bool:
    return orgs is None and scope != "*"


def _own_named(scope: str | None, orgs: object) -> bool:
    return scope is None and orgs is not None


# A macro may have several branches, each for parameters no other of its branches answers for
# (tests/queries/test_branches.py checks both: each answers as the whole macro, and no two are
# picked at once).
BRANCHES: tuple[tuple[str, str, Callable[[str | None, object], bool]], ...] = (
    ("filtered_base_org_years", "own_base_org_years", _own),
    ("filtered_year_counts", "stored_year_counts", _sums_stored),
    ("filtered_score_points", "stored_score_points", _sums_stored),
    ("filtered_appraisal_counts", "stored_appraisal_counts", _sums_stored),
    ("filtered_status_counts", "stored_status_counts", _sums_stored),
    ("filtered_steps", "own_steps", _own),
    ("filtered_statuses", "own_statuses", _own),
    # version 18: the own superior's organizations named one by one
    ("filtered_base_org_years", "own_named_base_org_years", _own_named),
    ("filtered_year_counts", "own_named_year_counts", _own_named),
    ("filtered_score_points", "own_named_score_points", _own_named),
    ("filtered_appraisal_counts", "own_named_appraisal_counts", _own_named),
    ("filtered_status_counts", "own_named_status_counts", _own_named),
    ("filtered_steps", "own_named_steps", _own_named),
    ("filtered_statuses", "own_named_statuses", _own_named),
    ("filtered_base_orgs", "own_base_orgs", _own),
    ("filtered_base_orgs", "own_named_base_orgs", _own_named),
    # version 20: the own superior's sums of shares, stored; those of its organizations named
    ("filtered_share_sums", "own_share_sums", _own),
    ("filtered_share_sums", "own_named_share_sums", _own_named),
)


def _v17(conn: duckdb.DuckDBPyConnection) -> None:
    """The shared macros' branches as macros of their own (``BRANCHES``)."""
    conn.execute(_own_branch())
    current = {
        "filtered_year_counts": _on_shared_conditions(_V6_TABLES, "filtered_year_counts"),
        "filtered_score_points": _on_shared_conditions(_V11_SCORES, "filtered_score_points"),
        "filtered_appraisal_counts": _on_shared_conditions(
            _V13_APPRAISALS, "filtered_appraisal_counts"
        ),
        "filtered_status_counts": _statement(_V15_COUNTS, "filtered_status_counts"),
    }
    for name, branch, _ in BRANCHES[1:5]:
        conn.execute(_stored_branch(current[name], name, branch))
    # the steps and the statuses of the own superior's organizations
    conn.execute(
        _own_variant(_statement(_V9_MACROS, "filtered_steps"), "filtered_steps", "own_steps")
    )
    conn.execute(
        _own_variant(
            _statement(_V16_STATUSES, "filtered_statuses"), "filtered_statuses", "own_statuses"
        )
    )


# The own superior's organizations named one by one (issue 14). A viewer limited to some
# organizations sees every page so (``ui.data.scoped``), a link may name some, and the
# organization page reads one: with ``$orgs`` given no branch of version 17 answered, and DuckDB
# bound and planned the six branches of ``filtered_base_org_years`` (and the four of
# ``filtered_base_orgs``), each query two to four times as slow as the same query of the whole
# committee (a district's year totals 16,6 ms against 8,2). Each branch is made from the
# released texts: the own superior's organizations (version 17's ``own_base_org_years``; the
# first branch of version 10's ``committee_base_orgs``), those named (the second branch of
# version 10's ``filtered_base_org_years``), and the macros over them with the branch in the
# place of the whole; a stored sums' macro is its rows summed (its stored rows never answer for
# organizations named).
_V10_NAMED = "    where orgs is not null and b.org_code in (select unnest(orgs));\n"
_V18_BASE_ORGS_SIGNATURE = "(scope, sectors, org_types, orgs) as table\n"
_V10_OWN_CATALOGUE = """    select c.*
    from own_catalogue as c
    where scope is null
        and matches_filters(c.sector, c.org_type, c.org_code, sectors, org_types, null)
"""


def _own_named_branches() -> list[str]:
    """The statements of version 18: the own superior's organizations, and those of them named,
    as branches of ``filtered_base_org_years`` and ``filtered_base_orgs`` and of the macros
    reading the former."""
    named = _statement(_V10_FILTERS, "filtered_base_org_years")
    catalogue = _statement(_V10_FILTERS, "committee_base_orgs")
    if named.count(_V10_NAMED) != 1 or catalogue.count(_V10_OWN_CATALOGUE) != 1:
        raise RuntimeError("version 10's filters are not as version 18 expects")
    own_rows = (
        "    select * from own_base_org_years(scope, from_year, to_year, sectors, org_types,"
        " null) as b\n"
    )
    own_orgs = "    select * from own_base_orgs(scope, sectors, org_types, null) as b\n"
    statements = [
        f"create or replace macro own_named_base_org_years{_V17_SIGNATURE}{own_rows}{_V10_NAMED}",
        "create or replace macro own_base_orgs"
        + _V18_BASE_ORGS_SIGNATURE
        + _V10_OWN_CATALOGUE
        + "        and orgs is null;\n",
        f"create or replace macro own_named_base_orgs{_V18_BASE_ORGS_SIGNATURE}{own_orgs}"
        + _V10_NAMED,
        _own_variant(
            _statement(_V9_MACROS, "filtered_steps"),
            "filtered_steps",
            "own_named_steps",
            "own_named_base_org_years",
        ),
        _own_variant(
            _statement(_V16_STATUSES, "filtered_statuses"),
            "filtered_statuses",
            "own_named_statuses",
            "own_named_base_org_years",
        ),
    ]
    summed = {
        "filtered_year_counts": _on_shared_conditions(_V6_TABLES, "filtered_year_counts"),
        "filtered_score_points": _on_shared_conditions(_V11_SCORES, "filtered_score_points"),
        "filtered_appraisal_counts": _on_shared_conditions(
            _V13_APPRAISALS, "filtered_appraisal_counts"
        ),
        "filtered_status_counts": _statement(_V15_COUNTS, "filtered_status_counts"),
    }
    for name, statement in summed.items():
        statements.append(_summed_branch(statement, name, name.replace("filtered_", "own_named_")))
    return statements


def _summed_branch(statement: str, name: str, branch: str) -> str:
    """A stored sums' macro ``name`` (its stored rows, union all by name, the rows summed) as
    the macro ``branch``: its rows summed, over the own superior's organizations named."""
    body = statement[statement.index(" as table\n") + len(" as table\n") :]
    _, summed = body.split("    union all by name\n")
    calls = {
        "filtered_base_org_years(scope,": "own_named_base_org_years(scope,",
        "filtered_statuses(scope,": "own_named_statuses(scope,",
    }
    found = [call for call in calls if call in summed]
    if len(found) != 1 or summed.count(found[0]) != 1:
        raise RuntimeError(f"{name} is not as version 18 expects")
    return f"create or replace macro {branch}{_V17_SIGNATURE}" + summed.replace(
        found[0], calls[found[0]]
    )


def _v18(conn: duckdb.DuckDBPyConnection) -> None:
    """The own superior's organizations named one by one, as branches of the shared macros."""
    for statement in _own_named_branches():
        conn.execute(statement)


# What one organization-year counts for, stored (issue 14). A page of organizations named one
# by one (a viewer limited to some, a link naming some) sums their rows of ``org_year_tallies``,
# ``org_year_scores`` and ``org_year_appraisals`` (version 18's named branches). Each was a view
# over every organization-year: DuckDB computed the view's rows for all of them before keeping
# the named (nationally, for twelve organizations and every year: 81 ms for their totals, 81 for
# their score bands, 111 for their appraisal's counts). The views keep their definitions under
# new names (``…_derived``); a table of each view's rows takes its name, so that every macro
# and every stored sum reads the table (``aggregates.STORED_VIEWS``, the tables stored now, fills
# them with every write, before the sums made from them).
V19_STORED = (
    ("org_year_tallies", "org_year_tallies_derived"),
    ("org_year_scores", "org_year_scores_derived"),
    ("org_year_appraisals", "org_year_appraisals_derived"),
)


def _v19(conn: duckdb.DuckDBPyConnection) -> None:
    """What each organization-year counts for, stored: its tallies, its score and what its
    steps count for (filled by the rebuild of the derived tables that follows the last step)."""
    for stored, derived in V19_STORED:
        conn.execute(f"alter view {stored} rename to {derived}")
        conn.execute(f"create table {stored} as select * from {derived} limit 0")


# What the average base organization's shares are taken from, stored for the database's own
# superior (issue 14). The organization page sets one organization beside the mean of the shares
# of every base organization its committee directs: their parts summed per year and whole
# (``summed_shares``: each organization counts once, so a share's whole is a key). Nationally
# that summed the own superior's 600.000 organization-years on every drilled page (54 ms, most
# of it grouping); the sums of the own superior, per year × sector × kind × whole, are 18.063
# rows for twelve years (``own_year_shares``, filled by store/aggregates.py), read in 15 ms. A
# committee asked for, or organizations named, are summed from their rows as before; the sums
# over the own superior's organizations (stored) and over those of them named (a branch) are
# made from the same text.
_V20_SHARES = """
create or replace macro summed_shares(scope, from_year, to_year, sectors, org_types, orgs)
    as table
    with rows as (
        select
            year,
            sector,
            org_type,
            members_evaluated,
            members_total,
            members_good,
            members_excellent,
            members_not_completed,
            members_exempt
        from filtered_base_org_years(scope, from_year, to_year, sectors, org_types, orgs)
    ),

    wholes as (
        select
            'members_evaluated' as whole_of,
            members_evaluated as whole,
            * exclude (members_evaluated, members_total)
        from rows
        union all
        select
            'members_total' as whole_of,
            members_total as whole,
            * exclude (members_evaluated, members_total)
        from rows
    )

    select
        year,
        sector,
        org_type,
        whole_of,
        whole,
        count(*) as orgs,
        sum(members_good)::bigint as members_good,
        sum(members_excellent)::bigint as members_excellent,
        sum(members_not_completed)::bigint as members_not_completed,
        sum(members_exempt)::bigint as members_exempt
    from wholes
    where whole > 0
    group by all;

create table own_year_shares (
    year integer,
    sector varchar,
    org_type varchar,
    whole_of varchar,
    whole integer,
    orgs bigint,
    members_good bigint,
    members_excellent bigint,
    members_not_completed bigint,
    members_exempt bigint
);

create or replace macro own_share_sums(scope, from_year, to_year, sectors, org_types, orgs)
    as table
    select *
    from own_year_shares as c
    where scope is null and orgs is null
        and c.year between from_year and to_year
        and matches_filters(c.sector, c.org_type, '', sectors, org_types, null);

create or replace macro filtered_share_sums(scope, from_year, to_year, sectors, org_types, orgs)
    as table
    select * from own_share_sums(scope, from_year, to_year, sectors, org_types, orgs)
    union all by name
    select * from summed_shares(scope, from_year, to_year, sectors, org_types, orgs)
    where scope is not null or orgs is not null;
"""


# The statuses of organizations named (the organization page, a viewer limited to some): their
# status rows alone joined to their organization-years. The join read every status row of the
# years asked for (168.035 nationally) into its table, for one organization: 50 → 30 ms. The
# same for the whole macro (a no-op where no organization is named), made from version 16's text.
_V20_STATUS_JOIN = _V15_STATUS_JOIN + _V16_STATUS_YEARS
if _V16_STATUSES.count(_V20_STATUS_JOIN) != 1:  # a released step's text is never edited
    raise RuntimeError("version 16's filtered_statuses is not as version 20 expects")
_V20_STATUSES = _statement(
    _V16_STATUSES.replace(
        _V20_STATUS_JOIN,
        _V20_STATUS_JOIN
        + "            and (orgs is null or list_contains(orgs, statuses.org_code))\n",
    ),
    "filtered_statuses",
)


def _summed_shares_of(name: str, rows: str) -> str:
    """``summed_shares`` over a branch of ``filtered_base_org_years`` (``rows``), as the macro
    ``name``: the own superior's organizations (what its stored sums are made of, by
    store/aggregates.py: planning the whole shared macro was half of a district year's 13 ms),
    or those of them named."""
    summed = _statement(_V20_SHARES, "summed_shares")
    call = "from filtered_base_org_years(scope,"
    if summed.count(call) != 1:
        raise RuntimeError("summed_shares is not as version 20 expects")
    return summed.replace("macro summed_shares(", f"macro {name}(", 1).replace(
        call, f"from {rows}(scope,"
    )


def _v20(conn: duckdb.DuckDBPyConnection) -> None:
    """The own superior's sums of shares, stored (filled by the rebuild of the derived tables
    that follows the last step), and the macros that read them; the statuses of organizations
    named joined to their own status rows alone."""
    conn.execute(_V20_SHARES)
    conn.execute(_summed_shares_of("own_summed_shares", "own_base_org_years"))
    conn.execute(_summed_shares_of("own_named_share_sums", "own_named_base_org_years"))
    conn.execute(_V20_STATUSES)
    conn.execute(
        _own_variant(
            _V20_STATUSES, "filtered_statuses", "own_named_statuses", "own_named_base_org_years"
        )
    )


# The rule findings under the database's own superior, every year, kept by every write
# (``metrics.rules.keep_findings``) with what they were made from (meta "rule_findings_key":
# the data version, the settings, the rounding and the code): a page's findings were five to
# seven small queries (a district organization's page 31 ms of its 124), read now as one. In
# the order the checks give them (``position``).
_V21_FINDINGS = """
create table rule_findings (
    position integer primary key,
    year integer not null,
    rule varchar not null,
    org_code varchar,
    message varchar not null,
    source varchar not null,
    title varchar not null
);
"""


def _v21(conn: duckdb.DuckDBPyConnection) -> None:
    """The rule findings kept by every write."""
    conn.execute(_V21_FINDINGS)


# The first version with the organization tree: from it on, the derived tables exist and are
# rebuilt after a migration, with the current derivation.
TREE_VERSION = 5


MIGRATIONS: tuple[Migration, ...] = (
    _v1,
    _v2,
    _v3,
    _v4,
    _v5,
    _v6,
    _v7,
    _v8,
    _v9,
    _v10,
    _v11,
    _v12,
    _v13,
    _v14,
    _v15,
    _v16,
    _v17,
    _v18,
    _v19,
    _v20,
    _v21,
)


def current_version(conn: duckdb.DuckDBPyConnection) -> int:
    """The newest migration the file has had; 0 for a file without the table (a new one).

    Read outside a transaction: the missing table is an error, which would end one. Asked
    first of every handle opened (twice for a reader), it read ``information_schema`` before:
    15 ms a new connection's first query, against 2 for the table itself."""
    # fetchall, not fetchone: DuckDB 2 keeps a result that was not read to its end open on the
    # connection, and then refuses to register a relation on it (as an import does).
    try:
        [(version,)] = conn.execute("select max(version) from schema_version").fetchall()
    except duckdb.CatalogException:
        return 0
    return int(version) if version is not None else 0


def migrate(conn: duckdb.DuckDBPyConnection, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Bring the file to the newest version; returns the version reached."""
    conn.execute(
        "create table if not exists schema_version ("
        " version integer primary key, applied_at timestamp default current_timestamp)"
    )
    version = current_version(conn)
    for number, step in enumerate(migrations, start=1):
        if number <= version:
            continue
        with transaction(conn):
            step(conn)
            conn.execute("insert into schema_version (version) values ($v)", {"v": number})
            if number == len(migrations) and number >= TREE_VERSION:
                tree.rebuild(conn)  # the derived tables, as the current code derives them
        version = number
    return version
