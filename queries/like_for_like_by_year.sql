-- Whether a committee's base organizations of $year are the set of the year before, each
-- itself: the units they continue (the macro ``comparable_units``, listed by
-- comparable_units_by_org) counted, beside the committee's base organizations of the year
-- before. The set is the same when every count is equal: every unit the same organization, and
-- one of the committee's the year before, and all of those. An ordinary year is told from these
-- four numbers; only a year of change reads the units themselves. The counts are stored for
-- every committee and year (``scope_year_sets``, store/aggregates.py); a committee without a
-- row counts nought.
-- Grain: one row = the year asked.
-- Parameters: $scope (null = the database's own superior), $year
-- Columns: units, same_units, units_before, scope_before

select
    coalesce(max(units), 0) as units,
    coalesce(max(same_units), 0) as same_units,
    coalesce(max(units_before), 0) as units_before,
    coalesce(max(scope_before), 0) as scope_before
from scope_year_sets
where year = $year and scope_code = scope_or_own($scope)
