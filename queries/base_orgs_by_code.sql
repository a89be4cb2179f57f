-- The catalogue of base organizations (subordinate cells excluded): the choices of the
-- organization filter and the codes a shared link may name.
-- Grain: one row = one base organization ever reported.
-- Parameters: none
-- Columns: org_code, org_name, org_type, sector, active_from, active_to, successor_code,
--     successor_name

with base_orgs as (
    select *
    from organizations
    where org_type in ('base_committee', 'base_cell')
),

final as (
    select
        base_orgs.org_code,
        base_orgs.org_name,
        base_orgs.org_type,
        base_orgs.sector,
        base_orgs.active_from,
        base_orgs.active_to,
        base_orgs.successor_code,
        successors.org_name as successor_name
    from base_orgs
    left join organizations as successors on successors.org_code = base_orgs.successor_code
)

select * from final
order by org_name, org_code
