-- The base organizations of the catalogue (base committees and base cells), to check codes
-- given by a user (a viewer's scope, a URL parameter) against.
-- Grain: one row = one base organization.
-- Parameters: none
-- Columns: org_code, org_name, org_type, sector

with final as (
    select org_code, org_name, org_type, sector
    from organizations
    where org_type in ('base_committee', 'base_cell')
)

select * from final
order by org_code
