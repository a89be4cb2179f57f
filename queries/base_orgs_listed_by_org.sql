-- What an organization picker lists before any search: the base organizations of the
-- catalogue that the filters select, the first ``$limit`` by name. A committee may have
-- directed 278.070 base organizations over the years (national scale): a picker lists a few
-- hundred, and a search (base_orgs_found_by_org) says which when there are more.
-- Grain: one row = one base organization.
-- Parameters: $scope (a committee's code, null = the database's own superior); filters
--     $sectors, $org_types, $orgs (lists, null = all); $limit (how many rows at most)
-- Columns: org_code, org_name

select org_code, org_name
from filtered_base_orgs($scope, $sectors, $org_types, $orgs)
order by org_name, org_code
limit $limit
