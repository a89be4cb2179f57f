-- The subordinate cells of one base committee and the level each was rated each year: the
-- cells that stood under it on 31 December of that year (a cell moved to another committee
-- shows under each in its own years).
-- Grain: one row = one subordinate cell × year with a stored result.
-- Parameters: $org (the base committee's code), $from_year, $to_year
-- Columns: year, cell_code, cell_name, org_level, level_rank, founded, ended, successor_code

-- The committee's cells are read by their parent, straight under it or under one of its
-- partial committees: a join of every cell with its parent read 3,2 million cells nationally
-- (0,9 s for one committee's 36).
with partials as (
    select year, org_code
    from org_years
    where org_type = 'partial_committee' and parent_code = $org
        and year between $from_year and $to_year
),

cells as (
    select year, org_code, org_name, founded, ended, successor_code
    from org_years
    where org_type = 'subordinate_cell' and parent_code = $org
        and year between $from_year and $to_year
    union all
    select cell.year, cell.org_code, cell.org_name, cell.founded, cell.ended, cell.successor_code
    from org_years as cell
    join partials on partials.year = cell.year and partials.org_code = cell.parent_code
    where cell.org_type = 'subordinate_cell'
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
