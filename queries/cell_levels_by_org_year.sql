-- The subordinate cells of one base committee and the level each was rated each year: the
-- cells that stood under it on 31 December of that year (a cell moved to another committee
-- shows under each in its own years).
-- Grain: one row = one subordinate cell × year with a stored result.
-- Parameters: $org (the base committee's code), $from_year, $to_year
-- Columns: year, cell_code, cell_name, org_level, level_rank, founded, ended, successor_code

with cells as (
    select cell.year, cell.org_code, cell.org_name, cell.founded, cell.ended, cell.successor_code
    from org_years as cell
    left join org_years as parent
        on parent.year = cell.year and parent.org_code = cell.parent_code
    where cell.org_type = 'subordinate_cell'
        and (cell.parent_code = $org
             or (parent.org_type = 'partial_committee' and parent.parent_code = $org))
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
        cells.founded,
        cells.ended,
        cells.successor_code
    from results
    join cells on cells.org_code = results.org_code and cells.year = results.year
    left join levels
        on levels.scheme_code = results.scheme_code
        and levels.level_kind = 'org'
        and levels.level_code = results.org_level
)

select * from final
order by year, cell_name, cell_code
