-- Year-to-year like for like: for each base organization a committee directs in $year, the
-- base organization it was, or was part of, the year before — itself; the base committee it
-- was a subordinate cell of; the organization it split from — and the organizations of the year
-- before that merged into one of them during $year. Counted over the same units, a change is a
-- change of the same members, not of the set.
-- Grain: one row = one base organization of the year before that the year's set continues.
-- Parameters: $scope (null = the database's own superior), $year
-- Columns: org_code, how

with now as (
    select org_code
    from scope_orgs
    where year = $year and scope_code = scope_or_own($scope)
),

before as (
    select org_code, org_type, parent_code
    from org_years
    where year = $year - 1
),

-- the committee a subordinate cell stood under (through a partial committee)
committee_before as (
    select
        cell.org_code,
        case when parent.org_type = 'partial_committee' then parent.parent_code
            else cell.parent_code end as committee_code
    from before as cell
    left join before as parent on parent.org_code = cell.parent_code
    where cell.org_type = 'subordinate_cell'
),

split as (
    select org_code, related_code
    from lineage_events
    where event = 'split_from' and year(event_date) = $year
),

units as (
    select now.org_code as unit, 'same' as how
    from now
    join before on before.org_code = now.org_code
        and before.org_type in ('base_committee', 'base_cell')
    union all
    select committee_before.committee_code, 'became_base'
    from now
    join committee_before using (org_code)
    union all
    select split.related_code, 'split'
    from now
    join split using (org_code)
    union all
    select e.org_code, 'merged'
    from lineage_events as e
    join now on now.org_code = e.related_code
    where e.event = 'merged_into' and year(e.event_date) = $year
),

final as (
    select units.unit as org_code, min(units.how) as how
    from units
    join before on before.org_code = units.unit
        and before.org_type in ('base_committee', 'base_cell')
    group by units.unit
)

select * from final
order by org_code
