-- A committee's name as it stood in each year it directed base organizations (no row for the
-- other years): the subject of a year's summary. The summary read the year's every committee
-- for it (4.890 nationally, sorted by name: 6–11 ms, twice a page); then the committee's name
-- of one year, read once for the year and once for the year before (the presentation, a deck):
-- now every year's at once, a dozen rows, which the handle keeps for the other year.
-- Grain: one row = one committee × year.
-- Parameters: $scope (a committee's code)
-- Columns: year, scope_code, scope_name

select year, scope_code, scope_name
from committee_years
where scope_code = $scope
order by year
