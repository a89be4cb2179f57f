"""The frame and router: page config once, login, the page list by role, the shared filters."""

import streamlit as st

import ui
from ui.auth import require_login
from xeploai.texts import ANALYSIS, IMPORT_PAGE, RULES_PAGE, UI

st.set_page_config(page_title=UI["app_title"], page_icon=":material/flag:", layout="wide")

ui.db()  # a missing database stops every page here, with the message how to make one
user = require_login()

# (page, the permission it needs); st.navigation only offers what the user may open, so a
# link to another page gives "page not found" rather than the page. The page files live in
# views/, not pages/: Streamlit runs the files of a folder named pages/ on their own (without
# this router, hence without login) for the first session after a start.
PAGES = [
    # the default page is served at "/" (st.navigation ignores its url_path)
    (st.Page("views/overview.py", title=UI["page_overview"], icon=":material/dashboard:",
             default=True), "view"),
    (st.Page("views/trends.py", title=ANALYSIS["page_trends"], icon=":material/trending_up:",
             url_path="xu-huong"), "view"),
    (st.Page("views/targets.py", title=ANALYSIS["page_targets"], icon=":material/flag:",
             url_path="chi-tieu"), "view"),
    (st.Page("views/exemptions.py", title=ANALYSIS["page_exemptions"],
             icon=":material/elderly:", url_path="mien-sinh-hoat"), "view"),
    (st.Page("views/organization.py", title=ANALYSIS["page_organization"],
             icon=":material/account_tree:", url_path="to-chuc"), "view"),
    (st.Page("views/explorer.py", title=ANALYSIS["page_explorer"], icon=":material/search:",
             url_path="tra-cuu"), "view"),
    (st.Page("views/rule_checks.py", title=RULES_PAGE["title"], icon=":material/rule:",
             url_path="kiem-tra-quy-tac"), "rules"),
    (st.Page("views/data_import.py", title=IMPORT_PAGE["title"],
             icon=":material/upload_file:", url_path="nhap-du-lieu"), "import"),
    (st.Page("views/presentation.py", title=UI["page_presentation"],
             icon=":material/co_present:", url_path="trinh-chieu"), "view"),
    (st.Page("views/admin.py", title=UI["page_admin"], icon=":material/admin_panel_settings:",
             url_path="quan-tri"), "users"),
]

page = st.navigation([p for p, permission in PAGES if user.can(permission)])
page.run()
