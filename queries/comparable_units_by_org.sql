-- Year-to-year like for like: for each base organization a committee directs in $year, the
-- base organization it was, or was part of, the year before — itself; the base committee it
-- was a subordinate cell of; the organization it split from — and the organizations of the year
-- before that merged into one of them during $year. Counted over the same units, a change is a
-- change of the same members, not of the set. The rule is the macro ``comparable_units``
-- (store/schema.py); ``like_for_like_by_year`` counts its rows.
-- Grain: one row = one base organization of the year before that the year's set continues.
-- Parameters: $scope (null = the database's own superior), $year
-- Columns: org_code, how

select *
from comparable_units($scope, $year)
order by org_code
