"""What a browser may ask of the server beyond running the pages: less than Streamlit allows.

Streamlit's websocket accepts a ``clear_cache`` message from any client, signed in or not,
and answers it by emptying ``st.cache_data`` and ``st.cache_resource`` for every user (the
shared database handle, the summaries of every year): the probe's anonymous client sent it
in a loop and slowed everyone's year switch from 0,91 to 1,25 s. No setting turns it off
(the menu hides the command, the message still works), so the server drops it: the caches
are keyed on the database's data version and need no clearing by hand.

Applied by server.py when the server starts.
Not in ui/: importing that package loads the cached page helpers.
"""

from __future__ import annotations

import logging
from typing import Any

from streamlit.runtime.app_session import AppSession

_LOGGER = logging.getLogger(__name__)


def _refuse_clear_cache(self: AppSession) -> None:
    _LOGGER.warning("a client asked to clear every cache; refused (hardening.py)")


def harden() -> None:
    """Drop the clear-cache request of any client; idempotent."""
    setattr(AppSession, "_handle_clear_cache_request", _refuse_clear_cache)  # noqa: B010


def clear_cache_refused() -> bool:
    handler: Any = getattr(AppSession, "_handle_clear_cache_request", None)
    return handler is _refuse_clear_cache
