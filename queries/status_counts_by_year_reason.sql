-- The rows of statuses_by_org_year counted (the macro ``filtered_statuses``): per year, whether
-- the organizations stood on 31 December, and the reason they were not rated (null: rated,
-- with a status recorded), how many organizations and how many of their members not yet
-- evaluated were paused or absent. The year's summary reads these few rows, not the 132.331
-- unrated organizations of a national year being classified: summed from the stored counts of
-- the committee (``filtered_status_counts``; a list of organizations, or "any committee",
-- counts the rows themselves).
-- Grain: one row = one year × standing × reason.
-- Parameters: $scope (a committee's code, null = the database's own superior), $from_year,
--     $to_year; filters $sectors, $org_types, $orgs (lists, null = all).
-- Columns: year, standing, reason, orgs, members_paused, members_absent

select
    year,
    standing,
    reason,
    sum(orgs)::bigint as orgs,
    sum(members_paused)::bigint as members_paused,
    sum(members_absent)::bigint as members_absent
from filtered_status_counts($scope, $from_year, $to_year, $sectors, $org_types, $orgs)
group by year, standing, reason
order by year, standing desc, reason nulls first
