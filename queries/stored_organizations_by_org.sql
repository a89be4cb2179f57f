-- The catalogue as stored, in the columns of the import format: what an import compares the
-- file's rows against, and what the data export writes back (in this order: committees, then
-- each committee's cells, then base cells).
-- Grain: one row = one organization ever reported (subordinate cells included).
-- Parameters: none
-- Columns: org_code, org_name, org_type, parent_code, sector, active_from, active_to,
--     successor_code

with final as (
    select
        org_code,
        org_name,
        org_type,
        parent_code,
        sector,
        active_from,
        active_to,
        successor_code
    from organizations
)

select * from final
order by org_type, coalesce(parent_code, ''), org_code
