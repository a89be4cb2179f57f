"""The write handle: the app reads the published database; a write (an import, an undo, a
form) works on a copy that is published whole when it is done (``store.database.writing``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import streamlit as st

from xeploai.ingest import DryRun, Written, open_for_write
from xeploai.store.database import Database, DatabaseDamaged, DatabaseMissing, WriteFailed, db_path
from xeploai.texts import UI

T = TypeVar("T")

# How long an editor's write waits for another write (another editor's, a command line import)
# before the page says the database is busy: long enough for a form's write to pass, short
# enough that a click is answered.
APP_WRITE_WAIT = 5.0


def write(fn: Callable[[Database], T]) -> T:
    """Run ``fn`` on a read-write handle of a copy of the database, then publish the copy.

    Nothing is closed under the readers: every other session goes on reading the generation it
    has, and sees the new one at its next run (``ui.data.db`` notices the new file; the caches
    are keyed on it). Raises ``DatabaseLocked`` when another write does not finish within
    ``APP_WRITE_WAIT`` seconds (the page says so in its words). A missing database is never
    created by a write, and a full disk, a folder the app may not write or a damaged file stop
    the page with the Vietnamese message that names the cause; the data is unchanged.
    """
    path = db_path()
    with _said(path), open_for_write(str(path), wait=APP_WRITE_WAIT) as handle:
        return fn(handle)


def committed(dry_run: DryRun, user: str) -> Written:
    """The import of the batch ``dry_run`` checked, as ``write`` makes a write (the same wait,
    the same messages), wherever the dry run was made (``ingest.dry_run``: in a process of its
    own for large files or a large database, which writes and publishes the copy itself)."""
    path = db_path()
    with _said(path):
        return dry_run.commit(str(path), user, APP_WRITE_WAIT)


@contextmanager
def _said(path: Path) -> Iterator[None]:
    """A write's failures the page stops on, each with the Vietnamese message of its cause."""
    try:
        yield
    except DatabaseMissing:
        st.error(UI["db_missing"].format(path=path))
        st.stop()
        raise  # st.stop() raises; this line is for type checkers
    except (WriteFailed, DatabaseDamaged) as exc:
        st.error(str(exc), icon=":material/error:")
        st.stop()
        raise
