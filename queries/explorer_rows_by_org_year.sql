-- The explorer's rows: each base organization's year with what the page shows and filters on
-- (its level, its members by status and by level, its cells rated and good) and the parts of
-- the shares it computes, as results_by_org_year has them and in its order, without its other
-- columns (a national decade is a million rows, where the width costs a third of a second).
-- Grain: one row = one base organization × year.
-- Parameters: $scope (a committee's code, null = the database's own superior), $from_year,
--     $to_year; filters $sectors, $org_types, $orgs (lists, null = all).
-- Columns: year, org_code, org_name, org_type, sector, org_level, clean_strong, members_total,
--     members_exempt, members_suspended, members_new, members_pending, members_evaluated,
--     members_htxsnv, members_httnv, members_htnv, members_khtnv, members_excellent,
--     members_good, members_not_completed, cells_rated, cells_good

select
    year,
    org_code,
    org_name,
    org_type,
    sector,
    org_level,
    clean_strong,
    members_total,
    members_exempt,
    members_suspended,
    members_new,
    members_pending,
    members_evaluated,
    members_htxsnv,
    members_httnv,
    members_htnv,
    members_khtnv,
    members_excellent,
    members_good,
    members_not_completed,
    cells_rated,
    cells_good
from filtered_base_org_years($scope, $from_year, $to_year, $sectors, $org_types, $orgs)
order by year, org_type, sector, org_name, org_code
