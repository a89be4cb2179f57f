-- The import log, newest first: what the page's history and the undo offer.
-- Grain: one row = one import (undone ones included, with the time they were undone).
-- Parameters: none
-- Columns: import_id, file_names, sha256, imported_at, user_name, counts, undone_at
-- Notes: file_names and sha256 are JSON lists; counts is JSON (table → added, changed,
--     unchanged); undone_at is null while the import is in force.

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
