-- Does: marks an import undone; the log keeps it, with the time of the undo.
-- Grain: one row written = one import.
-- Parameters: $import_id
-- Columns: none (DuckDB's count of rows changed)

update import_log
set undone_at = current_timestamp
where import_id = $import_id
