-- What happened to one organization, and to the organizations it merged into or split from
-- it: the recorded lineage events, oldest first, with the names of the others involved.
-- Grain: one row = one event.
-- Parameters: $org
-- Columns: event_date, event, org_code, org_name, related_code, related_name, from_value,
--     to_value, decision

with events as (
    select *
    from lineage_events
    where org_code = $org or related_code = $org
),

related as (  -- the others' names (a left join on the whole catalogue scans it whole)
    select o.org_code, o.org_name
    from organizations as o
    semi join events on o.org_code = events.related_code
),

final as (
    select
        events.event_date,
        events.event,
        events.org_code,
        o.org_name,
        events.related_code,
        related.org_name as related_name,
        events.from_value,
        events.to_value,
        events.decision
    from events
    join organizations as o on o.org_code = events.org_code
    left join related on related.org_code = events.related_code
)

select * from final
order by event_date, org_code, event
