-- Does: deletes the lineage events of an organization the catalogue does not hold, or that
-- name one it does not hold (an import's scratch tree: the organizations whose own row the
-- file breaks stay out, and with them their events).
-- Grain: one row deleted = one event.
-- Parameters: none
-- Columns: none (DuckDB's count of rows changed)

delete from lineage_events
where org_code not in (select org_code from organizations)
    or (related_code is not null
        and related_code not in (select org_code from organizations))
