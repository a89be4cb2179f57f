"""The server entry: Streamlit's ASGI app running app.py, plus the login and logout routes.

`streamlit run server.py` (what `make run` does) finds ``app`` and serves it with the usual
flags (--server.port, --server.address, …) and routes (/_stcore/health, the pages); AppTest
and the benchmarks still run app.py itself. Login is a form post answered by the server
(auth_routes.py), so the session cookie is HttpOnly and set before the next page loads.
"""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import streamlit as st
from starlette.middleware import Middleware
from streamlit.logger import get_logger

from auth_routes import base_path, routes
from hardening import harden
from plotly_early import EarlyPlotly, plotly_route

# the server's lines in Streamlit's own log (its format, its level: ``--logger.level``)
_LOGGER = get_logger(__name__)


def keep_findings() -> bool:
    """The rule findings kept again if an older version of the code kept those in the
    database (``ingest.keep_stale_findings``: after an upgrade the pages would check the rules
    themselves until the next write). Never raises: a failure is logged, and the pages then
    check the rules themselves, as before. True when they were kept."""
    from xeploai.ingest import keep_stale_findings
    from xeploai.store.database import db_path

    path = db_path()
    try:
        kept = keep_stale_findings(path)
    except Exception:
        _LOGGER.exception("the rule findings of %s could not be kept again", path)
        return False
    if kept:
        _LOGGER.info("the rule findings of %s kept again (kept by another version)", path)
    return kept


@asynccontextmanager
async def lifespan(_app: st.App) -> AsyncIterator[None]:
    """The findings kept beside the first requests (a national file's in about 2 s: its copy
    and its checks); a stop waits for a write in progress rather than leave its copy behind."""
    keeping = asyncio.create_task(asyncio.to_thread(keep_findings))
    try:
        yield
    finally:
        await keeping


harden()  # a client's "clear cache" is dropped, not obeyed for every user
# plotly.js served, and evaluated under the login form and in a signed-in page's head
# (plotly_early.py)
app = st.App(
    "app.py",
    lifespan=lifespan,
    routes=[*routes(), plotly_route(base_path())],
    middleware=[Middleware(EarlyPlotly)],
)
