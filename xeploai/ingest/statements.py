"""The import's SQL statements that must be built per table, named, from the allow-list.

Every fixed statement of the import is a file in ``queries/`` (reads) or ``queries/writes/``;
these three are the same statement for each of the tables an import writes, so they are
built here instead of written once a table. Table and column names come only from
``spec.TABLE_COLUMNS`` through ``spec.table_columns``, which raises on any other name; the rows
themselves are never in the SQL text: they come in bulk as an Arrow table registered under
``STAGED`` for the duration of one statement (``staged``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any

import duckdb
import pyarrow as pa

from xeploai.ingest.batch import PackedRows, row_values
from xeploai.ingest.spec import TABLE_KEYS, table_columns
from xeploai.store.database import Database, Query, QueryError

# The relation name under which rows in bulk are registered (also in queries/writes/).
STAGED = "staged_rows"


@contextmanager
def staged(conn: duckdb.DuckDBPyConnection, rows: Any) -> Iterator[None]:
    """Rows (an Arrow table) readable as ``staged_rows`` by the statements of the block; the
    memory they took given back to the system after it (``give_back``)."""
    conn.register(STAGED, rows)
    try:
        yield
    finally:
        conn.unregister(STAGED)
        del rows
        give_back()


def give_back() -> None:
    """Return to the system the memory Arrow's allocator (the C library's: ``store.database``)
    keeps from the tables it freed: it keeps it for its next tables otherwise, and an import
    stages hundreds of megabytes while its checks still hold the rows (a national lineage
    staged: 270 MiB kept, with pyarrow's mimalloc)."""
    pa.default_memory_pool().release_unused()


def as_columns(table: str, rows: Sequence[Mapping[str, Any]]) -> pa.Table:
    """Rows of the table (dicts) as an Arrow table of its columns, to be staged: built column
    by column (twice as fast as from dicts on a national catalogue); a column absent from a row
    is null."""
    return pa.Table.from_pydict({c: [row.get(c) for row in rows] for c in table_columns(table)})


def values_as_columns(table: str, rows: Sequence[tuple[Any, ...]]) -> pa.Table:
    """Rows of the table as tuples of its columns' values, in their order (``PackedRows``), as
    an Arrow table of its columns, as ``as_columns`` makes it of dicts."""
    columns = table_columns(table)
    if not rows:
        return pa.Table.from_pydict({c: [] for c in columns})
    return pa.Table.from_pydict(dict(zip(columns, map(list, zip(*rows, strict=True)), strict=True)))


@cache
def insert_staged(table: str) -> Query:
    """Does: inserts the staged rows into the table. Grain: one row written = one staged row.
    Parameters: none. Reads: every column of the table from ``staged_rows``."""
    columns = ", ".join(table_columns(table))
    return Query.parse(
        f"insert_staged_{table}", f"insert into {table} ({columns}) select {columns} from {STAGED}"
    )


@cache
def delete_staged(table: str) -> Query:
    """Does: deletes the table's rows whose key a staged row holds. Grain: one row deleted =
    one stored row. Parameters: none. Reads: the table's key columns from ``staged_rows``."""
    keys = table_columns(table, TABLE_KEYS.get(table, ()))
    match = " and ".join(f"{table}.{k} = {STAGED}.{k}" for k in keys)
    return Query.parse(
        f"delete_staged_{table}", f"delete from {table} using {STAGED} where {match}"
    )


@cache
def record_staged_changes(table: str) -> Query:
    """Does: keeps, for the undo, every staged change of the table: its key as a JSON list, the
    row before (null when added) and after as JSON objects, made by DuckDB in bulk (a day as
    ISO text, which DuckDB reads back as a date). Grain: one row written = one row the import
    adds or changes. Parameters: $import_id, $table_name. Reads: ``seq``, ``old_row`` and
    ``new_row`` (the rows as structs) from ``staged_rows``."""
    keys = ", ".join(f"new_row.{k}" for k in table_columns(table, TABLE_KEYS.get(table, ())))
    return Query.parse(
        f"record_staged_changes_{table}",
        "insert into import_changes (import_id, seq, table_name, row_key, old_row, new_row) "
        f"select $import_id, seq, $table_name, json_array({keys})::varchar, "
        f"to_json(old_row)::varchar, to_json(new_row)::varchar from {STAGED}",
    )


@cache
def differing_staged(table: str) -> Query:
    """Does: the staged rows of the table that are new or differ from the stored row with the
    same key (a null and a value differ; 1 and 1.0 do not, as in Python). Grain: one row = one
    staged row that the import would add or change. Parameters: none. Reads: every column of
    the table from ``staged_rows``. Columns: the key's columns, whether the row is new, then
    the stored row's columns (nulls when new)."""
    columns = table_columns(table)
    keys = table_columns(table, TABLE_KEYS[table])
    match = " and ".join(f"n.{k} = o.{k}" for k in keys)
    differs = " or ".join(f"n.{c} is distinct from o.{c}" for c in columns if c not in keys)
    chosen = ", ".join(
        [f"n.{k}" for k in keys] + [f"o.{keys[0]} is null"] + [f"o.{c}" for c in columns]
    )
    return Query.parse(
        f"differing_staged_{table}",
        f"select {chosen} from {STAGED} n left join {table} o on {match} "
        f"where o.{keys[0]} is null or {differs or 'false'}",
    )


# The rows compared at once by ``differing``: a national lineage (684.294 events) compared whole
# was the import's peak of memory, its Arrow table and the Python lists it is made from beside
# the rows the checks hold.
DIFFERING_PART = 100_000


def differing(
    db: Database, table: str, rows: PackedRows | Sequence[Mapping[str, Any]]
) -> dict[tuple[Any, ...], dict[str, Any] | None]:
    """Of the table's new rows (packed, or dicts), those that differ from the stored ones, by
    key: the stored row, or None when the row is new. Compared by DuckDB on a cursor of its own
    (a preview reads the app's shared handle), so only the rows that differ come back as Python
    values; in parts of ``DIFFERING_PART`` rows, so that no more of them are in Arrow at once."""
    if not rows:
        return {}
    query = differing_staged(table)
    width = len(TABLE_KEYS[table])
    columns = table_columns(table)
    values = (
        rows.tuples() if isinstance(rows, PackedRows) else [row_values(table, row) for row in rows]
    )
    found: list[tuple[Any, ...]] = []
    try:
        with db.reader() as cur:
            for start in range(0, len(values), DIFFERING_PART):
                part = values[start : start + DIFFERING_PART]
                with staged(cur, values_as_columns(table, part)):
                    found += cur.execute(query.sql).fetchall()
    except duckdb.Error as exc:
        raise QueryError(query.name, exc) from exc
    return {
        tuple(r[:width]): None if r[width] else dict(zip(columns, r[width + 1 :], strict=True))
        for r in found
    }
