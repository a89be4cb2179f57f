-- The congress targets (chỉ tiêu) of a committee, every term of it: a few rows, which a page's
-- summary and a deck's trend lines share (the handle keeps them). The terms that cover a year
-- of a range are ``metrics.summary.terms_within``'s to choose.
-- Grain: one row = one target of one term.
-- Parameters: $scope (a committee's code, null = the database's own superior)
-- Columns: term, from_year, to_year, subject, measure, direction, target, source

with final as (
    select term, from_year, to_year, subject, measure, direction, target, source
    from targets
    where scope_code = scope_or_own($scope)
)

select * from final
order by from_year, subject, measure
