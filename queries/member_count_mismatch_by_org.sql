-- Base organizations whose member counts do not add up: the total must equal those evaluated
-- plus the exempted, suspended, newly admitted and pending members.
-- Grain: one row = one base organization with inconsistent counts.
-- Parameters: $scope (null = the database's own superior), $year
-- Columns: org_code, org_name, members_total, parts

with results as (
    select
        org_code,
        org_name,
        members_total,
        members_evaluated + members_exempt + members_suspended + members_new + members_pending
            as parts
    from filtered_base_org_years($scope, $year, $year, null, null, null)
),

final as (
    select * from results where members_total <> parts
)

select * from final
order by org_code
