-- Every node of the tree as it stood on 31 December of each derived year: what an import's
-- checks ask of a year (which kind, under which parent) before its rows are stored.
-- Grain: one row = one node × year.
-- Parameters: $years (a list of years; null = every derived year: an import reads only the
-- years its rows name, of a tree derived over the whole history), $codes (the organizations
-- asked about; null = every one: a year whose committees' cells are counted needs them all)
-- Columns: year, org_code, org_type, parent_code, org_name, founded, ended

with final as (
    select year, org_code, org_type, parent_code, org_name, founded, ended
    from org_years
    where ($years is null or list_contains($years, year))
        and ($codes is null or org_code in (select unnest($codes)))
)

select * from final
order by year, org_code
