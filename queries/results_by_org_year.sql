-- Each base organization's result each year: its level, its members by status and by level,
-- its subordinate cells by level, and the derived counts (good or better, excellent, not
-- completed, clean and strong) that the analysis pages rank, compare and filter on and the
-- exports tabulate. One year is the range $from_year = $to_year.
-- Grain: one row = one base organization × year.
-- Parameters: $scope (a committee's code, null = the database's own superior), $from_year,
--     $to_year; filters $sectors, $org_types, $orgs (lists, null = all).
-- Columns: year, org_code, org_name, org_type, sector, scheme_code, org_level, org_rank,
--     clean_strong, org_rated, org_excellent, org_good, org_not_completed, org_clean_strong,
--     members_total, members_exempt, members_suspended, members_new,
--     members_pending, members_evaluated, members_htxsnv, members_httnv, members_htnv,
--     members_khtnv, members_excellent, members_good, members_not_completed, cells_rated,
--     cells_tsvm, cells_htxsnv, cells_httnv, cells_htnv, cells_khtnv, cells_yk,
--     cells_excellent, cells_good, cells_not_completed

with filtered as (
    select *
    from filtered_base_org_years($scope, $from_year, $to_year, $sectors, $org_types, $orgs)
),

final as (
    select
        year,
        org_code,
        org_name,
        org_type,
        sector,
        scheme_code,
        org_level,
        org_rank,
        clean_strong,
        org_rated,
        org_excellent,
        org_good,
        org_not_completed,
        org_clean_strong,
        members_total,
        members_exempt,
        members_suspended,
        members_new,
        members_pending,
        members_evaluated,
        members_htxsnv,
        members_httnv,
        members_htnv,
        members_khtnv,
        members_excellent,
        members_good,
        members_not_completed,
        cells_rated,
        cells_tsvm,
        cells_htxsnv,
        cells_httnv,
        cells_htnv,
        cells_khtnv,
        cells_yk,
        cells_excellent,
        cells_good,
        cells_not_completed
    from filtered
)

select * from final
order by year, org_type, sector, org_name, org_code
