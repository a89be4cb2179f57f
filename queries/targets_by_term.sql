-- The congress targets (chỉ tiêu) of a committee whose term covers any year of the range.
-- Grain: one row = one target of one term.
-- Parameters: $scope (a committee's code, null = the database's own superior), $from_year,
--     $to_year
-- Columns: term, from_year, to_year, subject, measure, direction, target, source

with final as (
    select term, from_year, to_year, subject, measure, direction, target, source
    from targets
    where scope_code = scope_or_own($scope)
        and from_year <= $to_year and to_year >= $from_year
)

select * from final
order by from_year, subject, measure
