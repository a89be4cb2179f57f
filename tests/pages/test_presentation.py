"""The presentation page (Trình chiếu), headless: every slide of the deck drawn on the stage,
the controller given the same titles and notes, the link's year, filters and slide."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

from pptx import Presentation
from streamlit.testing.v1 import AppTest

from tests.pages import helpers
from tests.pages.helpers import APP, SignIn, link, widget
from xeploai import exports
from xeploai.access.users import AuthStore, auth_path
from xeploai.domain.selection import Filters
from xeploai.metrics.summary import year_summary
from xeploai.store.database import Database
from xeploai.texts import ANALYSIS, LEVEL_LABELS, PRESENT, UI, fmt_int

SLIDE = re.compile(r'<div class="xl-slide[ "]')


def open_page(query: dict[str, str | list[str] | None] | None = None) -> AppTest:
    """The page opened on a link, as app.py routes it (login off in these tests)."""
    return helpers.open_page("views/presentation.py", query or {"year": "2019"})


def slides_html(at: AppTest) -> list[str]:
    """The slides on the stage, in order (each one's HTML)."""
    return [h.proto.body for h in at.get("html") if SLIDE.match(h.proto.body)]


def controller(at: AppTest) -> dict[str, Any]:
    """What the page hands the slides' script: titles, notes, the slide a link presents."""
    found = [e for e in at.main.children.values() if getattr(e, "type", "") == "bidi_component"]
    found = found or [e for e in _walk(at.main) if getattr(e, "type", "") == "bidi_component"]
    assert found, "no controller"
    data: dict[str, Any] = json.loads(found[0].proto.json)
    return data


def _walk(node: Any) -> list[Any]:
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        return [x for i in sorted(children) for x in _walk(children[i])]
    return [node]


def test_every_slide_of_the_deck_is_on_the_stage_in_its_order(app_env: Path, db: Database) -> None:
    at = open_page()
    assert not at.exception
    slides = slides_html(at)
    deck = Presentation(io.BytesIO(exports.build("pptx", db, 2019)))
    titles = [s.shapes.title.text for s in deck.slides]
    assert len(slides) == len(titles) == 9
    assert controller(at)["titles"] == titles  # the same titles, in the same order
    for n, (html, title) in enumerate(zip(slides, titles, strict=True), start=1):
        assert title.replace("&", "&amp;").replace('"', "&quot;") in html
        assert PRESENT["count"].format(n=n, total=9) in html
        assert PRESENT["demo_mark"] in html  # the demo says it is the demo, on every slide
    assert "Kết quả đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên năm 2019" in slides[0]
    assert "Đảng bộ huyện Hóc Môn" in slides[0]
    assert (
        "Toàn Đảng bộ có 43 tổ chức cơ sở đảng, 257 chi bộ trực thuộc và 6.659 đảng viên"
        in slides[1]
    )
    # the presenter's notes are the deck's
    assert controller(at)["notes"] == [s.notes_slide.notes_text_frame.text for s in deck.slides]
    assert controller(at)["start"] is None  # the overview, until the presenter starts


def test_levels_slide_charts_the_level_counts(app_env: Path, db: Database) -> None:
    at = open_page()
    spec: dict[str, Any] = next(
        figure
        for figure in helpers.charts(at)
        if any(t.get("name") == LEVEL_LABELS["HTXSNV"] for t in figure["data"])
    )
    s = year_summary(db, 2019)
    assert s is not None
    bars = {trace["name"]: trace["x"] for trace in spec["data"] if trace["type"] == "bar"}
    for code, n in s["members"]["levels"].items():
        assert bars[LEVEL_LABELS[code]][-1] == n  # the members' bar, last category


def test_last_slide_names_the_findings(app_env: Path, db: Database) -> None:
    at = open_page()
    s = year_summary(db, 2019)
    assert s is not None and len(s["findings"]) == 1  # the planted cap violation
    assert "1 trường hợp chưa đúng quy định xếp loại cần xem lại" in slides_html(at)[-2]
    # the last: what needs attention (the organizations below "good" of 2019 among them)
    assert "cần chú ý" in slides_html(at)[-1]


def test_a_link_presents_from_its_slide(app_env: Path) -> None:
    at = open_page({"year": "2019", "slide": "3"})
    assert controller(at)["start"] == 3
    assert link(at)["slide"] == ["3"] and link(at)["year"] == ["2019"]
    at = open_page({"year": "2019", "slide": "42"})
    assert controller(at)["start"] is None  # the overview, and a notice
    assert any("slide=42" in w.value for w in at.sidebar.warning)


def test_downloads_are_offered_for_every_format(app_env: Path) -> None:
    at = open_page()
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == [
        "Bản trình chiếu (PowerPoint)",
        "Báo cáo (Word)",
        "Bảng thống kê (Excel)",
        "Tệp HTML (xem không cần mạng)",
    ]
    assert all(b.proto.ignore_rerun for b in at.get("download_button"))  # ui.render.download


def test_the_page_filters_reach_the_slides(app_env: Path, db: Database) -> None:
    at = open_page({"year": "2019", "sector": "education"})
    assert not at.exception
    assert any("Giáo dục" in c.value for c in at.caption)
    assert widget(at, "multiselect", ANALYSIS["sector"]).value == ["education"]
    s = year_summary(db, 2019, Filters(sectors=("education",)))
    assert s is not None
    assert (
        f"Các tổ chức được chọn có {fmt_int(s['base_orgs']['total'])} tổ chức cơ sở đảng"
        in slides_html(at)[1]
    )


def test_a_year_chosen_in_the_sidebar_makes_that_years_slides(app_env: Path) -> None:
    at = open_page()
    widget(at, "selectbox", UI["year"]).select(2016).run()
    assert not at.exception
    assert "năm 2016" in slides_html(at)[0]
    assert link(at)["year"] == ["2016"]


def test_a_scoped_secretary_presents_only_their_organization(
    secured_db_path: Path, db: Database, sign_in_app: SignIn
) -> None:
    """Slides and downloads go through the user's scope (bithu.xbd: Bà Điểm only), like every
    other page."""
    sign_in_app(AuthStore(auth_path(secured_db_path)), "bithu.xbd", "mat-khau-xbd")
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["year"] = "2024"  # Bà Điểm's committee stood until July 2025
    at.run()
    at.switch_page("views/presentation.py").run()
    assert not at.exception
    s = year_summary(db, 2024, Filters(orgs=("XBD",)))
    assert s is not None
    html = slides_html(at)[1]
    assert "Các tổ chức được chọn có 1 tổ chức cơ sở đảng" in html
    assert f"{fmt_int(s['members']['total'])} đảng viên" in html
