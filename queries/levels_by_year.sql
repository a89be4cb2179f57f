-- The classification each year of base organizations, subordinate cells and members, by
-- level. Every level of the scheme in force that year is listed, with zero counts.
-- Grain: one row = one year × subject × level.
-- Parameters: $scope (a committee's code, null = the database's own superior), $from_year,
--     $to_year; filters $sectors, $org_types, $orgs (lists, null = all).
-- Columns: year, scheme_code, subject, level_code, level_rank, n

with filtered as (
    select *
    from filtered_year_counts($scope, $from_year, $to_year, $sectors, $org_types, $orgs)
),

years as (
    select distinct year, scheme_code
    from filtered
),

scheme_levels as (
    select
        years.year,
        years.scheme_code,
        subjects.subject,
        levels.level_code,
        levels.level_rank
    from years
    join levels on levels.scheme_code = years.scheme_code
    join (
        values ('base_orgs', 'org'), ('subordinate_cells', 'org'), ('members', 'member')
    ) as subjects (subject, level_kind) on subjects.level_kind = levels.level_kind
),

yearly_sums as (
    select
        year,
        sum(org_level_tsvm) as orgs_TSVM,
        sum(org_level_htxsnv) as orgs_HTXSNV,
        sum(org_level_httnv) as orgs_HTTNV,
        sum(org_level_htnv) as orgs_HTNV,
        sum(org_level_khtnv) as orgs_KHTNV,
        sum(org_level_yk) as orgs_YK,
        sum(cells_tsvm) as cells_TSVM,
        sum(cells_htxsnv) as cells_HTXSNV,
        sum(cells_httnv) as cells_HTTNV,
        sum(cells_htnv) as cells_HTNV,
        sum(cells_khtnv) as cells_KHTNV,
        sum(cells_yk) as cells_YK,
        sum(members_htxsnv) as members_HTXSNV,
        sum(members_httnv) as members_HTTNV,
        sum(members_htnv) as members_HTNV,
        sum(members_khtnv) as members_KHTNV
    from filtered
    group by year
),

sum_counts as (
    select
        year,
        case
            when name like 'orgs_%' then 'base_orgs'
            when name like 'cells_%' then 'subordinate_cells'
            else 'members'
        end as subject,
        regexp_extract(name, '_(\w+)$', 1) as level_code,
        value as n
    from (unpivot yearly_sums on columns(* exclude (year)) into name name value value)
),

counts as (
    select * from sum_counts
),

final as (
    select
        scheme_levels.year,
        scheme_levels.scheme_code,
        scheme_levels.subject,
        scheme_levels.level_code,
        scheme_levels.level_rank,
        coalesce(counts.n, 0)::bigint as n
    from scheme_levels
    left join counts
        on counts.year = scheme_levels.year
        and counts.subject = scheme_levels.subject
        and counts.level_code = scheme_levels.level_code
)

select * from final
order by year, subject, level_rank
