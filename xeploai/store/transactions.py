"""All or nothing: the one place where a transaction is begun, committed or rolled back.

A hand-written ``begin``/``commit``/``rollback`` block is easy to get subtly wrong (a rollback
that masks the error that caused it, a commit skipped on an early return); every writer — an
import, an undo, a migration step, the demo build — goes through this instead. It works on a
raw connection so that the schema's migrations, which run before any ``Database`` exists, share
it; ``Database.transaction()`` is the same thing on the handle's own connection.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb


@contextmanager
def transaction(conn: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Begin; commit when the block ends; roll back and re-raise when anything escapes it.

    The commit stands outside the ``try``: when DuckDB refuses the commit itself it has already
    ended the transaction, and a rollback then would hide the real error behind "no transaction
    is active". A nested call fails loudly (DuckDB has no nested transactions).
    """
    conn.execute("begin transaction")
    try:
        yield conn
    except BaseException:
        # After a failed write (a full disk) DuckDB may have ended the transaction itself: a
        # rollback then fails with "no transaction is active", which must not hide the cause.
        with contextlib.suppress(duckdb.Error):
            conn.execute("rollback")
        raise
    conn.execute("commit")


@contextmanager
def trial(conn: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Begin; always roll back when the block ends: writes made to be read and thrown away (a
    dry run's rows, the rules run over them). Nothing is committed, so nothing is written to
    the file's log: a national year's dry run wrote its three million rows for nothing.
    Only the same connection sees the rows written in the block."""
    conn.execute("begin transaction")
    try:
        yield conn
    finally:
        with contextlib.suppress(duckdb.Error):  # DuckDB may have ended it after an error
            conn.execute("rollback")
