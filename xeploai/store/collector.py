"""Python's cyclic garbage collector held off while a large piece of work runs in the server.

An export or an import makes hundreds of thousands to millions of objects that all live until
the work is done (a national report's 61.448 items of what needs attention; a national year's
3,2 million rows read, checked and compared), and every collection of the oldest generation
walked them all again: 0,5–0,9 s of the national report's 3 s, 8 s of a national year's dry
run. Reference counting still frees what is let go; the collector runs again when the last of
these pieces of work running ends (the app's sessions are threads of one process), as it was
before the first began.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# The pieces of work running now, and whether the collector ran before the first of them began.
_PAUSED = {"running": 0, "was_enabled": False}
_PAUSED_LOCK = threading.Lock()


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off for the block (nesting and other threads' blocks allowed); back as it
    was when the last block running ends, also after a failure; never turned on if it was off."""
    with _PAUSED_LOCK:
        if _PAUSED["running"] == 0:
            _PAUSED["was_enabled"] = gc.isenabled()
            gc.disable()
        _PAUSED["running"] += 1
    try:
        yield
    finally:
        with _PAUSED_LOCK:
            _PAUSED["running"] -= 1
            if _PAUSED["running"] == 0 and _PAUSED["was_enabled"]:
                gc.enable()
