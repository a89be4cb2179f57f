"""The analysis pages in a real browser: a shared link round trip, a click on a bar that
filters the page, and a download."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from bench.load import _CHARTS_DRAWN as CHARTS_DRAWN
from tests.browser.helpers import choose, rerun_after, wait_ready

pytestmark = pytest.mark.browser


def open_link(page: Any, url: str) -> None:
    page.goto(url)
    wait_ready(page)
    page.wait_for_selector(".js-plotly-plot, [data-testid=stDataFrame]", timeout=30_000)
    wait_ready(page)  # the end of the run that drew it (helpers.open_app)


def click_bar(page: Any, bar: Any) -> None:
    """Click a plotly bar where a user would: its drag layer lies on top, so use the mouse."""
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def chart_titles(page: Any) -> list[str]:
    """Each chart's title: the bold line above it in its block (a chart's title is text on the
    page, where it wraps, not a part of the figure)."""
    raw = page.eval_on_selector_all(
        ".js-plotly-plot",
        "els => els.map(e => { const block = e.closest("
        "'[class*=\"st-key-chart-\"]'); const t = block && block.querySelector('strong');"
        " return t ? t.innerText : ''; })",
    )
    return [re.sub(r"<[^>]+>", " ", t).replace("  ", " ").strip() for t in raw]


def chips(page: Any, label: str) -> list[str]:
    """The values shown in a sidebar multiselect, by its label."""
    box = page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").filter(has_text=label)
    return [
        t.strip()
        for t in box.locator(".react-aria-ComboBox [data-tag] > span[title]").all_inner_texts()
    ]


def test_a_shared_link_reopens_the_view_and_a_change_updates_it(page: Any, app_url: str) -> None:
    open_link(page, app_url + "/xu-huong?from=2016&to=2020&sector=education&zoom=2")
    assert chips(page, "Khối, lĩnh vực") == ["Giáo dục"]
    first = chart_titles(page)[0]
    assert "(2016)" in first and "(2020)" in first
    sidebar = page.locator("[data-testid=stSidebar]").inner_text()
    assert "zoom=2" in sidebar and "không hợp lệ" in sidebar  # the bad part, said aloud
    assert "zoom" not in page.url  # … and dropped from the link

    page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").filter(
        has_text="Đến năm"
    ).get_by_role("combobox").click()
    rerun_after(page, page.get_by_role("option", name="2019", exact=True).click)
    assert "to=2019" in page.url
    assert "sector=education" in page.url and "from=2016" in page.url
    assert "(2019)" in chart_titles(page)[0]

    page.goto(page.url)  # the copied link, opened anew
    wait_ready(page)
    page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    assert chips(page, "Khối, lĩnh vực") == ["Giáo dục"]
    assert "(2019)" in chart_titles(page)[0]

    # the data under a chart is drawn when its section is opened, and only then
    block = page.locator(".st-key-chart-good")
    assert block.locator("[data-testid=stDataFrame]").count() == 0
    assert page.locator("[data-testid=stMain] [data-testid=stDataFrame]").count() == 0
    rerun_after(page, block.get_by_text("Số liệu của biểu đồ").click)
    block.locator("[data-testid=stDataFrame]").wait_for(timeout=30_000)
    assert page.locator("[data-testid=stMain] [data-testid=stDataFrame]").count() == 1


def test_a_subjects_levels_are_drawn_when_its_tab_is_chosen(page: Any, app_url: str) -> None:
    # only the tab shown draws its chart: the others are drawn when chosen, and the link says
    # which one is open
    open_link(page, app_url + "/xu-huong?from=2015&to=2024")
    titles = chart_titles(page)
    assert any(t.startswith("Tổ chức cơ sở đảng:") for t in titles)
    assert not any(t.startswith("Đảng viên:") for t in titles)
    drawn = page.locator(".js-plotly-plot").count()
    rerun_after(page, page.get_by_role("tab", name="Đảng viên").click)
    page.wait_for_function("() => location.search.includes('subject=members')", timeout=15_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.js-plotly-plot')].every("
        "p => p.querySelector('.main-svg'))",
        timeout=30_000,
    )
    titles = chart_titles(page)
    assert any(t.startswith("Đảng viên:") for t in titles)
    assert not any(t.startswith("Tổ chức cơ sở đảng:") for t in titles)
    assert page.locator(".js-plotly-plot").count() == drawn  # one tab's chart for another


def test_clicking_a_sector_bar_filters_the_page(page: Any, app_url: str) -> None:
    open_link(page, app_url + "/xu-huong?from=2015&to=2024")
    chart = page.locator(".st-key-by_sector .js-plotly-plot")
    chart.scroll_into_view_if_needed()
    index = chart.evaluate("gd => gd.data[0].customdata.indexOf('health')")
    assert index >= 0
    rerun_after(page, lambda: click_bar(page, chart.locator(".barlayer .point").nth(index)))
    page.wait_for_function("() => location.search.includes('sector=health')", timeout=15_000)
    wait_ready(page)
    assert chips(page, "Khối, lĩnh vực") == ["Y tế"]
    # the page now shows the health sector alone: 2 of its 3 base organizations good in 2024
    first = chart_titles(page)[0]
    assert first.startswith("Tổ chức cơ sở đảng") and "66,67% (2024)" in first


def test_clicking_an_organization_opens_its_page(page: Any, app_url: str) -> None:
    open_link(page, app_url + "/mien-sinh-hoat?year=2019")
    chart = page.locator(".st-key-exempt_top .js-plotly-plot")
    chart.scroll_into_view_if_needed()
    code = chart.evaluate("gd => gd.data[0].customdata[gd.data[0].customdata.length - 1]")
    click_bar(page, chart.locator(".barlayer .point").last)  # the top bar: the most exempted
    page.wait_for_url(f"**/to-chuc?*org={code}*", timeout=15_000)
    wait_ready(page)
    assert "Đảng bộ xã Bà Điểm" in page.locator("[data-testid=stMain]").inner_text()


def test_the_explorer_downloads_an_excel_workbook(page: Any, app_url: str) -> None:
    open_link(page, app_url + "/tra-cuu?from=2019&to=2019&sector=commune")
    with page.expect_download() as info:
        page.get_by_role("button", name="Tải về Excel").click()
    download = info.value
    assert download.suggested_filename == "tra-cuu-2019-2019.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    rows = list(book.active.iter_rows(values_only=True))
    header, body, totals = rows[0], rows[1:-1], rows[-1]
    assert header[:3] == ("Năm", "Mã", "Tổ chức")
    assert len(body) == 12 and {r[4] for r in body} == {"Xã, thị trấn"}
    assert totals[0] == "Tổng cộng"
    members = header.index("Tổng số đảng viên")
    assert totals[members] == sum(r[members] for r in body)


# each chart's element, and the categories of its first trace as drawn
CHARTS = "() => [...document.querySelectorAll('.xl-chart')]"
FIRST_XS = f"() => ({CHARTS})().map(g => JSON.stringify(g.data[0].x))"


def test_a_change_of_the_years_redraws_each_chart_in_its_own_element(
    page: Any, app_url: str
) -> None:
    """ui/plotly_chart.py: a chart keeps its element from one run to the next and draws the
    new figure into it. Streamlit's own element mounted a new chart at every change and drew
    it twice (docs/PERFORMANCE.md)."""
    open_link(page, app_url + "/xu-huong?from=2015&to=2024")
    page.wait_for_function(CHARTS_DRAWN, timeout=30_000)
    page.evaluate(f"() => {{ window.__charts = ({CHARTS})(); }}")
    before = page.evaluate(FIRST_XS)
    assert "2015" in before[0]
    choose(page, "Từ năm", "2018")
    page.wait_for_function(CHARTS_DRAWN, timeout=30_000)
    after = page.evaluate(FIRST_XS)
    # the same elements, in the same places, now drawing the years from 2018
    assert page.evaluate(
        f"() => {{ const now = ({CHARTS})(); return now.length === window.__charts.length"
        " && now.every((g, i) => g === window.__charts[i]); }"
    )
    assert "2015" not in after[0] and "2018" in after[0] and after[0] != before[0]


def test_a_chart_goes_to_the_whole_screen_and_back(page: Any, app_url: str) -> None:
    """The button over a chart (what Streamlit's toolbar offered beside its charts) puts the
    chart on the whole screen at the screen's height, and brings it back at its own."""
    open_link(page, app_url + "/xu-huong?from=2015&to=2024")
    page.wait_for_function(CHARTS_DRAWN, timeout=30_000)
    host = page.locator(".xl-chart-host").first
    chart = host.locator(".xl-chart")
    own = chart.evaluate("g => g._fullLayout.height")
    host.hover()
    button = host.locator("button.xl-chart-full")
    assert button.get_attribute("aria-label") == "Xem biểu đồ toàn màn hình"
    button.click()
    page.wait_for_function(
        "() => document.fullscreenElement && document.fullscreenElement"
        ".querySelector('.xl-chart') && document.fullscreenElement.querySelector('.xl-chart')"
        "._fullLayout.height === window.innerHeight",
        timeout=15_000,
    )
    assert button.get_attribute("aria-label") == "Thoát toàn màn hình"
    button.click()
    page.wait_for_function(
        "(own) => !document.fullscreenElement && document.querySelector('.xl-chart')"
        "._fullLayout.height === own",
        arg=own,
        timeout=15_000,
    )
    assert button.get_attribute("aria-label") == "Xem biểu đồ toàn màn hình"
    # a slide's chart is shown by the deck: no button of its own
    open_link(page, app_url + "/trinh-chieu")
    page.wait_for_selector(".st-key-xl-deck .xl-chart", state="attached", timeout=30_000)
    assert page.locator(".st-key-xl-deck .xl-chart-full").count() == 0
