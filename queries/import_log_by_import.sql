-- The import log, newest first: what the page's history and the undo offer.
-- Grain: one row = one import (undone ones included, with the time they were undone).
-- Parameters: none
-- Columns: import_id, file_names (JSON list), sha256 (JSON list), imported_at, user_name,
--     counts (JSON: table → added/changed/unchanged), undone_at (null while in force)

with final as (
    select
        import_id,
        file_names,
        sha256,
        imported_at,
        user_name,
        counts,
        undone_at
    from import_log
)

select * from final
order by import_id desc
