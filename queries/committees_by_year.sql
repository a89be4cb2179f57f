-- The committees of the tree that directed base organizations in a year, directly or through
-- the committees under them, with how many: the scopes a page, an export or the command line
-- may count by that year (stored by every write: store/aggregates.py).
-- Grain: one row = one committee × year.
-- Parameters: $from_year, $to_year
-- Columns: year, scope_code, scope_name, scope_type, parent_code, base_orgs

select year, scope_code, scope_name, scope_type, parent_code, base_orgs
from committee_years
where year between $from_year and $to_year
order by year, scope_type, scope_name, scope_code
