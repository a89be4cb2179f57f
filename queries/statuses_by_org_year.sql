-- Why base organizations were not rated, and the statuses recorded for the years: every base
-- organization of the scope without a level (its reason by the one rule, ``unrated_reason``:
-- the status recorded, else founded after 30 June, else not stated), every one with a status
-- recorded (rated late; or a row that only tells its members not yet evaluated apart, by
-- reason), and the organizations the scope directed the year before that were dissolved during
-- the year (no longer standing on 31 December, so outside the year's count). The rows are the
-- macro ``filtered_statuses``'s, which status_counts_by_year_reason counts.
-- Grain: one row = one organization × year.
-- Parameters: $scope (a committee's code, null = the database's own superior), $from_year,
--     $to_year; filters $sectors, $org_types, $orgs (lists, null = all).
-- Columns: year, org_code, org_name, sector, org_level, status, reason, reference, status_date,
--     members_pending, members_paused, members_absent, standing

select *
from filtered_statuses($scope, $from_year, $to_year, $sectors, $org_types, $orgs)
order by year, standing desc, reason, org_name, org_code
