-- The committees of the tree that directed base organizations in a year, directly or through
-- the committees under them, with how many: the scopes a page, an export or the command line
-- may count by that year.
-- Grain: one row = one committee × year.
-- Parameters: $from_year, $to_year
-- Columns: year, scope_code, scope_name, scope_type, parent_code, base_orgs

with counted as (
    select year, scope_code, count(*) as base_orgs
    from scope_orgs
    where year between $from_year and $to_year
    group by year, scope_code
),

final as (
    select
        counted.year,
        counted.scope_code,
        node.org_name as scope_name,
        node.org_type as scope_type,
        node.parent_code,
        counted.base_orgs
    from counted
    join org_years as node on node.year = counted.year and node.org_code = counted.scope_code
)

select * from final
order by year, scope_type, scope_name, scope_code
