-- Each base organization's result each year: its level and its members and subordinate cells
-- by level and by status, with the totals the analysis pages rank, compare and filter on.
-- Grain: one row = one base organization × year.
-- Parameters: $from_year, $to_year; filters $sectors, $org_types, $orgs (lists, null = all).
-- Columns: year, org_code, org_name, org_type, sector, scheme_code, org_level, org_rank,
--     clean_strong, members_total, members_exempt, members_suspended, members_new,
--     members_pending, members_evaluated, members_htxsnv, members_httnv, members_htnv,
--     members_khtnv, members_excellent, members_good, members_not_completed, cells_rated,
--     cells_excellent, cells_good, cells_not_completed

with filtered as (
    select *
    from filtered_base_org_years($from_year, $to_year, $sectors, $org_types, $orgs)
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
        -- "clean and strong": the level until 2017, the commendation from 2018
        (org_level = 'TSVM' or clean_strong) as clean_strong,
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
        members_htxsnv as members_excellent,
        members_htxsnv + members_httnv as members_good,
        members_khtnv as members_not_completed,
        cells_rated,
        cells_tsvm + cells_htxsnv as cells_excellent,
        cells_tsvm + cells_htxsnv + cells_httnv as cells_good,
        cells_khtnv + cells_yk as cells_not_completed
    from filtered
)

select * from final
order by year, org_code
