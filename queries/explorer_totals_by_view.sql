-- The explorer's totals with no threshold asked: how many organization-years the years and
-- filters hold (held), how many of them are at the levels asked (rows; the macro
-- ``matches_levels``, as explorer_rows_by_org_year reads them), of how many organizations and
-- years, and the sums of their counts — what the page shows of a national decade's million
-- rows without reading them (the shares are taken from the sums in Python).
-- Grain: one row = the rows of the page's view.
-- Parameters: $scope (a committee's code, null = the database's own superior), $from_year,
--     $to_year; filters $sectors, $org_types, $orgs (lists, null = all); $levels (level codes,
--     null = all), $unrated (with $levels: the unrated too)
-- Columns: held, rows, orgs, years, members_total, members_exempt, members_suspended,
--     members_new, members_pending, members_evaluated, members_htxsnv, members_httnv,
--     members_htnv, members_khtnv, cells_rated, cells_good

with held as (
    select *, matches_levels(org_level, $levels, $unrated) as shown
    from filtered_base_org_years($scope, $from_year, $to_year, $sectors, $org_types, $orgs)
),

final as (
    select
        count(*) as held,
        count(*) filter (where shown) as rows,
        count(distinct org_code) filter (where shown) as orgs,
        count(distinct year) filter (where shown) as years,
        coalesce(sum(members_total) filter (where shown), 0)::bigint as members_total,
        coalesce(sum(members_exempt) filter (where shown), 0)::bigint as members_exempt,
        coalesce(sum(members_suspended) filter (where shown), 0)::bigint as members_suspended,
        coalesce(sum(members_new) filter (where shown), 0)::bigint as members_new,
        coalesce(sum(members_pending) filter (where shown), 0)::bigint as members_pending,
        coalesce(sum(members_evaluated) filter (where shown), 0)::bigint as members_evaluated,
        coalesce(sum(members_htxsnv) filter (where shown), 0)::bigint as members_htxsnv,
        coalesce(sum(members_httnv) filter (where shown), 0)::bigint as members_httnv,
        coalesce(sum(members_htnv) filter (where shown), 0)::bigint as members_htnv,
        coalesce(sum(members_khtnv) filter (where shown), 0)::bigint as members_khtnv,
        coalesce(sum(cells_rated) filter (where shown), 0)::bigint as cells_rated,
        coalesce(sum(cells_good) filter (where shown), 0)::bigint as cells_good
    from held
)

select * from final
