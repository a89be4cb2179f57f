-- The base organizations of the year not rated for one of the reasons ``$reasons`` (the rows
-- of statuses_by_org_year, the macro ``filtered_statuses``, whose reason is one of them): the
-- attention list's paused and redone evaluations, without reading the year's other unrated.
-- Grain: one row = one organization (of the year).
-- Parameters: $scope (a committee's code, null = the database's own superior), $year, $reasons
--     (the reasons, a list); filters $sectors, $org_types, $orgs (lists, null = all).
-- Columns: year, org_code, org_name, sector, org_level, status, reason, reference, status_date,
--     members_pending, members_paused, members_absent, standing

select *
from filtered_statuses($scope, $year, $year, $sectors, $org_types, $orgs)
where list_contains($reasons, reason)
order by year, standing desc, reason, org_name, org_code
