-- Groups of base organizations with similar roles in which those rated HTXSNV exceed $ratio of
-- those rated HTTNV (or, when $include_excellent, of HTTNV and above). A group is a role group
-- (the sectors $group_sectors mapped to the names $group_names), a sector or a kind, as
-- $group_by says ('role_group', 'sector' or 'org_type'; an allow-list in the code).
-- Each committee of $scopes caps the organizations it directs (null: the database's own
-- superior).
-- Grain: one row = one year × one committee × one group breaking the cap.
-- Parameters: $scopes, $from_year, $to_year (the years checked, each on its own), $ratio,
--     $include_excellent, $group_by, $group_sectors, $group_names
-- Columns: year, scope_code, role_group, excellent, good, denominator, cap

with results as (
    select
        year,
        scope_code,
        case $group_by
            when 'role_group' then coalesce(
                list_extract($group_names, list_position($group_sectors, sector)), sector)
            when 'sector' then sector
            -- 'org_type', and any value outside the allow-list: never a column from the caller
            else org_type
        end as role_group,
        org_level
    from scoped_base_org_years($scopes, $from_year, $to_year)
),

grouped as (
    select
        year,
        scope_code,
        role_group,
        count(*) filter (where org_level = 'HTXSNV') as excellent,
        count(*) filter (where org_level = 'HTTNV') as good
    from results
    group by year, scope_code, role_group
),

capped as (
    select
        year,
        scope_code,
        role_group,
        excellent,
        good,
        good + case when $include_excellent then excellent else 0 end as denominator
    from grouped
),

final as (
    select
        year,
        scope_code,
        role_group,
        excellent,
        good,
        denominator,
        excellent_cap($ratio, denominator) as cap
    from capped
    where breaks_excellent_cap(excellent, $ratio, denominator)
)

select * from final
order by year, scope_code, role_group
