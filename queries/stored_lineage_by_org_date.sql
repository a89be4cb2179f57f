-- Every recorded lineage event, in the columns of the import format: what an import checks the
-- file's events with and compares them against, and what the data export writes back.
-- Grain: one row = one event (organization × day × event).
-- Parameters: none
-- Columns: event_date, event, org_code, related_code, from_value, to_value, decision

with final as (
    select event_date, event, org_code, related_code, from_value, to_value, decision
    from lineage_events
)

select * from final
order by event_date, org_code, event
