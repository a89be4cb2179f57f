"""The frame and router: page config once, the explicit page list, the shared filters."""

import streamlit as st

import ui
from xeploai.texts import UI

st.set_page_config(page_title=UI["app_title"], page_icon=":material/flag:", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title=UI["page_overview"], icon=":material/dashboard:",
            url_path="tong-quan", default=True),
    st.Page("pages/presentation.py", title=UI["page_presentation"],
            icon=":material/co_present:", url_path="trinh-chieu"),
]

page = st.navigation(PAGES)
ui.db()  # a missing database stops every page here, with the message how to make one
page.run()
