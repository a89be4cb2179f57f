"""The write handle: the app reads the published database; a write (an import, an undo, a
form) works on a copy that is published whole when it is done (``store.database.writing``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from xeploai.ingest import open_for_write
from xeploai.store.database import Database, db_path

T = TypeVar("T")


def write(fn: Callable[[Database], T]) -> T:
    """Run ``fn`` on a read-write handle of a copy of the database, then publish the copy.

    Nothing is closed under the readers: every other session goes on reading the generation it
    has, and sees the new one at its next run (``ui.data.db`` notices the new file; the caches
    are keyed on it). Writers take turns; raises ``DatabaseLocked`` when another write (this
    app's, another process's, a command line import) does not finish in time.
    """
    with open_for_write(str(db_path())) as handle:
        return fn(handle)
