"""The security probe's findings (issue 15, item 5) as the pages show them (AppTest).

What a browser left open sees when its session stops being good, and names that must stay
text in charts and in the page's own words. Store and command-line findings are in
tests/integration/test_security.py.
"""

from __future__ import annotations

import base64
import html
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.pages.helpers import charts, open_page, texts
from tests.pages.test_login import cookies, login_form_shown, open_app, secured
from xeploai.access.users import FREE_FAILURES, AuthStore
from xeploai.charts.base import take_title
from xeploai.domain.plain import markdown_text
from xeploai.exports.figures import Box, chart_plot
from xeploai.exports.story import Chart, Series

__all__ = ["cookies", "secured"]  # the fixtures, shared with the login tests


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


# --- 5.2 every bad token, a removed user, a throttled address: the login form -------------------


@pytest.mark.parametrize(
    "token",
    [
        # a hand-made JWT with alg=none (the probe's), and one without an expiry
        _b64({"alg": "none", "typ": "JWT"}) + "." + _b64({"sub": "quantri", "role": "admin"}) + ".",
        _b64({"alg": "HS256"}) + "." + _b64({"username": "quantri"}) + ".c2lnbmF0dXJl",
        "quantri",
        " ",
        "\u200b",
        "Bearer x",
        "a" * 43,
    ],
)
def test_a_forged_token_gets_the_login_form_never_an_error(
    secured: AuthStore, cookies: dict[str, str], token: str
) -> None:
    at = open_app(cookies, token)
    assert not at.exception and len(at.metric) == 0 and login_form_shown(at)


def test_a_removed_users_open_browser_gets_the_login_form(
    secured: AuthStore, cookies: dict[str, str]
) -> None:
    _, token = secured.sign_in("bithu.xbd", "mat-khau-xbd")
    at = open_app(cookies, token)
    at.switch_page("views/trends.py").run()  # somewhere in the app, not the first page
    assert not at.exception and charts(at)
    secured.remove_user("bithu.xbd")
    at.run()  # the next click in that browser
    assert not at.exception and login_form_shown(at) and not charts(at)
    assert any("đã kết thúc" in i.value for i in at.info)


def test_a_stranger_hammering_the_admin_leaves_the_admins_browser_working(
    secured: AuthStore, cookies: dict[str, str]
) -> None:
    _, token = secured.sign_in("quantri", "demo", source="192.0.2.10")
    at = open_app(cookies, token)
    assert len(at.metric) > 0
    for _ in range(FREE_FAILURES * 3):
        secured.sign_in("quantri", "sai", source="203.0.113.7")
    at.run()
    assert not at.exception and len(at.metric) > 0
    # and a new browser of the admin's signs in
    assert secured.sign_in("quantri", "demo", source="192.0.2.10")[0] == "ok"


# --- 5.4 names are text in charts and on the page ---------------------------------------------

LINK = '<a href="https://evil.example/login">Đăng nhập lại</a>'
MD_LINK = "[Đăng nhập lại](https://evil.example/login)"
# the names given to the five weakest base organizations of 2024 (they are charted)
MARKUP_NAMES = (
    LINK,
    MD_LINK,
    "<b>Chi bộ</b> :material/home: $x$",
    "*Chi bộ* _A_",
    "<span style='font-size:90px'>To</span>",
)


@pytest.fixture(scope="module")
def markup_db_path(
    demo_db_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, list[str]]:
    """The demo with every organization renamed to one of MARKUP_NAMES and its code; returns
    the path and, for each of MARKUP_NAMES, a base organization of 2024 that carries it."""
    path = tmp_path_factory.mktemp("markup") / "markup.duckdb"
    shutil.copy(demo_db_path, path)
    with duckdb.connect(path) as conn:
        codes = [
            code
            for (code,) in conn.execute(
                "select org_code from organizations order by org_code"
            ).fetchall()
        ]
        names = {
            code: f"{MARKUP_NAMES[i % len(MARKUP_NAMES)]} {code}" for i, code in enumerate(codes)
        }
        for table in (
            "organizations",
            "org_spells",
            "org_years",
            "base_org_facts",
            "own_catalogue",
        ):
            conn.executemany(
                f"update {table} set org_name = ? where org_code = ?",
                [[name, code] for code, name in names.items()],
            )
        conn.executemany(  # the committees, as the scope picker names them
            "update committee_years set scope_name = ? where scope_code = ?",
            [[name, code] for code, name in names.items()],
        )
        based = {
            code
            for (code,) in conn.execute(
                "select org_code from base_org_rows where year = 2024"
            ).fetchall()
        }
    chosen = [next(c for c in codes if c in based and names[c].startswith(m)) for m in MARKUP_NAMES]
    return path, chosen


