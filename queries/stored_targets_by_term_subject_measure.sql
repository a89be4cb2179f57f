-- Every stored congress target, of every term: what an import compares the file's rows
-- against, and what the data export writes back.
-- Grain: one row = one target (term × subject × measure).
-- Parameters: none
-- Columns: term, from_year, to_year, subject, measure, direction, target, source

with final as (
    select
        term,
        from_year,
        to_year,
        subject,
        measure,
        direction,
        target,
        source
    from targets
)

select * from final
order by from_year, subject, measure, term
