-- The years in which each of the named organizations has a stored result (of a base
-- organization or of a subordinate cell): an import that moves one of them, or changes its
-- kind, must record the change as a lineage event, and says which years it would carry along.
-- Grain: one row = one organization.
-- Parameters: $orgs (a list of organization codes)
-- Columns: org_code, years

with stored as (
    select org_code, year from org_results where list_contains($orgs, org_code)
    union
    select org_code, year from cell_results where list_contains($orgs, org_code)
),

final as (
    select org_code, list(year order by year) as years
    from stored
    group by org_code
)

select * from final
order by org_code
