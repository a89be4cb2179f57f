-- The evaluation years that hold results. (The scheme in force each year is the schemes' and
-- the results' own: no page read it here, and finding it cost 8-10 ms of every national page,
-- a year and a scheme for each of a million results.)
-- Grain: one row = one year.
-- Parameters: none
-- Columns: year

select distinct year
from org_results
order by year
