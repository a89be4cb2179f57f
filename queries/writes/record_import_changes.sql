-- Does: keeps, for the undo, every row an import adds or changes: the row before (null when
-- added) and after, as JSON. Reads the relation staged_rows, registered by the caller.
-- Grain: one row written = one row the import adds or changes.
-- Parameters: $import_id
-- Columns: none (DuckDB's count of rows written)

insert into import_changes (import_id, seq, table_name, row_key, old_row, new_row)
select
    $import_id,
    seq,
    table_name,
    row_key,
    old_row,
    new_row
from staged_rows
