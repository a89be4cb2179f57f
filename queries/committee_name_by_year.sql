-- A committee's name as it stood in a year, when it directed base organizations that year (no
-- row otherwise): the subject of a year's summary. The summary read the year's every committee
-- for it (4.890 nationally, sorted by name: 6–11 ms, twice a page).
-- Grain: one row = one committee × year.
-- Parameters: $scope (a committee's code), $year
-- Columns: year, scope_code, scope_name

select year, scope_code, scope_name
from committee_years
where year = $year and scope_code = $scope
