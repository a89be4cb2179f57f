-- How many base organizations of the catalogue the filters select, counted no further than
-- $limit: whether a picker can list them all (base_orgs_listed_by_org) or asks for a search
-- (base_orgs_found_by_org). Counting stops at $limit, where listing sorted all of a national
-- committee's 278.070 by name.
-- Grain: one row = the catalogue the filters select.
-- Parameters: $scope (a committee's code, null = the database's own superior); filters
--     $sectors, $org_types, $orgs (lists, null = all); $limit (how many to count at most)
-- Columns: n

with found as (
    select 1
    from filtered_base_orgs($scope, $sectors, $org_types, $orgs)
    limit $limit
)

select count(*) as n from found
