"""Quản trị: the users and the audit trail (logins, imports, undos, exports), with filters."""

import datetime as dt

import streamlit as st

from ui.auth import guard, store
from xeploai.screens.admin import ACTIONS, audit_table, users_table
from xeploai.texts import ADMIN

guard("users")
st.title(ADMIN["title"])
users = store()

st.subheader(ADMIN["users"])
st.dataframe(users_table(users.users()), hide_index=True)
st.caption(ADMIN["users_hint"])

st.subheader(ADMIN["audit"])
left, middle, right = st.columns(3)
who = left.selectbox(ADMIN["filter_user"], [None, *[u.username for u in users.users()]],
                     format_func=lambda v: ADMIN["all"] if v is None else v)
what = middle.selectbox(ADMIN["filter_action"], [None, *ACTIONS],
                        format_func=lambda v: ADMIN["all"] if v is None else ACTIONS[v])
since = right.date_input(ADMIN["filter_since"], dt.date.today() - dt.timedelta(days=30))
rows = users.audit_rows(username=who, action=what,
                        since=dt.datetime.combine(since, dt.time()))
if rows:
    st.dataframe(audit_table(rows), hide_index=True)
else:
    st.info(ADMIN["no_rows"])
