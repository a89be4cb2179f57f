-- Subordinate cells each year: how many stood on 31 December under the base committees counted
-- (directly, or through a partial committee) and how many were rated (a cell founded less than
-- 6 months before is not rated). The cells standing are counted by every write
-- (committee_cells, summed in scope_year_counts).
-- Grain: one row = one year.
-- Parameters: $scope (a committee's code, null = the database's own superior), $from_year,
--     $to_year; filters $sectors, $org_types, $orgs (lists, null = all).
-- Columns: year, total, rated

with filtered as (
    select *
    from filtered_year_counts($scope, $from_year, $to_year, $sectors, $org_types, $orgs)
),

final as (
    select
        year,
        greatest(sum(cells_standing), sum(cells_rated))::bigint as total,
        sum(cells_rated)::bigint as rated
    from filtered
    group by year
)

select * from final
order by year
