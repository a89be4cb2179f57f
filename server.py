"""The server entry: Streamlit's ASGI app running app.py, plus the login and logout routes.

`streamlit run server.py` (what `make run` does) finds ``app`` and serves it with the usual
flags (--server.port, --server.address, …) and routes (/_stcore/health, the pages); AppTest
and the benchmarks still run app.py itself. Login is a form post answered by the server
(auth_routes.py), so the session cookie is HttpOnly and set before the next page loads.
"""

import streamlit as st
from starlette.middleware import Middleware

from auth_routes import base_path, routes
from hardening import harden
from plotly_early import EarlyPlotly, plotly_route

harden()  # a client's "clear cache" is dropped, not obeyed for every user
# plotly.js served, and evaluated under the login form and in a signed-in page's head
# (plotly_early.py)
app = st.App(
    "app.py",
    routes=[*routes(), plotly_route(base_path())],
    middleware=[Middleware(EarlyPlotly)],
)
