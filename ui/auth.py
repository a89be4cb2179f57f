"""Login, logout and the signed-in user, for every page (issue 7).

streamlit-authenticator does the session work that is easy to get wrong: it checks the bcrypt
hash, keeps the signed-in state and sets a signed (JWT) cookie that expires, so a reload does
not ask for the password again until then, and logout clears both. Around it, this module adds
what the library does not know: users from our store, the Vietnamese form, the lock after
repeated failures (counted in the store, so across sessions and reloads), and the audit trail.
"""

from __future__ import annotations

import os
from datetime import timedelta

import streamlit as st
import streamlit_authenticator as stauth

from xeploai.access.users import ADMIN_OFF, FAILURE_WINDOW, NOBODY, AuthStore, User, auth_path
from xeploai.store.database import db_path
from xeploai.texts import AUTH, ROLE_LABELS

SESSION_HOURS = 8
COOKIE = "xeploai_session"


def auth_disabled() -> bool:
    """Only the exact value XEPLOAI_AUTH=off turns login off."""
    return os.environ.get("XEPLOAI_AUTH") == "off"


@st.cache_resource(show_spinner=False)
def _store(path: str) -> AuthStore:
    return AuthStore(path)


def store() -> AuthStore:
    return _store(str(auth_path(db_path())))


def _authenticator(users: AuthStore) -> stauth.Authenticate:
    return stauth.Authenticate(
        users.credentials(), COOKIE, users.cookie_key(),
        cookie_expiry_days=SESSION_HOURS / 24, auto_hash=False,
    )


def current_user() -> User:
    """The signed-in user; call after ``require_login``.

    With nobody signed in (a page reached without the router), the answer is a user who may
    see nothing: scoped to no organization, never the administrator.
    """
    user = st.session_state.get("_user")
    if isinstance(user, User):
        return user
    return ADMIN_OFF if auth_disabled() else NOBODY


def guard(permission: str) -> User:
    """First line of a page that needs more than viewing: stop unless the user may.

    app.py already offers each user only the pages they may open; this second check keeps a
    page closed even when it is reached another way (a test harness, a future router).
    """
    user = st.session_state.get("_user")
    if not isinstance(user, User) or not user.can(permission):
        st.error(AUTH["forbidden"])
        st.stop()
    return user


def require_login() -> User:
    """Return the signed-in user, or draw the login form and stop the page."""
    if auth_disabled():
        st.error(AUTH["auth_off"], icon=":material/lock_open:")
        st.session_state["_user"] = ADMIN_OFF
        return ADMIN_OFF
    users = store()
    if not users.has_users():
        st.error(AUTH["no_users_yet"])
        st.stop()
    authenticator = _authenticator(users)
    if not st.session_state.get("authentication_status"):
        token = authenticator.cookie_controller.get_cookie()
        if token:
            authenticator.authentication_controller.login(token=token)
    name = st.session_state.get("username")
    user = users.get(name) if st.session_state.get("authentication_status") and name else None
    if user is None:
        user = _login_form(users, authenticator)
        if user is None:
            st.stop()
    st.session_state["_user"] = user
    with st.sidebar:
        st.markdown(AUTH["signed_in_as"].format(name=user.display_name,
                                                role=ROLE_LABELS[user.role]))
        logged_out = st.button(AUTH["logout"], key="xeploai_logout", icon=":material/logout:")
    if logged_out:
        users.record("logout", user.username)
        # the cookie is deleted by a component in this run's output: draw the form in this
        # same run rather than rerunning, so the deletion reaches the browser
        authenticator.logout(location="unrendered")
        st.session_state.pop("_user", None)
        _login_form(users, authenticator)
        st.stop()
    if users.demo_accounts_active():
        st.warning(AUTH["demo_accounts"], icon=":material/key:")
    return user


def _login_form(users: AuthStore, authenticator: stauth.Authenticate) -> User | None:
    """The form; the user when this run's submission signed in, else None."""
    if users.demo_accounts_active():
        st.info(AUTH["demo_accounts"], icon=":material/key:")
    form = st.empty()
    with form.form("login"):
        st.subheader(AUTH["login_title"])
        username = st.text_input(AUTH["username"], autocomplete="username")
        password = st.text_input(AUTH["password"], type="password",
                                 autocomplete="current-password")
        submitted = st.form_submit_button(AUTH["login_button"], type="primary")
    if not submitted:
        return None
    name = username.strip().lower()
    if users.is_locked(name):
        users.record("login", name, success=False, detail="locked")
        minutes = int(FAILURE_WINDOW / timedelta(minutes=1))
        st.error(AUTH["locked"].format(minutes=minutes))
        return None
    user = users.get(name)
    if user and password and authenticator.authentication_controller.login(name, password):
        users.record("login", name)
        # the cookie is set by a component in this run's output, so the page goes on drawing
        # instead of rerunning (a rerun would drop the component before it reaches the browser)
        authenticator.cookie_controller.set_cookie()
        form.empty()
        return user
    users.record("login", name or None, success=False)
    st.session_state["authentication_status"] = None
    st.error(AUTH["login_failed"])
    return None
