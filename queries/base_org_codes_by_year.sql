-- The base organizations a committee directed in one year (on 31 December).
-- Grain: one row = one base organization.
-- Parameters: $scope (null = the database's own superior), $year
-- Columns: org_code

with final as (
    select org_code
    from scope_orgs
    where year = $year and scope_code = scope_or_own($scope)
)

select * from final
order by org_code
