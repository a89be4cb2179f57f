"""The frame and router: page config once, the explicit page list, the shared filters."""

import streamlit as st

import ui
from xeploai.texts import ANALYSIS, UI

st.set_page_config(page_title=UI["app_title"], page_icon=":material/flag:", layout="wide")

PAGES = [
    # the default page is served at "/" (st.navigation ignores its url_path)
    st.Page("pages/overview.py", title=UI["page_overview"], icon=":material/dashboard:",
            default=True),
    st.Page("pages/trends.py", title=ANALYSIS["page_trends"], icon=":material/trending_up:",
            url_path="xu-huong"),
    st.Page("pages/targets.py", title=ANALYSIS["page_targets"], icon=":material/flag:",
            url_path="chi-tieu"),
    st.Page("pages/exemptions.py", title=ANALYSIS["page_exemptions"],
            icon=":material/elderly:", url_path="mien-sinh-hoat"),
    st.Page("pages/organization.py", title=ANALYSIS["page_organization"],
            icon=":material/account_tree:", url_path="to-chuc"),
    st.Page("pages/explorer.py", title=ANALYSIS["page_explorer"], icon=":material/search:",
            url_path="tra-cuu"),
]

page = st.navigation(PAGES)
ui.db()  # a missing database stops every page here, with the message how to make one
page.run()
