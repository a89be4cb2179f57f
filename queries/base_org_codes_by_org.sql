-- The base organizations of the catalogue (base committees and base cells) that the filters
-- select: to check codes given by a user (a viewer's scope, a URL parameter) against, and the
-- choices left in the organization filter once sectors and types are chosen.
-- Grain: one row = one base organization.
-- Parameters: $scope (a committee's code, null = the database's own superior); filters
--     $sectors, $org_types, $orgs (lists, null = all)
-- Columns: org_code, org_name, org_type, sector

with final as (
    select org_code, org_name, org_type, sector
    from filtered_base_orgs($scope, $sectors, $org_types, $orgs)
)

select * from final
order by org_code
