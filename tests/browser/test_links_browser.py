"""Links that carry the whole view, in a real browser (issue 13): a drill-down leaves the page it
came from as it was (Back and Forward bring each view back with its figures), the "Sao chép
liên kết" button copies the address that reopens the view, and a phone of 390 px shows the
pages' charts without cut words or a toolbar over their titles."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.helpers import metric_values, open_app, rerun_after, wait_ready
from tests.browser.test_analysis_browser import click_bar

pytestmark = pytest.mark.browser


def _title(page: Any, text: str) -> None:
    page.wait_for_selector(f"h1:has-text('{text}')", timeout=30_000)
    wait_ready(page)


def _exempt_figures(page: Any) -> dict[str, str]:
    page.wait_for_selector("[data-testid=stMetric]", timeout=30_000)
    return metric_values(page)


def test_a_drill_down_leaves_the_page_it_came_from_as_it_was(page: Any, app_url: str) -> None:
    open_app(page, app_url + "/mien-sinh-hoat?year=2019")  # its first run over, every card drawn
    _title(page, "Miễn sinh hoạt")
    before = _exempt_figures(page)
    assert before  # the cards of the year: members exempted, their share …
    chart = page.locator(".st-key-chart-exempt_top .js-plotly-plot")
    chart.wait_for()
    click_bar(page, chart.locator(".bars .point path").last)  # the top bar: the most exempted
    _title(page, "Tổ chức")
    opened = parse_qs(urlsplit(page.url).query)
    assert urlsplit(page.url).path == "/to-chuc" and len(opened["org"]) == 1

    rerun_after(page, page.go_back)  # the run that draws the page again, over
    _title(page, "Miễn sinh hoạt")
    page.wait_for_function("() => location.pathname === '/mien-sinh-hoat'")
    assert _exempt_figures(page) == before  # the same figures: no filter was left behind
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"year": ["2019"], "from": query["from"], "to": query["to"]}
    assert "org" not in query and "sector" not in query
    assert not page.locator(".st-key-active-filters").count()  # nothing said to be filtered

    page.go_forward()
    _title(page, "Tổ chức")
    assert parse_qs(urlsplit(page.url).query)["org"] == opened["org"]
    assert page.get_by_role("combobox", name="Tổ chức").input_value()  # the one opened


def test_copy_link_copies_the_address_that_reopens_the_view(new_tab: Any, app_url: str) -> None:
    page = new_tab(1366, 768)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(app_url + "/xu-huong?from=2018&to=2024&sector=education&sector=commune")
    _title(page, "Xu hướng chất lượng")
    page.get_by_role("button", name="Sao chép liên kết").click()
    page.wait_for_selector(".xl-copied:not([hidden])")
    copied = page.evaluate("() => window.__xlCopiedLink")
    assert copied == page.url
    query = parse_qs(urlsplit(copied).query)
    assert query["sector"] == ["education", "commune"] and query["from"] == ["2018"]
    # the filter in force is said under the title, with its cross
    line = page.locator(".st-key-active-filters")
    assert "Đang lọc" in line.inner_text() and "Giáo dục" in line.inner_text()


def test_a_phone_shows_the_overview_without_a_toolbar_over_the_titles(
    browser: Any, app_url: str
) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="vi-VN", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    try:
        page.goto(app_url + "/?year=2019")
        page.wait_for_selector("[data-testid=stMetric]", timeout=30_000)
        wait_ready(page)
        page.wait_for_selector(".js-plotly-plot .main-svg")
        assert page.locator(".modebar").count() == 0  # plotly's English toolbar is off
        widest = page.evaluate("() => document.scrollingElement.scrollWidth")
        assert widest <= 390  # nothing sideways
    finally:
        context.close()


def test_streamlits_own_widget_texts_read_in_vietnamese(page: Any, app_url: str) -> None:
    """A multiselect offers no "Select all"; the uploader's "Upload" and "Limit 64MB per file" are
    covered by Vietnamese (Streamlit 1.67 lets no app change them otherwise)."""
    page.goto(app_url + "/xu-huong")
    _title(page, "Xu hướng chất lượng")
    page.get_by_role("combobox", name="Khối, lĩnh vực").click()
    options = page.locator("[role=listbox]").first
    options.wait_for()
    assert "Giáo dục" in options.inner_text()
    assert "Select all" not in page.inner_text("body")
    page.keyboard.press("Escape")

    page.goto(app_url + "/nhap-du-lieu")
    _title(page, "Nhập dữ liệu")
    zone = page.locator("[data-testid=stFileUploaderDropzone]")
    zone.wait_for()
    shown = zone.evaluate(
        "z => [...z.querySelectorAll('button p, [data-testid=stFileUploaderDropzoneInstructions]"
        " span')].map(e => [getComputedStyle(e).fontSize,"
        " getComputedStyle(e, '::after').content])"
    )
    limit = '"Kéo thả tệp vào đây; tệp .xlsx, .csv tối đa 20 MB, tệp nén .zip tối đa 64 MB"'
    assert shown == [["0px", '"Chọn tệp"'], ["0px", limit]]
