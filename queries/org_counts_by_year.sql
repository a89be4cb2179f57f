-- How many base organizations there were each year, of which kind, how many were rated and
-- how many were "clean and strong" (the level TSVM until 2017, the commendation from 2018). Why
-- the others were not rated is ``statuses_by_org_year``'s to say.
-- Grain: one row = one year.
-- Parameters: $scope (a committee's code, null = the database's own superior), $from_year,
--     $to_year; filters $sectors, $org_types, $orgs (lists, null = all).
-- Columns: year, total, committees, cells, rated, clean_strong

with filtered as (
    select *
    from filtered_base_org_years($scope, $from_year, $to_year, $sectors, $org_types, $orgs)
),

final as (
    select
        year,
        count(*) as total,
        count(*) filter (where org_type = 'base_committee') as committees,
        count(*) filter (where org_type = 'base_cell') as cells,
        count(org_level) as rated,
        sum(org_clean_strong)::bigint as clean_strong
    from filtered
    group by year
)

select * from final
order by year
