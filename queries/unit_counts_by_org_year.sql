-- What a target's gap is counted from: each base organization's year with the counts a share
-- is taken of (domain.measures.UNIT_COLUMNS: rated and by level, for the organization itself,
-- its subordinate cells and its members), as results_by_org_year has them, without its other
-- columns (256.308 organizations in a national year, where the width costs a tenth of a
-- second) and without its order: ``gap_contributions`` ranks the rows by every key it needs
-- (the order by name took 0,1 s of the query's 0,14).
-- Grain: one row = one base organization × year.
-- Parameters: $scope (a committee's code, null = the database's own superior), $from_year,
--     $to_year; filters $sectors, $org_types, $orgs (lists, null = all).
-- Columns: year, org_code, org_name, org_type, sector, org_rated, org_excellent, org_good,
--     org_not_completed, org_clean_strong, cells_rated, cells_excellent, cells_good,
--     cells_not_completed, members_evaluated, members_excellent, members_good,
--     members_not_completed

select
    year,
    org_code,
    org_name,
    org_type,
    sector,
    org_rated,
    org_excellent,
    org_good,
    org_not_completed,
    org_clean_strong,
    cells_rated,
    cells_excellent,
    cells_good,
    cells_not_completed,
    members_evaluated,
    members_excellent,
    members_good,
    members_not_completed
from filtered_base_org_years($scope, $from_year, $to_year, $sectors, $org_types, $orgs)
