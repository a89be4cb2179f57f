-- Every stored congress target, of every committee and term: what an import compares the
-- file's rows against, and what the data export writes back.
-- Grain: one row = one target (committee × term × subject × measure).
-- Parameters: none
-- Columns: scope_code, term, from_year, to_year, subject, measure, direction, target, source

with final as (
    select
        scope_code,
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
order by scope_code, from_year, subject, measure, term
