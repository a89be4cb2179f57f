-- Subordinate cells each year: how many stood on 31 December under the base committees counted
-- (directly, or through a partial committee) and how many were rated (a cell founded less than
-- 6 months before is not rated).
-- Grain: one row = one year.
-- Parameters: $scope (a committee's code, null = the database's own superior), $from_year,
--     $to_year; filters $sectors, $org_types, $orgs (lists, null = all).
-- Columns: year, total, rated

with filtered as (
    select *
    from filtered_base_org_years($scope, $from_year, $to_year, $sectors, $org_types, $orgs)
),

-- a cell's base committee: its parent, or its parent's parent when that is a partial committee
cells as (
    select
        cell.year,
        case when parent.org_type = 'partial_committee' then parent.parent_code
            else cell.parent_code end as committee_code
    from org_years as cell
    left join org_years as parent
        on parent.year = cell.year and parent.org_code = cell.parent_code
    where cell.org_type = 'subordinate_cell'
),

existing_cells as (
    select filtered.year, count(*) as total
    from filtered
    join cells on cells.year = filtered.year and cells.committee_code = filtered.org_code
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
