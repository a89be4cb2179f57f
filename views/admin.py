"""Quản trị: the users and the audit trail (logins, imports, undos, exports), with filters."""

import datetime as dt

import streamlit as st

from ui import render
from ui.auth import guard, notice, post_button, store
from ui.data import current_path
from xeploai.access.login import BACKUP_NOTICE_COOKIE, BACKUP_PATH
from xeploai.screens import admin
from xeploai.texts import ADMIN, BACKUP

guard("users")
st.title(ADMIN["title"])
users = store()
st.subheader(ADMIN["users"])
users_box = st.container()  # filled once the audit filters below are read
st.caption(ADMIN["users_hint"])

st.subheader(ADMIN["audit"])
left, middle, right = st.columns(3)
who = left.selectbox(
    ADMIN["filter_user"], [None, *(u.username for u in users.users())], format_func=admin.user_label
)
what = middle.selectbox(
    ADMIN["filter_action"], [None, *admin.ACTIONS], format_func=admin.action_label
)
since = right.date_input(ADMIN["filter_since"], dt.date.today() - dt.timedelta(days=30))
screen = admin.build(users, who, what, dt.datetime.combine(since, dt.time()))
with users_box:
    render.table(screen.users)
if screen.audit is None:
    st.info(ADMIN["no_rows"])
else:
    render.table(screen.audit)

st.subheader(BACKUP["admin_heading"])
status = admin.backup_status(current_path())
(st.info if status.ok else st.warning)(status.text)
failed = notice(BACKUP_NOTICE_COOKIE)  # the route sent the admin back: the backup failed
if failed:
    st.error(failed, icon=":material/error:")
# posted to the server's own route, which streams the archive from disk (as big as the
# database: 960 MiB nationally, held whole in the server's memory by a download button)
post_button(BACKUP_PATH, BACKUP["admin_download"])
