-- The three steps of each base organization's level (QĐ 124-QĐ/TW, Điều 11): its own
-- assessment, the organization board's appraisal and proposal, and the decision (the result's
-- level), with the ranks and how each later step moved the level (the macro
-- ``filtered_steps`` and its rule ``level_change``: down, up, same; null when a step is
-- missing): ``appraisal`` the board's appraisal against the self-assessment, ``decision`` the
-- decision against the appraisal. Every base organization of the years is a row: one without
-- any step recorded has them null.
-- Grain: one row = one base organization × year.
-- Parameters: $scope (a committee's code, null = the database's own superior), $from_year,
--     $to_year; filters $sectors, $org_types, $orgs (lists, null = all).
-- Columns: year, org_code, org_name, org_type, sector, org_level, org_rank, self_level,
--     self_rank, self_score, appraised_level, appraised_rank, appraised_score, decision_no,
--     decision_date, has_steps, appraisal, decision

select *
from filtered_steps($scope, $from_year, $to_year, $sectors, $org_types, $orgs)
order by year, sector, org_name, org_code
