-- What the list of what needs attention judges each base organization's year by: its level and
-- its members (in all, exempted, evaluated, good or better, not completing their tasks), as
-- results_by_org_year has them, without its other columns and its order (256.308 organizations
-- in a national year, where the width and the order by name cost a third of a second). The
-- deck and the written report read it too (those below "good", the most exempted).
-- Grain: one row = one base organization × year.
-- Parameters: $scope (a committee's code, null = the database's own superior), $from_year,
--     $to_year; filters $sectors, $org_types, $orgs (lists, null = all).
-- Columns: year, org_code, org_name, org_level, org_rank, members_total, members_exempt,
--     members_evaluated, members_good, members_khtnv

select
    year,
    org_code,
    org_name,
    org_level,
    org_rank,
    members_total,
    members_exempt,
    members_evaluated,
    members_good,
    members_khtnv
from filtered_base_org_years($scope, $from_year, $to_year, $sectors, $org_types, $orgs)
