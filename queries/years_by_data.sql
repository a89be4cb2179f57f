-- The evaluation years that hold results, with the scheme in force for each.
-- Grain: one row = one year.
-- Parameters: none
-- Columns: year, scheme_code, scheme_name

with years as (
    select distinct year, scheme_code
    from org_results
),

final as (
    select years.year, years.scheme_code, schemes.scheme_name
    from years
    join schemes on schemes.scheme_code = years.scheme_code
)

select * from final
order by year
