"""The frame and router: page config once, login, the page list by role, the shared filters."""

import streamlit as st

import ui
from ui.auth import require_login
from xeploai.texts import ANALYSIS, IMPORT_PAGE, RULES_PAGE, UI

st.set_page_config(page_title=UI["app_title"], page_icon=":material/flag:", layout="wide")

ui.db()  # a missing database stops every page here, with the message how to make one
user = require_login()

# (page, the permission it needs); st.navigation only offers what the user may open, so a
# link to another page gives "page not found" rather than the page.
PAGES = [
    # the default page is served at "/" (st.navigation ignores its url_path)
    (st.Page("pages/overview.py", title=UI["page_overview"], icon=":material/dashboard:",
             default=True), "view"),
    (st.Page("pages/trends.py", title=ANALYSIS["page_trends"], icon=":material/trending_up:",
             url_path="xu-huong"), "view"),
    (st.Page("pages/targets.py", title=ANALYSIS["page_targets"], icon=":material/flag:",
             url_path="chi-tieu"), "view"),
    (st.Page("pages/exemptions.py", title=ANALYSIS["page_exemptions"],
             icon=":material/elderly:", url_path="mien-sinh-hoat"), "view"),
    (st.Page("pages/organization.py", title=ANALYSIS["page_organization"],
             icon=":material/account_tree:", url_path="to-chuc"), "view"),
    (st.Page("pages/explorer.py", title=ANALYSIS["page_explorer"], icon=":material/search:",
             url_path="tra-cuu"), "view"),
    # url paths are the file names: a shared link is then found before st.navigation has run
    # (a different url_path shows "Page not found" over the right page on a direct link)
    (st.Page("pages/rule_checks.py", title=RULES_PAGE["title"], icon=":material/rule:"),
     "rules"),
    (st.Page("pages/data_import.py", title=IMPORT_PAGE["title"],
             icon=":material/upload_file:"), "import"),
    (st.Page("pages/presentation.py", title=UI["page_presentation"],
             icon=":material/co_present:"), "view"),
    (st.Page("pages/admin.py", title=UI["page_admin"], icon=":material/admin_panel_settings:",
             url_path="quan-tri"), "users"),
]

page = st.navigation([p for p, permission in PAGES if user.can(permission)])
page.run()
