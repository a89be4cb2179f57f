-- The committees that directly directed base organizations in a year (their parent on 31
-- December): where an import's rule warnings are checked, each among its own organizations.
-- Grain: one row = one committee.
-- Parameters: $year
-- Columns: scope_code

with final as (
    select distinct parent_code as scope_code
    from org_years
    where year = $year
        and org_type in ('base_committee', 'base_cell')
        and parent_code is not null
)

select * from final
order by scope_code
