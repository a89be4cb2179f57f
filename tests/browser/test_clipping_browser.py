"""No chart cuts a word (issue 13): every tick label, title, legend entry, value and note of
every chart lies inside the chart's box, at a phone's width, a laptop's and a large screen's.

Chromium draws each chart and reports where each piece of text ended
(``clipping.OFFENDERS_JS``): on every page of the app at 390, 1366 and 1920 px, on every slide
of the presentation at 1280×720, in the Word report's images (their fixed size) and in the HTML
file's charts at the same widths. The charts are those of the demo, whose organization and
group names are the longest real ones (``Đảng bộ xã Xuân Thới Đông``, the sector labels); a
chart made of the longest of them checks the wrapping on its own.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.clipping import offenders_in_figures, offenders_on_page
from tests.browser.helpers import wait_ready
from xeploai import exports
from xeploai.charts.base import FONT_SIZE, LABEL_WIDTH, category_labels, take_title
from xeploai.charts.text import text_width
from xeploai.exports.docx import IMAGE_BOX
from xeploai.exports.figures import Box, chart_plot, report_figures
from xeploai.exports.story import Chart, Series, load_year
from xeploai.metrics.catalogue import base_org_catalogue
from xeploai.store.database import Database

pytestmark = pytest.mark.browser

WIDTHS = (390, 1366, 1920)
# Every page that draws charts (Tra cứu and Kiểm tra quy tắc show tables only).
PAGES = (
    "/?year=2019",
    "/xu-huong?from=2015&to=2024",
    # the other subjects' levels: a tab's chart is drawn when its tab is open
    "/xu-huong?from=2015&to=2024&subject=subordinate_cells",
    "/xu-huong?from=2015&to=2024&subject=members",
    "/chi-tieu?year=2019",
    "/mien-sinh-hoat?year=2019",
    "/to-chuc?org=XBD&year=2019",
    # the evaluation as it is worked (issue 12): in the communes, 2025–2026
    "/quy-trinh-danh-gia?scope=XA_BADIEM",
    "/khac-phuc?scope=XA_BADIEM",
)


def _charts_drawn(page: Any, at_least: int = 1) -> int:
    """Wait until the page has drawn at least ``at_least`` charts and every chart it holds
    has drawn its picture; their number."""
    wait_ready(page)
    page.wait_for_function(
        "(n) => { const c = [...document.querySelectorAll('.xl-chart')];"
        " return c.length >= n && c.every(e => e.querySelector('.main-svg .draglayer')); }",
        arg=at_least,
        timeout=30_000,
    )
    count: int = page.locator(".js-plotly-plot").count()
    return count


@pytest.mark.parametrize("width", WIDTHS)
def test_no_chart_of_any_page_cuts_a_label(new_tab: Any, app_url: str, width: int) -> None:
    page = new_tab(width, 900)
    drawn = 0
    for path in PAGES:
        page.goto(app_url + path)
        drawn += _charts_drawn(page)
        found = offenders_on_page(page)
        assert not found, (path, width, found[:5])
    assert drawn >= 10  # the pages' charts were there to be checked


def test_no_slide_cuts_a_label_at_1280x720(new_tab: Any, app_url: str) -> None:
    page = new_tab(1280, 720)
    page.goto(app_url + "/trinh-chieu?year=2019&slide=1")
    total = _charts_drawn(page, 6)
    assert total >= 6
    for index in range(9):  # every slide of the 2019 deck
        current = page.locator(f".st-key-xl-slide-{index}")
        charts = current.locator(".js-plotly-plot")
        found = offenders_on_page(page) if charts.count() else []
        assert not found, (index + 1, found[:5])


def test_the_reports_images_and_the_html_charts_cut_no_label(
    page: Any, new_tab: Any, db: Database
) -> None:
    data = load_year(db, 2019)
    assert data is not None
    figures = report_figures(data, IMAGE_BOX)  # the Word report's images, at their size
    assert len(figures) >= 5
    found = offenders_in_figures(
        page, [f.figure.to_dict() for f in figures.values()], IMAGE_BOX.width
    )
    assert not found, found[:5]
    html = exports.build("html", db, 2019).decode("utf-8")
    tab = new_tab()
    for width in WIDTHS:
        tab.set_viewport_size({"width": width, "height": 900})
        tab.set_content(html)  # drawn afresh at this width
        tab.wait_for_function(
            "() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= 5"
        )
        assert tab.locator(".js-plotly-plot").count() >= 5
        found = offenders_on_page(tab)
        assert not found, (width, found[:5])
        # nor does a chart reach past the window (a phone scrolls down, not sideways)
        widest = tab.evaluate(
            "() => Math.max(...[...document.querySelectorAll("
            "'.js-plotly-plot')].map(e => e.getBoundingClientRect()"
            ".right))"
        )
        assert widest <= width


def test_the_longest_names_are_wrapped_inside_the_chart(page: Any, db: Database) -> None:
    """The longest base organization names of the demo as the categories of each kind of
    chart the slides and reports draw, at a phone's width and at the slides'."""
    names = base_org_catalogue(db)["org_name"].drop_duplicates()
    longest = sorted(names, key=len, reverse=True)[:6]
    assert max(len(n) for n in longest) >= 25
    charts = [
        Chart(
            "bar",
            "Đảng viên hoàn thành tốt nhiệm vụ trở lên ở các tổ chức này (%)",
            tuple(longest),
            (Series("Tỷ lệ", tuple(99.99 - i for i in range(6)), "#2E7D32"),),
            number="pct",
        ),
        Chart(
            "clustered_bar",
            "Mục tiêu và thực hiện",
            tuple(longest),
            (
                Series("Mục tiêu", (95.0,) * 6, "#999999"),
                Series("Thực hiện", tuple(90.5 + i for i in range(6)), "#1565C0"),
            ),
            number="pct",
        ),
        Chart(
            "column",
            "Đảng viên miễn sinh hoạt qua các năm",
            tuple(str(y) for y in range(2015, 2025)),
            (Series("Miễn", tuple(float(5000 + 37 * i) for i in range(10)), "#8E24AA"),),
            number="count",
        ),
    ]
    for chart in charts:
        for box_width, box_height in ((1168, 380), (360, 420)):
            fig = chart_plot(chart, Box(box_width, box_height, font=16))
            take_title(fig)
            found = offenders_in_figures(page, [fig.to_dict()], box_width)
            assert not found, (chart.kind, box_width, found[:5])
    # the pages' own category axes wrap too
    ticks = category_labels(longest)["ticktext"]
    assert isinstance(ticks, list) and any("<br>" in str(t) for t in ticks)
    for tick in ticks:
        for line in str(tick).split("<br>"):
            assert text_width(line, FONT_SIZE) <= LABEL_WIDTH or " " not in line, line
