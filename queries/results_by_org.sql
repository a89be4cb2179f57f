-- One year's results of each base organization: its own level, its members by status and by
-- level, its subordinate cells by level. The statistical table and the exports read it.
-- Grain: one row = one base organization in the year $year.
-- Parameters: $year; filters $sectors, $org_types, $orgs (lists, null = all).
-- Columns: org_code, org_name, org_type, sector, scheme_code, org_level, org_rank,
--   clean_strong, members_total, members_exempt, members_suspended, members_new,
--   members_pending, members_evaluated, members_htxsnv, members_httnv, members_htnv,
--   members_khtnv, cells_rated, cells_tsvm, cells_htxsnv, cells_httnv, cells_htnv,
--   cells_khtnv, cells_yk

with filtered as (
    select *
    from filtered_base_org_years($year, $year, $sectors, $org_types, $orgs)
),

final as (
    select
        org_code,
        org_name,
        org_type,
        sector,
        scheme_code,
        org_level,
        org_rank,
        clean_strong,
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
        cells_rated,
        cells_tsvm,
        cells_htxsnv,
        cells_httnv,
        cells_htnv,
        cells_khtnv,
        cells_yk
    from filtered
)

select * from final
order by org_type, sector, org_name, org_code
