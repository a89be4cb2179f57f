-- Subordinate cells each year: how many existed under the base committees (the catalogue,
-- by years of existence) and how many were rated (a cell founded less than 6 months before
-- is not rated).
-- Grain: one row = one year.
-- Parameters: $from_year, $to_year; filters $sectors, $org_types, $orgs (lists, null = all).
-- Columns: year, total, rated

with filtered as (
    select *
    from filtered_base_org_years($from_year, $to_year, $sectors, $org_types, $orgs)
),

existing_cells as (
    select
        filtered.year,
        count(cells.org_code) as total
    from filtered
    join organizations as cells
        on cells.parent_code = filtered.org_code
        and coalesce(cells.active_from, 0) <= filtered.year
        and filtered.year <= coalesce(cells.active_to, 9999)
    group by filtered.year
),

rated_cells as (
    select year, sum(cells_rated)::bigint as rated
    from filtered
    group by year
),

final as (
    select
        rated_cells.year,
        greatest(coalesce(existing_cells.total, 0), rated_cells.rated)::bigint as total,
        rated_cells.rated
    from rated_cells
    left join existing_cells on existing_cells.year = rated_cells.year
)

select * from final
order by year
