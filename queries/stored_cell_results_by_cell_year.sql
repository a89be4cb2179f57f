-- Each subordinate cell's stored level each year: what an import compares the file's rows
-- against, and what the data export writes back.
-- Grain: one row = one subordinate cell × year.
-- Parameters: $years (a list of years; null = every year: an import reads only the years
--     of its file)
-- Columns: year, org_code, scheme_code, org_level

with final as (
    select
        year,
        org_code,
        scheme_code,
        org_level
    from cell_results
    where $years is null or list_contains($years, year)
)

select * from final
order by year, org_code
