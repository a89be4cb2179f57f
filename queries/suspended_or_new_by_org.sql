-- Base organizations that recorded members suspended from party activities or admitted less
-- than 6 months before as not evaluated (read against the year's practice by the rule check).
-- Grain: one row = one base organization with such members in the year.
-- Parameters: $scope (null = the database's own superior), $year
-- Columns: org_code, org_name, members_suspended, members_new

with results as (
    select org_code, org_name, members_suspended, members_new
    from filtered_base_org_years($scope, $year, $year, null, null, null)
),

final as (
    select * from results where members_suspended + members_new > 0
)

select * from final
order by org_code
