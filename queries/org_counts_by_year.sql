-- How many base organizations there were each year, of which kind, how many were rated and
-- how many were "clean and strong" (the level TSVM until 2017, the commendation from 2018); of
-- those not rated, how many were founded less than 6 months before the year's end (not rated
-- by the rule) and how many for another reason (the data does not say which).
-- Grain: one row = one year.
-- Parameters: $scope (a committee's code, null = the database's own superior), $from_year,
--     $to_year; filters $sectors, $org_types, $orgs (lists, null = all).
-- Columns: year, total, committees, cells, rated, clean_strong, unrated_new, unrated_other

with filtered as (
    select *
    from filtered_year_counts($scope, $from_year, $to_year, $sectors, $org_types, $orgs)
),

final as (
    select
        year,
        sum(orgs)::bigint as total,
        sum(committees)::bigint as committees,
        sum(base_cells)::bigint as cells,
        sum(org_rated)::bigint as rated,
        sum(org_clean_strong)::bigint as clean_strong,
        sum(org_unrated_new)::bigint as unrated_new,
        sum(org_unrated_other)::bigint as unrated_other
    from filtered
    group by year
)

select * from final
order by year
