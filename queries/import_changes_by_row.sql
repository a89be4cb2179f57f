-- What one import wrote, last row first (the order an undo restores it in).
-- Grain: one row = one row the import added or changed.
-- Parameters: $import_id
-- Columns: table_name, row_key, old_row, new_row
-- Notes: row_key is the JSON list of the key's values; old_row and new_row are the rows as
--     JSON (old_row null: the import added the row).

with final as (
    select
        seq,
        table_name,
        row_key,
        old_row,
        new_row
    from import_changes
    where import_id = $import_id
)

select table_name, row_key, old_row, new_row from final
order by seq desc
