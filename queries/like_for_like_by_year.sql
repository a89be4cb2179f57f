-- Whether a committee's base organizations of $year are the set of the year before, each
-- itself: the units they continue (the macro ``comparable_units``, listed by
-- comparable_units_by_org) counted, beside the committee's base organizations of the year
-- before. The set is the same when every count is equal: every unit the same organization, and
-- one of the committee's the year before, and all of those. An ordinary year is told from these
-- four numbers; only a year of change reads the units themselves.
-- Grain: one row = the year asked.
-- Parameters: $scope (null = the database's own superior), $year
-- Columns: units, same_units, units_before, scope_before

with before as (
    select org_code
    from scope_orgs
    where year = $year - 1 and scope_code = scope_or_own($scope)
),

units as (
    select org_code, how
    from comparable_units($scope, $year)
),

final as (
    select
        (select count(*) from units) as units,
        (select count(*) from units where how = 'same') as same_units,
        (select count(*) from units semi join before using (org_code)) as units_before,
        (select count(*) from before) as scope_before
)

select * from final
