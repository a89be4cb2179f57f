-- Each base organization's stored result each year, every column as an import writes it: what
-- an import compares the file's rows against, and what the data export writes back.
-- Grain: one row = one base organization × year.
-- Parameters: $years (a list of years; null = every year: an import reads only the years
--     of its file)
-- Columns: year, org_code, scheme_code, org_level, clean_strong, members_total,
--     members_exempt, members_suspended, members_new, members_pending, members_htxsnv,
--     members_httnv, members_htnv, members_khtnv, cells_tsvm, cells_htxsnv, cells_httnv,
--     cells_htnv, cells_khtnv, cells_yk

with final as (
    select
        year, org_code, scheme_code, org_level, clean_strong,
        members_total, members_exempt, members_suspended, members_new, members_pending,
        members_htxsnv, members_httnv, members_htnv, members_khtnv,
        cells_tsvm, cells_htxsnv, cells_httnv, cells_htnv, cells_khtnv, cells_yk
    from org_results
    where $years is null or list_contains($years, year)
)

select * from final
order by year, org_code
