-- Each base organization's members by where they stand in the evaluation (exempted, suspended,
-- new, not yet evaluated, evaluated), as results_by_org_year has them, without its other
-- columns and its order: the exemptions page reads these over every year (a million
-- organization-years at national scale, where the width and the order by name cost seconds).
-- Grain: one row = one base organization × year.
-- Parameters: $scope (a committee's code, null = the database's own superior), $from_year,
--     $to_year; filters $sectors, $org_types, $orgs (lists, null = all).
-- Columns: year, org_code, org_name, sector, members_total, members_exempt, members_suspended,
--     members_new, members_pending, members_evaluated

select
    year,
    org_code,
    org_name,
    sector,
    members_total,
    members_exempt,
    members_suspended,
    members_new,
    members_pending,
    members_evaluated
from filtered_base_org_years($scope, $from_year, $to_year, $sectors, $org_types, $orgs)
order by year, org_code
