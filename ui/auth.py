"""Login, logout and the signed-in user, for every page (issue 7).

The session is the server's: signing in and out are form posts to the routes in
``auth_routes.py`` (served beside Streamlit by ``server.py``), which set or clear an HttpOnly
cookie holding a random session id. This module only reads that cookie, from the request
that opened the session (``st.context.cookies``), and asks the auth store whose session it is
on every run, so a session ended elsewhere (logout, new password, user removed, expiry) stops
at the next interaction. No component in the page has to run for anyone to be signed in.

Around that: users from our store, the Vietnamese form, the wait after repeated failures
from one address (counted in the store, across sessions and reloads), the audit trail, and
the defence-in-depth checks the pages call (``guard``, ``current_user``).
"""

from __future__ import annotations

import html
from datetime import timedelta
from urllib.parse import urlencode, urlsplit

import streamlit as st

from xeploai.access.login import (
    LOGIN_PATH,
    LOGOUT_PATH,
    NOTICE_COOKIE,
    NOTICES,
    SESSION_COOKIE,
    auth_disabled,
    url_prefix,
)
from xeploai.access.users import ADMIN_OFF, MAX_WAIT, NOBODY, AuthStore, User, auth_store
from xeploai.domain.plain import markdown_text
from xeploai.store.database import db_path
from xeploai.texts import AUTH, ROLE_LABELS


def store() -> AuthStore:
    return auth_store(db_path())


def base_path() -> str:
    """The URL prefix the app is served under ('' at the root; server.baseUrlPath)."""
    return url_prefix(st.get_option("server.baseUrlPath"))


def _cookie(name: str) -> str | None:
    """A cookie of the request that opened this session (None outside a browser session)."""
    value = st.context.cookies.get(name)
    return value if isinstance(value, str) else None


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
    token = _cookie(SESSION_COOKIE)
    user = users.session_user(token)
    if user is None:
        st.session_state.pop("_user", None)
        _login_form(users, had_session=token is not None)
        st.stop()
    st.session_state["_user"] = user
    with st.sidebar:
        st.markdown(
            AUTH["signed_in_as"].format(
                name=markdown_text(user.display_name), role=ROLE_LABELS[user.role]
            )
        )
        post_button(LOGOUT_PATH, AUTH["logout"])
        # said to the one signed in, beside their name: not a banner over every page's figures
        if users.demo_accounts_active():
            st.warning(AUTH["demo_accounts"], icon=":material/key:")
    return user


def notice(cookie: str) -> str | None:
    """What the post this browser just came back from left to say (``login.Notices``), under
    the cookie of its kind: read once per notice, kept by this session for its reruns."""
    key = _cookie(cookie)
    if key is None:
        return None
    seen: dict[str, str | None] = st.session_state.setdefault("_post_notices", {})
    if key not in seen:
        seen[key] = NOTICES.take(key)
    return seen[key]


def _here() -> str:
    """This page's path and query, for the form to come back to after signing in."""
    path = urlsplit(st.context.url or "").path or "/"
    query = urlencode(
        [(name, value) for name in st.query_params for value in st.query_params.get_all(name)]
    )
    return f"{path}?{query}" if query else path


def _login_form(users: AuthStore, *, had_session: bool) -> None:
    if users.demo_accounts_active():
        st.info(AUTH["demo_accounts"], icon=":material/key:")
    refused = notice(NOTICE_COOKIE)  # why this browser's last login was refused, if it just was
    if refused == "locked":
        st.error(AUTH["locked"].format(minutes=int(MAX_WAIT / timedelta(minutes=1))))
    elif refused == "failed":
        st.error(AUTH["login_failed"])
    elif had_session:
        st.info(AUTH["session_ended"])
    st.subheader(AUTH["login_title"])
    st.html(
        _LOGIN_FORM.format(
            action=html.escape(base_path() + LOGIN_PATH),
            next=html.escape(_here()),
            username=html.escape(AUTH["username"]),
            password=html.escape(AUTH["password"]),
            button=html.escape(AUTH["login_button"]),
        )
    )


# A plain HTML form (no script, so st.html draws it in the page itself, not in an iframe):
# the browser posts it to the login route and follows the redirect.
_LOGIN_FORM = """
<form class="xeploai-login" method="post" action="{action}">
  <input type="hidden" name="next" value="{next}">
  <label for="xeploai-username">{username}</label>
  <input id="xeploai-username" name="username" type="text" autocomplete="username"
         autocapitalize="none" spellcheck="false" required>
  <label for="xeploai-password">{password}</label>
  <input id="xeploai-password" name="password" type="password"
         autocomplete="current-password" required>
  <button type="submit">{button}</button>
</form>
<style>
  .xeploai-login {{ display: flex; flex-direction: column; gap: .4rem; max-width: 26rem; }}
  .xeploai-login label {{ font-size: .875rem; }}
  .xeploai-login input {{ font: inherit; padding: .5rem .75rem; border-radius: .5rem;
    border: 1px solid rgba(151, 166, 195, .4); background: rgba(151, 166, 195, .15);
    color: inherit; }}
  .xeploai-login input:focus {{ outline: 2px solid #ff4b4b; outline-offset: -1px; }}
  .xeploai-login button {{ align-self: flex-start; margin-top: .75rem; font: inherit;
    cursor: pointer; padding: .4rem .9rem; border-radius: .5rem; border: 1px solid #ff4b4b;
    background: #ff4b4b; color: #fff; }}
</style>
"""


def post_button(path: str, label: str) -> None:
    """A button that posts to one of the server's own routes (auth_routes.py: ``path`` under
    the app's prefix), as a plain form: signing out, the admin's backup."""
    st.html(_POST_FORM.format(action=html.escape(base_path() + path), label=html.escape(label)))


_POST_FORM = """
<form class="xeploai-post" method="post" action="{action}">
  <button type="submit">{label}</button>
</form>
<style>
  .xeploai-post button {{ font: inherit; cursor: pointer; padding: .4rem .9rem;
    border-radius: .5rem; background: transparent; color: inherit;
    border: 1px solid rgba(49, 51, 63, .2); }}
  .xeploai-post button:hover {{ border-color: #ff4b4b; color: #ff4b4b; }}
</style>
"""
