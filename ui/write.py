"""The write handle: the app opens the database read-only; a write (an import, an undo) takes
the file for a moment."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import ui.data
from xeploai.ingest import open_for_write
from xeploai.store.database import Database, db_path

T = TypeVar("T")


def write(fn: Callable[[Database], T]) -> T:
    """Run ``fn`` on a read-write handle of the database, then let readers reopen it.

    DuckDB will not open a file read-write in a process that holds it read-only, so the cached
    read-only handle is closed first; the next ``db()`` opens a fresh one, and the caches, keyed
    on the data version, show the new data without a restart. Raises
    ``DatabaseLocked`` when another process (a command line import) holds the file.
    """
    ui.data.close()
    with open_for_write(str(db_path())) as handle:
        return fn(handle)
