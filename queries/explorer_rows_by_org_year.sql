-- The explorer's rows: each base organization's year with what the page shows and filters on
-- (its level, its members by status and by level, its cells rated and good) and the parts of
-- the shares it computes, as results_by_org_year has them and in its order, without its other
-- columns (a national decade is a million rows, where the width costs a third of a second).
-- Of those at the levels asked (the macro ``matches_levels``), the first $limit (null: all):
-- read only from the years that hold them (the rows come in order of year), where sorting a
-- national decade's million rows to keep 20.000 took half a second.
-- Grain: one row = one base organization × year.
-- Parameters: $scope (a committee's code, null = the database's own superior), $from_year,
--     $to_year; filters $sectors, $org_types, $orgs (lists, null = all); $levels (level codes,
--     null = all), $unrated (with $levels: the unrated too); $limit (how many rows at most)
-- Columns: year, org_code, org_name, org_type, sector, org_level, clean_strong, members_total,
--     members_exempt, members_suspended, members_new, members_pending, members_evaluated,
--     members_htxsnv, members_httnv, members_htnv, members_khtnv, members_excellent,
--     members_good, members_not_completed, cells_rated, cells_good

with shown as (
    select year
    from filtered_base_org_years($scope, $from_year, $to_year, $sectors, $org_types, $orgs)
    where matches_levels(org_level, $levels, $unrated) and $limit is not null
),

by_year as (
    select year, sum(count(*)) over (order by year) as rows_up_to
    from shown
    group by year
),

-- the year of the $limit-th row (or the last)
reach as (
    select coalesce(min(year) filter (where rows_up_to >= $limit), max(year)) as last_year
    from by_year
)

select
    year,
    org_code,
    org_name,
    org_type,
    sector,
    org_level,
    clean_strong,
    members_total,
    members_exempt,
    members_suspended,
    members_new,
    members_pending,
    members_evaluated,
    members_htxsnv,
    members_httnv,
    members_htnv,
    members_khtnv,
    members_excellent,
    members_good,
    members_not_completed,
    cells_rated,
    cells_good
from filtered_base_org_years($scope, $from_year, $to_year, $sectors, $org_types, $orgs)
where matches_levels(org_level, $levels, $unrated)
    and ($limit is null or year <= (select last_year from reach))
order by year, org_type, sector, org_name, org_code
limit $limit
