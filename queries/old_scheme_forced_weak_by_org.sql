-- Old scheme (27-HD/BTCTW, 2014): a base committee with more than $cells_fraction of its cells
-- weak, or a base cell with more than $members_fraction of its members KHTNV, is itself weak.
-- Grain: one row = one base organization that should have been rated "Yếu kém" and was not.
-- Parameters: $scope (null = the database's own superior), $year, $cells_fraction, $members_fraction
-- Columns: org_code, org_name, org_type, org_level, rated, weak

with results as (
    select
        org_code,
        org_name,
        org_type,
        org_level,
        case when org_type = 'base_committee' then cells_rated else members_evaluated end
            as rated,
        case when org_type = 'base_committee' then cells_yk else members_khtnv end as weak,
        case when org_type = 'base_committee' then $cells_fraction else $members_fraction end
            as fraction
    from filtered_base_org_years($scope, $year, $year, null, null, null)
    where org_level is not null and org_level <> 'YK'
),

final as (
    select org_code, org_name, org_type, org_level, rated, weak
    from results
    where rated > 0 and weak > fraction * rated + 1e-9
)

select * from final
order by org_code
