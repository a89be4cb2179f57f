"""What a browser may ask of the server beyond running the pages: less than Streamlit allows.

Streamlit's websocket accepts a ``clear_cache`` message from any client, signed in or not,
and answers it by emptying ``st.cache_data`` and ``st.cache_resource`` for every user (the
shared database handle, the summaries of every year): the probe's anonymous client sent it
in a loop and slowed everyone's year switch from 0,91 to 1,25 s. No setting turns it off
(the menu hides the command, the message still works), so the server drops it: the caches
are keyed on the database's data version and need no clearing by hand.

A file made when its download button is pressed (a list's whole, a conference file) that
cannot be made is answered by Streamlit with "Failed to generate file for download", in
English, under the button. The server says it in Vietnamese instead: the cause's own message
when it is one the product writes for its users (a write refused, a damaged or locked file: the
import's checking process that ended before the press), else what to do.

Applied by server.py when the server starts.
Not in ui/: importing that package loads the cached page helpers.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackendOperationRequest
from streamlit.proto.ForwardMsg_pb2 import BackendOperationResponse
from streamlit.runtime.app_session import AppSession
from streamlit.runtime.backend_operation_handler import DeferredFileHandler
from streamlit.runtime.media_file_manager import MediaFileManager

from xeploai.store.generations import DatabaseDamaged, DatabaseLocked, WriteFailed
from xeploai.texts import UI

_LOGGER = logging.getLogger(__name__)


def _refuse_clear_cache(self: AppSession) -> None:
    _LOGGER.warning("a client asked to clear every cache; refused (hardening.py)")


# Causes whose message is written for the user, in Vietnamese, and said as it is.
SAID_AS_IS = (WriteFailed, DatabaseDamaged, DatabaseLocked)

_streamlits_execute_deferred = MediaFileManager.execute_deferred
_streamlits_deferred_handle = DeferredFileHandler.handle
# A failed file's message by its id: written in the thread that made it, read by the answer.
_said: dict[str, str] = {}
_said_lock = threading.Lock()


def _execute_deferred(self: MediaFileManager, file_id: str) -> str:
    """Streamlit's, the failure's message kept for the answer (Streamlit wraps the cause)."""
    try:
        return _streamlits_execute_deferred(self, file_id)
    except Exception as exc:
        cause = exc.__cause__
        said = str(cause) if isinstance(cause, SAID_AS_IS) else UI["download_failed"]
        with _said_lock:
            _said[file_id] = said
        raise


async def _deferred_handle(
    self: DeferredFileHandler, request: BackendOperationRequest, session_id: str
) -> BackendOperationResponse:
    """Streamlit's answer to a press, its failure said in Vietnamese."""
    response = await _streamlits_deferred_handle(self, request, session_id)
    with _said_lock:
        said = _said.pop(request.deferred_file.file_id, None)
    if response.error_msg:
        response.error_msg = said or UI["download_failed"]
    return response


def harden() -> None:
    """Drop the clear-cache request of any client; say a failed download in Vietnamese;
    idempotent."""
    setattr(AppSession, "_handle_clear_cache_request", _refuse_clear_cache)  # noqa: B010
    setattr(MediaFileManager, "execute_deferred", _execute_deferred)  # noqa: B010
    setattr(DeferredFileHandler, "handle", _deferred_handle)  # noqa: B010


def clear_cache_refused() -> bool:
    handler: Any = getattr(AppSession, "_handle_clear_cache_request", None)
    return handler is _refuse_clear_cache
