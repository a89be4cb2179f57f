"""The security probe's findings (issue 15, item 5) as the pages show them (AppTest).

What a browser left open sees when its session stops being good, and names that must stay
text in charts and in the page's own words. Store and command-line findings are in
tests/integration/test_security.py.
"""

from __future__ import annotations

import base64
import json

import pytest

from tests.pages.test_login import cookies, login_form_shown, open_app, secured
from xeploai.access.users import FREE_FAILURES, AuthStore

__all__ = ["cookies", "secured"]  # the fixtures, shared with the login tests


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


# --- 5.2 every bad token, a removed user, a throttled address: the login form -------------------

@pytest.mark.parametrize("token", [
    # a hand-made JWT with alg=none (the probe's), and one without an expiry
    _b64({"alg": "none", "typ": "JWT"}) + "." + _b64({"sub": "quantri", "role": "admin"}) + ".",
    _b64({"alg": "HS256"}) + "." + _b64({"username": "quantri"}) + ".c2lnbmF0dXJl",
    "quantri", " ", "\u200b", "Bearer x", "a" * 43,
])
def test_a_forged_token_gets_the_login_form_never_an_error(secured: AuthStore,
                                                            cookies: dict[str, str],
                                                            token: str) -> None:
    at = open_app(cookies, token)
    assert not at.exception and len(at.metric) == 0 and login_form_shown(at)


def test_a_removed_users_open_browser_gets_the_login_form(secured: AuthStore,
                                                          cookies: dict[str, str]) -> None:
    _, token = secured.sign_in("bithu.xbd", "mat-khau-xbd")
    at = open_app(cookies, token)
    at.switch_page("views/trends.py").run()  # somewhere in the app, not the first page
    assert not at.exception and at.get("plotly_chart")
    secured.remove_user("bithu.xbd")
    at.run()  # the next click in that browser
    assert not at.exception and login_form_shown(at) and not at.get("plotly_chart")
    assert any("đã kết thúc" in i.value for i in at.info)


def test_a_stranger_hammering_the_admin_leaves_the_admins_browser_working(
        secured: AuthStore, cookies: dict[str, str]) -> None:
    _, token = secured.sign_in("quantri", "demo", source="192.0.2.10")
    at = open_app(cookies, token)
    assert len(at.metric) > 0
    for _ in range(FREE_FAILURES * 3):
        secured.sign_in("quantri", "sai", source="203.0.113.7")
    at.run()
    assert not at.exception and len(at.metric) > 0
    # and a new browser of the admin's signs in
    assert secured.sign_in("quantri", "demo", source="192.0.2.10")[0] == "ok"
