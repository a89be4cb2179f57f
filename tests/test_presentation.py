"""The presentation page (Trình chiếu), headless: slides one at a time, the deck's content."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from xeploai.domain.selection import Filters
from xeploai.metrics.yearly import year_summary
from xeploai.store.database import Database
from xeploai.texts import LEVEL_LABELS, fmt_int

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def open_page(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {"year": "2019"}).items():
        at.query_params[key] = value
    at.run()  # app.py first: it signs the user in (login off in these tests), then the page
    return at.switch_page("views/presentation.py").run()


def stage_html(at: AppTest) -> str:
    return " ".join(h.proto.body for h in at.get("html") if not h.proto.body.startswith("<style"))


def click(at: AppTest, key: str) -> AppTest:
    return at.button(key=key).click().run()


def test_first_slide_is_the_title(app_env: Path) -> None:
    at = open_page()
    assert not at.exception
    html = stage_html(at)
    assert "Kết quả đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên năm 2019" in html
    assert "Đảng bộ huyện Hóc Môn" in html
    assert "1 / 8" in html
    assert at.button(key="prev").disabled


def test_next_and_previous_change_the_slide(app_env: Path) -> None:
    at = open_page()
    click(at, "next")
    assert not at.exception
    html = stage_html(at)
    assert "Toàn Đảng bộ có 43 tổ chức cơ sở đảng, 257 chi bộ trực thuộc và 6.659 đảng viên" \
        in html
    assert "2 / 8" in html
    click(at, "next")
    assert "Năm 2019: 90,70% tổ chức cơ sở đảng" in stage_html(at)
    click(at, "prev")
    assert "2 / 8" in stage_html(at) and "Toàn Đảng bộ có 43" in stage_html(at)


def test_levels_slide_charts_the_level_counts(app_env: Path, db: Database) -> None:
    at = open_page()
    click(at, "next")
    click(at, "next")
    spec: dict[str, Any] = json.loads(at.get("plotly_chart")[0].proto.spec)
    s = year_summary(db, 2019)
    assert s is not None
    bars = {trace["name"]: trace["x"] for trace in spec["data"]}
    for code, n in s["members"]["levels"].items():
        assert bars[LEVEL_LABELS[code]][-1] == n  # the members' bar, last category


def test_last_slide_disables_next(app_env: Path) -> None:
    at = open_page()
    for _ in range(7):
        click(at, "next")
    assert "8 / 8" in stage_html(at)
    assert "1 trường hợp chưa đúng quy định xếp loại cần xem lại" in stage_html(at)
    assert at.button(key="next").disabled


def test_downloads_are_offered_for_every_format(app_env: Path) -> None:
    at = open_page()
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Bản trình chiếu (PowerPoint)", "Báo cáo (Word)", "Bảng thống kê (Excel)",
                      "Tệp HTML (xem không cần mạng)"]


def test_the_page_filters_reach_the_slides(app_env: Path, db: Database) -> None:
    at = open_page({"year": "2019", "sector": "education"})
    assert not at.exception
    assert any("Giáo dục" in c.value for c in at.caption)
    click(at, "next")
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
    click(at, "next")
    at.selectbox(key="present_year").select(2016).run()
    assert not at.exception
    html = stage_html(at)
    assert "năm 2016" in html and "1 / " in html


def test_a_scoped_secretary_presents_only_their_organization(
        demo_db_path: Path, tmp_path: Path, monkeypatch: Any, db: Database,
        sign_in_app: Any) -> None:
    """Slides and downloads go through the user's scope, like every other page."""
    import shutil

    from xeploai.access.users import AuthStore, auth_path

    path = tmp_path / "secured.duckdb"
    shutil.copy(demo_db_path, path)
    store = AuthStore(auth_path(path))
    store.add_user("bithu.xbd", "mat-khau-xbd", "viewer", ["XBD"])
    monkeypatch.setenv("XEPLOAI_DB", str(path))
    monkeypatch.delenv("XEPLOAI_AUTH", raising=False)
    sign_in_app(store, "bithu.xbd", "mat-khau-xbd")
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("views/presentation.py").run()
    assert not at.exception
    at.button(key="next").click().run()
    s = year_summary(db, 2024, Filters(orgs=("XBD",)))
    assert s is not None
    html = stage_html(at)
    assert "Các tổ chức được chọn có 1 tổ chức cơ sở đảng" in html
    assert f"{fmt_int(s['members']['total'])} đảng viên" in html


# --- in a real browser: what AppTest cannot show --------------------------------------------


def _count(page: Any) -> str:
    return str(page.locator(".xl-count").inner_text())


@pytest.mark.browser
def test_presenting_in_a_browser(page: Any, app_url: str, tmp_path: Path) -> None:
    """No sidebar; a clicker's PageDown and the arrow keys turn the slides; the deck downloads."""
    from pptx import Presentation

    from tests.browser import wait_ready

    page.goto(app_url + "/?year=2019")
    wait_ready(page)
    page.get_by_role("link", name="Trình chiếu").click()
    page.wait_for_selector(".xl-count")
    wait_ready(page)
    assert "Page not found" not in page.inner_text("body")
    assert not page.locator("[data-testid=stSidebar]").is_visible()
    assert _count(page) == "1 / 8"
    page.mouse.click(800, 880)  # focus the page, not a widget
    for key, expected in (("PageDown", "2 / 8"), ("ArrowRight", "3 / 8"),
                          ("ArrowLeft", "2 / 8"), ("PageUp", "1 / 8")):
        page.keyboard.press(key)
        page.wait_for_function(f"() => document.querySelector('.xl-count')?.innerText"
                               f" === '{expected}'", timeout=15_000)
    with page.expect_download() as download:
        page.get_by_role("button", name="Bản trình chiếu (PowerPoint)").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == "xep-loai-2019.pptx"
    assert len(Presentation(str(path)).slides) == 8
