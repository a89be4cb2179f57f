-- The first and the last year that hold a stored result (of a base organization or of a
-- subordinate cell): the years over which an import derives the tree it would leave.
-- Grain: one row = the whole database.
-- Parameters: none
-- Columns: first_year, last_year

with years as (
    select year from org_results
    union all
    select year from cell_results
),

final as (
    select min(year) as first_year, max(year) as last_year
    from years
)

select * from final
