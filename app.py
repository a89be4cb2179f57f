"""The frame and router: page config once, the explicit page list, the shared filters."""

import streamlit as st

import ui
from xeploai.texts import IMPORT_PAGE, RULES_PAGE, UI

st.set_page_config(page_title=UI["app_title"], page_icon=":material/flag:", layout="wide")

PAGES = [
    # the default page is served at "/" (st.navigation ignores its url_path)
    st.Page("pages/overview.py", title=UI["page_overview"], icon=":material/dashboard:",
            default=True),
    # url paths are the file names: a shared link is then found before st.navigation has run
    # (a different url_path shows "Page not found" over the right page on a direct link)
    st.Page("pages/rule_checks.py", title=RULES_PAGE["title"], icon=":material/rule:"),
    st.Page("pages/data_import.py", title=IMPORT_PAGE["title"], icon=":material/upload_file:"),
]

page = st.navigation(PAGES)
ui.db()  # a missing database stops every page here, with the message how to make one
page.run()
