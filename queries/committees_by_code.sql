-- Every committee of the tree that directed base organizations in some year, with the first
-- and the last such year and its name and kind as they stood in the last: the choices of the
-- scope picker and the codes a link may name (6.099 committees nationally, where the
-- committees of every year, committees_by_year, are 70.000 rows).
-- Grain: one row = one committee.
-- Parameters: none
-- Columns: scope_code, scope_name, scope_type, first_year, last_year

select
    scope_code,
    arg_max(scope_name, year) as scope_name,
    arg_max(scope_type, year) as scope_type,
    min(year) as first_year,
    max(year) as last_year
from committee_years
group by scope_code
order by first_year, scope_name, scope_code
