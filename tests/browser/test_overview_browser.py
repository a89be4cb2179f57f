"""The overview in a real browser (Playwright driving Debian's Chromium)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser.helpers import RUNS_JS, choose, metric_values, open_app

pytestmark = pytest.mark.browser


def test_overview_loads_and_changing_the_year_changes_the_figures(page: Any, app_url: str) -> None:
    asked: list[str] = []

    def record(request: Any) -> None:
        asked.append(request.url)

    # the tab goes back to the pool after the test: the listener must not go with it
    page.on("request", record)
    try:
        _overview_and_a_year_change(page, app_url)
    finally:
        page.remove_listener("request", record)
    # nothing is asked of another server (a board's intranet has no internet): the page's
    # scripts, fonts and icons all come from the app
    elsewhere = [
        u
        for u in asked
        if urlsplit(u).scheme not in ("data", "blob")
        and urlsplit(u).netloc != urlsplit(app_url).netloc
    ]
    assert len(asked) > 20 and not elsewhere, elsewhere


def _overview_and_a_year_change(page: Any, app_url: str) -> None:
    open_app(page, app_url + "/?year=2019")
    shown = metric_values(page)
    assert shown["Tổ chức cơ sở đảng"] == "43"
    assert shown["Đảng viên"] == "6.659"
    # both charts drawn: plotly.js draws them after the run that sent them, so the count is
    # waited for (read at once, a loaded browser may not have drawn the second yet)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.js-plotly-plot')]"
        ".filter(p => p.querySelector('.main-svg')).length >= 2",
        timeout=30_000,
    )
    assert page.locator(".js-plotly-plot").count() == 2
    assert page.locator("[data-testid=stMetric]").count() == 8
    assert page.locator("svg.xl-spark").count() == 8  # each card's small trend, drawn
    body = page.inner_text("body")
    assert "Dữ liệu minh họa" in body and "Page not found" not in body

    choose(page, "Năm đánh giá", "2017")
    page.wait_for_function("() => !document.body.innerText.includes('6.659')", timeout=15_000)
    shown = metric_values(page)
    assert shown["Đảng viên"] == "6.421"
    assert shown["Tổ chức cơ sở đảng"] == "44"
    assert "year=2017" in page.url  # the link now reopens this view


def test_the_tab_counts_each_run_the_server_finishes(page: Any, app_url: str) -> None:
    # ``rerun_after`` and the load benchmark wait on these counts: the server's end of a run
    # (its websocket message) is counted once a run, a run the page drew as running too
    open_app(page, app_url + "/?year=2019")
    started, finished = page.evaluate(RUNS_JS)
    assert finished >= 1 and started >= 1  # the first run, at least
    for year in ("2017", "2018"):
        choose(page, "Năm đánh giá", year)
        now_started, now_finished = page.evaluate(RUNS_JS)
        assert now_finished == finished + 1, (year, finished, now_finished)
        assert now_started <= started + 1
        started, finished = now_started, now_finished


def test_a_shared_link_reopens_the_year(page: Any, app_url: str) -> None:
    open_app(page, app_url + "/?year=2016")
    assert metric_values(page)["Đảng viên"] == "6.274"
    assert "Page not found" not in page.inner_text("body")
