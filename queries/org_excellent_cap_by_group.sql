-- Groups of base organizations with similar roles in which those rated HTXSNV exceed $ratio of
-- those rated HTTNV. The grouping column comes from an allow-list: 'org_type' or 'sector'.
-- Source: Quy định 124-QĐ/TW, Điều 12. Grain: one row = one group breaking the cap.
-- Parameters: $year, $ratio, $group_by
-- Columns: role_group, excellent, good, cap

with results as (
    select
        case when $group_by = 'sector' then sector else org_type end as role_group,
        org_level
    from base_org_years
    where year = $year
),

grouped as (
    select
        role_group,
        count(*) filter (where org_level = 'HTXSNV') as excellent,
        count(*) filter (where org_level = 'HTTNV') as good
    from results
    group by role_group
),

final as (
    select role_group, excellent, good, floor($ratio * good + 1e-9)::bigint as cap
    from grouped
    where excellent > floor($ratio * good + 1e-9)
)

select * from final
order by role_group
