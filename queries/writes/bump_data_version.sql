-- Does: moves the data version on by one (0 when it is missing or not a number), so that
-- every cache keyed on it shows the new data. Runs inside the transaction that changed it.
-- Grain: one row written = the meta entry data_version.
-- Parameters: none
-- Columns: none (DuckDB's count of rows written)

insert or replace into meta (key, value)
select
    'data_version',
    cast(coalesce(max(try_cast(value as ubigint)), 0) + 1 as varchar)
from meta
where key = 'data_version'
