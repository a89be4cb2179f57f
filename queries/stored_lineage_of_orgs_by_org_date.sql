-- The recorded lineage events of the named organizations, in the columns of the import format:
-- what an import that moves one of them, or changes its kind, finds the change recorded in
-- (a national lineage is 684.000 events; a reorganization names tens of thousands of
-- organizations, each with a few).
-- Grain: one row = one event (organization × day × event).
-- Parameters: $orgs (a list of organization codes)
-- Columns: event_date, event, org_code, related_code, from_value, to_value, decision

with final as (
    select event_date, event, org_code, related_code, from_value, to_value, decision
    from lineage_events
    where list_contains($orgs, org_code)
)

select * from final
order by org_code, event_date, event
