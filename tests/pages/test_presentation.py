"""The presentation page (Trình chiếu), headless: slides one at a time, the deck's content."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

from tests.pages import helpers
from tests.pages.helpers import APP, SignIn, widget
from xeploai.access.users import AuthStore, auth_path
from xeploai.domain.selection import Filters
from xeploai.metrics.summary import year_summary
from xeploai.store.database import Database
from xeploai.texts import LEVEL_LABELS, PRESENT, fmt_int, fmt_pct

PREVIOUS, NEXT = "prev", "next"


def open_page(query: dict[str, str | list[str] | None] | None = None) -> AppTest:
    """The page opened on a link, as app.py routes it (login off in these tests)."""
    return helpers.open_page("views/presentation.py", query or {"year": "2019"})


def stage_html(at: AppTest) -> str:
    return " ".join(h.proto.body for h in at.get("html") if not h.proto.body.startswith("<style"))


def stage_button(at: AppTest, which: str) -> Any:
    """The "previous" or "next" button the presenter sees: the one with an icon (a hidden twin
    without one serves the arrow keys)."""
    label = PRESENT["previous" if which == PREVIOUS else "next"]
    return next(b for b in at.button if b.label == label and b.proto.icon)


def click(at: AppTest, which: str) -> AppTest:
    after: AppTest = stage_button(at, which).click().run()
    return after


def test_first_slide_is_the_title(app_env: Path) -> None:
    at = open_page()
    assert not at.exception
    html = stage_html(at)
    assert "Kết quả đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên năm 2019" in html
    assert "Đảng bộ huyện Hóc Môn" in html
    assert "1 / 8" in html
    assert stage_button(at, PREVIOUS).disabled


def test_next_and_previous_change_the_slide(app_env: Path, db: Database) -> None:
    at = open_page()
    click(at, NEXT)
    assert not at.exception
    html = stage_html(at)
    assert "Toàn Đảng bộ có 43 tổ chức cơ sở đảng, 257 chi bộ trực thuộc và 6.659 đảng viên" \
        in html
    assert "2 / 8" in html
    click(at, NEXT)
    s = year_summary(db, 2019)
    assert s is not None
    good = fmt_pct(s["base_orgs"]["good_or_better_pct"])
    assert f"Năm 2019: {good} tổ chức cơ sở đảng" in stage_html(at)
    click(at, PREVIOUS)
    assert "2 / 8" in stage_html(at) and "Toàn Đảng bộ có 43" in stage_html(at)


def test_levels_slide_charts_the_level_counts(app_env: Path, db: Database) -> None:
    at = open_page()
    click(at, NEXT)
    click(at, NEXT)
    spec: dict[str, Any] = json.loads(at.get("plotly_chart")[0].proto.spec)
    s = year_summary(db, 2019)
    assert s is not None
    bars = {trace["name"]: trace["x"] for trace in spec["data"]}
    for code, n in s["members"]["levels"].items():
        assert bars[LEVEL_LABELS[code]][-1] == n  # the members' bar, last category


def test_last_slide_disables_next(app_env: Path, db: Database) -> None:
    at = open_page()
    for _ in range(7):
        click(at, NEXT)
    assert "8 / 8" in stage_html(at)
    s = year_summary(db, 2019)
    assert s is not None and len(s["findings"]) == 1  # the planted cap violation
    assert "1 trường hợp chưa đúng quy định xếp loại cần xem lại" in stage_html(at)
    assert stage_button(at, NEXT).disabled


def test_downloads_are_offered_for_every_format(app_env: Path) -> None:
    at = open_page()
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Bản trình chiếu (PowerPoint)", "Báo cáo (Word)", "Bảng thống kê (Excel)",
                      "Tệp HTML (xem không cần mạng)"]


def test_the_page_filters_reach_the_slides(app_env: Path, db: Database) -> None:
    at = open_page({"year": "2019", "sector": "education"})
    assert not at.exception
    assert any("Giáo dục" in c.value for c in at.caption)
    click(at, NEXT)
    s = year_summary(db, 2019, Filters(sectors=("education",)))
    assert s is not None
    assert (f"Các tổ chức được chọn có {fmt_int(s['base_orgs']['total'])} tổ chức cơ sở đảng"
            in stage_html(at))


def test_the_sidebar_is_hidden_on_this_page(app_env: Path) -> None:
    at = open_page()
    styles = [h.proto.body for h in at.get("html") if h.proto.body.startswith("<style")]
    assert any('[data-testid="stSidebar"]' in s and "display: none" in s for s in styles)


def test_a_year_chosen_on_the_page_restarts_at_the_title(app_env: Path) -> None:
    at = open_page()
    click(at, NEXT)
    widget(at, "selectbox", PRESENT["year"]).select(2016).run()
    assert not at.exception
    html = stage_html(at)
    assert "năm 2016" in html and "1 / " in html


def test_a_scoped_secretary_presents_only_their_organization(
        secured_db_path: Path, db: Database, sign_in_app: SignIn) -> None:
    """Slides and downloads go through the user's scope (bithu.xbd: Bà Điểm only), like every
    other page."""
    sign_in_app(AuthStore(auth_path(secured_db_path)), "bithu.xbd", "mat-khau-xbd")
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["year"] = "2024"  # Bà Điểm's committee stood until July 2025
    at.run()
    at.switch_page("views/presentation.py").run()
    assert not at.exception
    click(at, NEXT)
    s = year_summary(db, 2024, Filters(orgs=("XBD",)))
    assert s is not None
    html = stage_html(at)
    assert "Các tổ chức được chọn có 1 tổ chức cơ sở đảng" in html
    assert f"{fmt_int(s['members']['total'])} đảng viên" in html
