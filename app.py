"""The frame and router: page config once, login, the pages the user may open."""

import streamlit as st

import ui.data
from ui.auth import require_login
from ui.render import FAVICON, page_style
from xeploai.screens.registry import PAGES
from xeploai.texts import UI

st.set_page_config(page_title=UI["app_title"], page_icon=FAVICON, layout="wide")
page_style()

ui.data.db()  # a missing database stops every page here, with the message how to make one
user = require_login()

# st.navigation only offers what the user may open, so a link to another page gives "page not
# found" rather than the page; each page also guards itself.
pages = [
    st.Page(
        spec.file,
        title=spec.title,
        icon=spec.icon,
        default=spec.default,
        url_path=None if spec.default else spec.url_path,
    )
    for spec in PAGES
    if user.can(spec.permission)
]
with ui.data.reading():  # the page drawn from one generation of the data, whatever is written
    st.navigation(pages).run()
