-- The congress targets (chỉ tiêu) whose term covers any year of the range.
-- Grain: one row = one target of one term.
-- Parameters: $from_year, $to_year
-- Columns: term, from_year, to_year, subject, measure, direction, target, source

with final as (
    select term, from_year, to_year, subject, measure, direction, target, source
    from targets
    where from_year <= $to_year and to_year >= $from_year
)

select * from final
order by from_year, subject, measure
