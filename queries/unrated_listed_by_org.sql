-- What the appraisal page lists of a year's statuses (the macro ``filtered_statuses``): the
-- first $limit (null: all, as its file) of the standing organizations without a level
-- (unrated), by reason and name, with how many there are (unrated_rows, on every row); every
-- organization rated late ($late, the status's code); and every one dissolved during the
-- year. A national year being classified leaves 127.863 unrated, of which the page shows a few
-- hundred.
-- Grain: one row = one organization (of the year).
-- Parameters: $scope (a committee's code, null = the database's own superior), $year; filters
--     $sectors, $org_types, $orgs (lists, null = all); $limit (how many unrated at most,
--     null = all), $late (the status of an organization rated late)
-- Columns: year, org_code, org_name, sector, org_level, status, reason, reference,
--     status_date, members_pending, members_paused, members_absent, standing, unrated,
--     unrated_rows

with statuses as materialized (
    select *, standing and reason is not null as unrated
    from filtered_statuses($scope, $year, $year, $sectors, $org_types, $orgs)
),

-- (a window numbering the unrated instead took 5,5 s nationally: 50 times this)
first_unrated as (
    select *
    from statuses
    where unrated
    order by reason, org_name, org_code
    limit $limit
),

counted as (
    select count(*) as unrated_rows
    from statuses
    where unrated
),

final as (
    select * from first_unrated
    union all
    select *
    from statuses
    where not unrated and (status = $late or not standing)
)

select final.*, counted.unrated_rows
from final, counted
order by standing desc, reason, org_name, org_code
