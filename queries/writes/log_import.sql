-- Does: opens the log entry of an import, numbered after the last one (undone ones included).
-- Runs inside the import's transaction, so a failed import leaves no entry.
-- Grain: one row written = one import.
-- Parameters: $file_names (JSON list), $sha256 (JSON list), $user_name, $counts (JSON)
-- Columns (returning): import_id

insert into import_log (import_id, file_names, sha256, imported_at, user_name, counts)
select
    coalesce(max(import_id), 0) + 1,
    $file_names,
    $sha256,
    current_timestamp,
    $user_name,
    $counts
from import_log
returning import_id
