-- The counts of each sector × kind of base organization each year, for the charts that
-- compare groups: how many organizations, how many rated and good or better, how many members
-- evaluated and good or better. Read from the committee's stored sums (scope_year_counts), not
-- from every organization-year.
-- Grain: one row = one year × sector × org_type.
-- Parameters: $scope (a committee's code, null = the database's own superior), $from_year,
--     $to_year; filters $sectors, $org_types, $orgs (lists, null = all).
-- Columns: year, sector, org_type, orgs, org_rated, org_good, members_evaluated, members_good

with filtered as (
    select *
    from filtered_year_counts($scope, $from_year, $to_year, $sectors, $org_types, $orgs)
),

final as (
    select
        year,
        sector,
        org_type,
        sum(orgs)::bigint as orgs,
        sum(org_rated)::bigint as org_rated,
        sum(org_good)::bigint as org_good,
        sum(members_evaluated)::bigint as members_evaluated,
        sum(members_good)::bigint as members_good
    from filtered
    group by all
)

select * from final
order by year, sector, org_type