@pytest.fixture
def markup_app(
    markup_db_path: tuple[Path, list[str]], monkeypatch: pytest.MonkeyPatch
) -> list[str]:
    monkeypatch.setenv("XEPLOAI_DB", str(markup_db_path[0]))
    monkeypatch.setenv("XEPLOAI_AUTH", "off")
    return markup_db_path[1]


def _strings(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v, key)
    elif isinstance(value, str):
        yield key, value


# a tag plotly would draw (link, bold, styled span); entities (&lt;a …) are shown as text
_PLOTLY_TAG = re.compile(r"<(a|b|i|span|sup|sub|em)[\s>]", re.IGNORECASE)
# what Streamlit's markdown would make a link, an icon or maths of, unless escaped
_MARKDOWN = re.compile(
    r"(?<!\\)<a\s|(?<!\\)\]\(|https://evil|(?<!\\)\$x(?<!\\)\$|"
    r"(?<!\\):material/|(?<!\\)\*Chi bộ(?<!\\)\*"
)


@pytest.mark.parametrize(
    ("page", "query"),
    [
        ("views/trends.py", {}),
        ("views/targets.py", {"year": "2024"}),
        ("views/exemptions.py", {"year": "2024"}),
        ("views/organization.py", {"org": 0, "year": "2024"}),
        ("views/organization.py", {"org": 1, "year": "2024"}),
        ("views/explorer.py", {"from": "2024", "to": "2024"}),
    ],
)
def test_names_with_markup_are_shown_as_text_in_charts_and_words(
    markup_app: list[str], page: str, query: dict[str, Any]
) -> None:
    link = {k: markup_app[v] if k == "org" else v for k, v in query.items()}
    at = open_page(page, link)
    assert not at.exception
    specs = charts(at)
    assert specs or page == "views/explorer.py", "the page draws charts"
    shown = []
    for spec in specs:
        for key, text in _strings(spec):
            if key in ("hovertemplate", "texttemplate"):
                continue  # the product's own templates; names reach them only as values
            assert not _PLOTLY_TAG.search(text), (key, text)
            shown.append(html.unescape(text))  # what plotly draws: the entities as characters
    words = texts(at)
    assert not _MARKDOWN.search(words), words
    if page == "views/organization.py":
        # the organization's own page: its name, exactly as written, in a chart title
        name = f"{MARKUP_NAMES[query['org']]} {link['org']}"
        # chart titles are drawn by the page above the chart, as markdown with every mark
        # escaped: the name reads as written once the escapes are taken away
        titles = [m.value for m in at.markdown if m.value.startswith("**")]
        assert any(name in t.replace("\\", "") for t in titles), titles


@pytest.mark.parametrize(
    "value", [MD_LINK, LINK, "https://evil.example/login", ":material/home: $x$"]
)
def test_a_crafted_link_value_is_told_back_as_text(markup_app: list[str], value: str) -> None:
    # a shared link's unknown value is named in the sidebar's notice: as written, never a link
    at = open_page("views/trends.py", {"sector": value})
    notices = [w.value for w in at.warning if "sector" in w.value]
    assert notices, texts(at)
    assert not _MARKDOWN.search("\n".join(notices)), notices
    assert "evil.example" in notices[0] or "material" in notices[0]


def test_markdown_text_escapes_exactly_the_markup() -> None:
    assert markdown_text("87,50% (QĐ 366): năm 2024.") == "87,50% (QĐ 366): năm 2024."
    assert markdown_text(MD_LINK) == r"\[Đăng nhập lại\](https\://evil.example/login)"
    assert markdown_text("lệnh `python -m xeploai users add` <b>") == (
        r"lệnh `python -m xeploai users add` \<b\>"
    )
    assert markdown_text("www.evil.vn a@b.vn :red[x]") == r"www\.evil.vn a\@b.vn :red\[x\]"


def test_the_exports_charts_show_names_as_text() -> None:
    # the presentation page, the HTML file and the report's images draw chart_spec's figures
    chart = Chart(
        "bar", f"Thấp nhất: {LINK}", (LINK, MD_LINK), (Series("HTT", (40.0, 50.0)),), number="pct"
    )
    fig = chart_plot(chart, Box(900, 440))
    # the title leaves the figure, whole, for the page or the report to draw as escaped text
    assert take_title(fig) == f"Thấp nhất: {LINK}"
    spec = fig.to_dict()
    drawn = [
        text
        for key, text in _strings(json.loads(json.dumps(spec, default=list)))
        if key not in ("hovertemplate", "texttemplate")
    ]
    assert not [t for t in drawn if _PLOTLY_TAG.search(t)]
    assert LINK in {html.unescape(t.replace("<br>", " ")) for t in drawn} or any(
        "evil.example" in html.unescape(t) for t in drawn
    )
