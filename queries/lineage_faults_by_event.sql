-- What is wrong with the organization tree an import would leave, found on the tree derived
-- from it (store/tree.py) in a scratch copy: each fault names the event (or, for the tree as
-- it stands now, the organization) it comes from.
--   from_mismatch   a change whose "before" is not the "after" of the change before it
--   to_not_current  the last change of an attribute leads elsewhere than the catalogue says
--   before_founding an event dated before the organization was founded
--   after_ending    an event dated after the organization ended
--   related_absent  a merge into, or a split from, an organization that did not exist that day
--   parent_absent   a move to a parent that did not exist that day
--   parent_kind     a parent that may not hold the kind (a cell under a base cell …)
--   parent_gone     a parent that ends while the organization still stands under it
--   cycle           an organization among its own parents
-- Grain: one row = one fault of one event (event_date null: of the catalogue's row).
-- Parameters: none
-- Columns: org_code, event_date, event, fault, value

with changes as (
    select
        org_code, event_date, event, from_value, to_value,
        case event when 'moved' then 'parent' when 'changed_kind' then 'kind' else 'name' end
            as attribute
    from lineage_events
    where event in ('moved', 'changed_kind', 'renamed')
),

chained as (
    select
        changes.*,
        lag(to_value) over w as previous_to,
        lead(event_date) over w as next_date
    from changes
    window w as (partition by org_code, attribute order by event_date)
),

from_mismatch as (
    select org_code, event_date, event, 'from_mismatch' as fault, previous_to as value
    from chained
    where previous_to is not null and from_value is distinct from previous_to
),

to_not_current as (
    select
        chained.org_code, chained.event_date, chained.event, 'to_not_current' as fault,
        case chained.attribute when 'parent' then o.parent_code when 'kind' then o.org_type
            else o.org_name end as value
    from chained
    join organizations as o using (org_code)
    where chained.next_date is null
        and chained.to_value is distinct from case chained.attribute
            when 'parent' then o.parent_code when 'kind' then o.org_type else o.org_name end
),

timing as (
    select
        e.org_code, e.event_date, e.event,
        case
            when e.event not in ('founded', 'split_from') and life.founded is not null
                and e.event_date < life.founded then 'before_founding'
            when e.event not in ('merged_into', 'dissolved') and life.ended is not null
                and e.event_date >= life.ended then 'after_ending'
        end as fault,
        strftime(coalesce(case when e.event_date < life.founded then life.founded end,
                          life.ended), '%d/%m/%Y') as value
    from lineage_events as e
    join org_life as life using (org_code)
),

related_absent as (
    select e.org_code, e.event_date, e.event, 'related_absent' as fault, e.related_code as value
    from lineage_events as e
    left join org_life as other on other.org_code = e.related_code
    where e.event in ('merged_into', 'split_from')
        and (other.org_code is null
             or (other.founded is not null and other.founded > e.event_date)
             or (other.ended is not null and other.ended <= e.event_date))
),

parent_absent as (
    select e.org_code, e.event_date, e.event, 'parent_absent' as fault, e.to_value as value
    from lineage_events as e
    left join org_life as parent on parent.org_code = e.to_value
    where e.event = 'moved' and e.to_value is not null and e.to_value <> ''
        and (parent.org_code is null
             or (parent.founded is not null and parent.founded > e.event_date)
             or (parent.ended is not null and parent.ended <= e.event_date))
),

-- a spell and its parent's kind on the day it began
spell_parents as (
    select
        child.org_code, child.valid_from, child.org_type, child.parent_code,
        parent.org_type as parent_type
    from org_spells as child
    left join org_spells as parent
        on parent.org_code = child.parent_code
        and coalesce(parent.valid_from, date '0001-01-01')
            <= coalesce(child.valid_from, date '0001-01-01')
        and (parent.valid_to is null
             or parent.valid_to > coalesce(child.valid_from, date '0001-01-01'))
),

parent_kind as (
    select
        spell_parents.org_code,
        spell_parents.valid_from as event_date,
        (select min(e.event) from lineage_events as e
         where e.org_code = spell_parents.org_code and e.event_date = spell_parents.valid_from
             and e.event in ('moved', 'changed_kind')) as event,
        'parent_kind' as fault,
        spell_parents.parent_code as value
    from spell_parents
    where spell_parents.parent_type is not null
        and not case spell_parents.org_type
            when 'subordinate_cell' then spell_parents.parent_type in ('base_committee',
                                                                      'partial_committee')
            when 'partial_committee' then spell_parents.parent_type = 'base_committee'
            when 'base_committee' then spell_parents.parent_type like '%_committee'
                and spell_parents.parent_type not in ('base_committee', 'partial_committee')
            when 'base_cell' then spell_parents.parent_type like '%_committee'
                and spell_parents.parent_type not in ('base_committee', 'partial_committee')
            else spell_parents.parent_type like '%_committee'
                and spell_parents.parent_type not in ('base_committee', 'partial_committee')
        end
),

parent_gone as (
    select
        child.org_code,
        null::date as event_date,
        null as event,
        'parent_gone' as fault,
        child.parent_code || ' (' || strftime(parent.ended, '%d/%m/%Y') || ')' as value
    from org_spells as child
    join org_life as parent on parent.org_code = child.parent_code
    where parent.ended is not null
        and (child.valid_to is null or child.valid_to > parent.ended)
),

walk as (
    select * from (
        with recursive up (start, day, node, depth) as (
            select org_code, coalesce(valid_from, date '0001-01-01'), parent_code, 1
            from org_spells
            where parent_code is not null
            union all
            select up.start, up.day, s.parent_code, up.depth + 1
            from up
            join org_spells as s
                on s.org_code = up.node
                and coalesce(s.valid_from, date '0001-01-01') <= up.day
                and (s.valid_to is null or s.valid_to > up.day)
            where s.parent_code is not null and up.node <> up.start and up.depth < 16
        )
        select * from up
    )
),

cycle as (
    select distinct
        start as org_code,
        case when day = date '0001-01-01' then null else day end as event_date,
        (select min(e.event) from lineage_events as e
         where e.org_code = walk.start and e.event_date = walk.day and e.event = 'moved')
            as event,
        'cycle' as fault,
        null as value
    from walk
    where node = start
),

final as (
    select * from from_mismatch
    union all select * from to_not_current
    union all select * from timing where fault is not null
    union all select * from related_absent
    union all select * from parent_absent
    union all select * from parent_kind
    union all select * from parent_gone
    union all select * from cycle
)

select org_code, event_date, event, fault, value
from final
order by org_code, event_date nulls first, fault
