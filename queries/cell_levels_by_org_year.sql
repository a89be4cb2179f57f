-- The subordinate cells of one base committee and the level each was rated each year.
-- Grain: one row = one subordinate cell × year with a stored result.
-- Parameters: $org (the base committee's code), $from_year, $to_year
-- Columns: year, cell_code, cell_name, org_level, level_rank, active_from, active_to,
--     successor_code

with cells as (
    select org_code, org_name, active_from, active_to, successor_code
    from organizations
    where org_type = 'subordinate_cell' and parent_code = $org
),

results as (
    select year, org_code, scheme_code, org_level
    from cell_results
    where year between $from_year and $to_year
),

final as (
    select
        results.year,
        cells.org_code as cell_code,
        cells.org_name as cell_name,
        results.org_level,
        levels.level_rank,
        cells.active_from,
        cells.active_to,
        cells.successor_code
    from results
    join cells on cells.org_code = results.org_code
    left join levels
        on levels.scheme_code = results.scheme_code
        and levels.level_kind = 'org'
        and levels.level_code = results.org_level
)

select * from final
order by year, cell_name, cell_code
