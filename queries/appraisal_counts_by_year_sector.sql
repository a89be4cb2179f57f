-- How appraisal and the decision moved the levels, counted per year and sector (QĐ 124-QĐ/TW,
-- Điều 11): the base organizations rated, those whose self-assessment and appraisal are both
-- recorded (compared), how many appraisal moved down or up, how many of those compared the
-- decision moved from the proposal, and how many rated organizations lack their own assessment
-- or the appraisal. The rows are steps_by_org_year's (the macro ``filtered_steps``, its rule
-- ``level_change``): a page reads these few hundred counts, not every organization-year.
-- Grain: one row = one year × sector with base organizations in the scope.
-- Parameters: $scope (a committee's code, null = the database's own superior), $from_year,
--     $to_year; filters $sectors, $org_types, $orgs (lists, null = all).
-- Columns: year, sector, rated, compared, down, up, decision_differs, missing_steps

select
    year,
    sector,
    count(org_level) as rated,
    count(appraisal) as compared,
    count(*) filter (where appraisal = 'down') as down,
    count(*) filter (where appraisal = 'up') as up,
    count(*) filter (where appraisal is not null and decision in ('down', 'up'))
        as decision_differs,
    count(*) filter (
        where org_level is not null and (self_level is null or appraised_level is null)
    ) as missing_steps
from filtered_steps($scope, $from_year, $to_year, $sectors, $org_types, $orgs)
group by year, sector
order by year, sector
