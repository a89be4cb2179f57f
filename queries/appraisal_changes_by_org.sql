-- The base organizations of the year whose level appraisal or the decision changed (the rows
-- of steps_by_org_year, the macro ``filtered_steps``, in which either move is down or up): the
-- list the appraisal page shows, without reading the year's other organizations.
-- Grain: one row = one base organization (of the year).
-- Parameters: $scope (a committee's code, null = the database's own superior), $year; filters
--     $sectors, $org_types, $orgs (lists, null = all).
-- Columns: year, org_code, org_name, org_type, sector, org_level, org_rank, self_level,
--     self_rank, self_score, appraised_level, appraised_rank, appraised_score, decision_no,
--     decision_date, has_steps, appraisal, decision

select *
from filtered_steps($scope, $year, $year, $sectors, $org_types, $orgs)
where appraisal in ('down', 'up') or decision in ('down', 'up')
order by appraisal nulls last, sector, org_name, org_code
