-- Each base organization's stored level and members pending evaluation each year: what an
-- import checks a file's statuses against in the years whose results the file does not hold
-- (a status of a year is checked against that year's result; a national year's files hold
-- statuses of six years, and the whole stored result of each was read for those two columns).
-- Grain: one row = one base organization × year.
-- Parameters: $years (a list of years; null = every year), $codes (the organizations the
--     statuses name; null = every one)
-- Columns: year, org_code, org_level, members_pending

with final as (
    select year, org_code, org_level, members_pending
    from org_results
    where ($years is null or list_contains($years, year))
        and ($codes is null or org_code in (select unnest($codes)))
)

select * from final
order by year, org_code
