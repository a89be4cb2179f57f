-- How appraisal and the decision moved the levels, counted per year and sector (QĐ 124-QĐ/TW,
-- Điều 11): the base organizations rated, those whose self-assessment and appraisal are both
-- recorded (compared), how many appraisal moved down or up, how many of those compared the
-- decision moved from the proposal, and how many rated organizations lack their own assessment
-- or the appraisal. The rows are steps_by_org_year's (the macro ``filtered_steps``, its rule
-- ``level_change``), each counted once in the view ``org_year_appraisals``; read from the
-- committee's stored sums (scope_year_appraisals), not from every organization-year.
-- Grain: one row = one year × sector with base organizations in the scope.
-- Parameters: $scope (a committee's code, null = the database's own superior), $from_year,
--     $to_year; filters $sectors, $org_types, $orgs (lists, null = all).
-- Columns: year, sector, rated, compared, down, up, decision_differs, missing_steps

select
    year,
    sector,
    sum(rated)::bigint as rated,
    sum(compared)::bigint as compared,
    sum(down)::bigint as down,
    sum(up)::bigint as up,
    sum(decision_differs)::bigint as decision_differs,
    sum(missing_steps)::bigint as missing_steps
from filtered_appraisal_counts($scope, $from_year, $to_year, $sectors, $org_types, $orgs)
group by year, sector
order by year, sector
