-- Every stored score (Quy định 366-QĐ/TW), of the year (quarter 0) or a quarter, in the
-- columns of the import format: what an import compares the file's rows against, and what the
-- data export writes back.
-- Grain: one row = one organization × year × quarter.
-- Parameters: $years (a list of years; null = every year: an import reads only the years
--     of its file)
-- Columns: year, quarter, org_code, score, tasks_completed, tasks_exceeded_pct, disciplined

with final as (
    select year, quarter, org_code, score, tasks_completed, tasks_exceeded_pct, disciplined
    from org_scores
    where $years is null or list_contains($years, year)
)

select * from final
order by year, quarter, org_code
