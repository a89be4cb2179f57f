-- How many base organizations there were each year, of which kind, how many were rated and
-- how many were "clean and strong" (the level TSVM until 2017, the commendation from 2018).
-- Grain: one row = one year.
-- Parameters: $from_year, $to_year; filters $sectors, $org_types, $orgs (lists, null = all).
-- Columns: year, total, committees, cells, rated, clean_strong

with filtered as (
    select *
    from base_org_years
    where year between $from_year and $to_year
        and ($sectors is null or list_contains($sectors, sector))
        and ($org_types is null or list_contains($org_types, org_type))
        and ($orgs is null or list_contains($orgs, org_code))
),

final as (
    select
        year,
        count(*) as total,
        count(*) filter (where org_type = 'base_committee') as committees,
        count(*) filter (where org_type = 'base_cell') as cells,
        count(org_level) as rated,
        count(*) filter (where org_level = 'TSVM' or clean_strong) as clean_strong
    from filtered
    group by year
)

select * from final
order by year
