-- Members of the base organizations each year by status: who was evaluated and who was not
-- (exempted, suspended, admitted less than 6 months ago, pending).
-- Grain: one row = one year.
-- Parameters: $scope (a committee's code, null = the database's own superior), $from_year,
--     $to_year; filters $sectors, $org_types, $orgs (lists, null = all).
-- Columns: year, total, exempt, suspended, new, pending, evaluated

with filtered as (
    select *
    from filtered_year_counts($scope, $from_year, $to_year, $sectors, $org_types, $orgs)
),

final as (
    select
        year,
        sum(members_total)::bigint as total,
        sum(members_exempt)::bigint as exempt,
        sum(members_suspended)::bigint as suspended,
        sum(members_new)::bigint as new,
        sum(members_pending)::bigint as pending,
        sum(members_evaluated)::bigint as evaluated
    from filtered
    group by year
)

select * from final
order by year
