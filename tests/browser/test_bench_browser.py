"""What the benchmark counts as a page drawn (bench/load.py), judged by Chromium itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.load import _CHARTS_DRAWN, _REDRAWN_JS, PRESS_JS
from tests.browser.helpers import RUN_COUNTER_JS, app_with_login
from tests.loops import run_alone

pytestmark = pytest.mark.browser

# the page's body as Streamlit lays it out, with what each case leaves in it
_MAIN = '<div data-testid="stMain"><div data-testid="stMetric">6.659</div>{}</div>'
_SKELETON = '<div data-testid="stElementContainer"><div data-testid="stSkeleton"></div></div>'
# a chart element (ui/plotly_chart.py): drawn; waiting for plotly.js (marked, no plot yet);
# drawing a new figure over its last one (marked, the old plot still there)
_PLOT = '<div class="xl-chart js-plotly-plot"><svg class="main-svg"></svg></div>'
_WAITING = '<div class="xl-chart" data-xl-drawing></div>'
_REDRAWING = (
    '<div class="xl-chart js-plotly-plot" data-xl-drawing><svg class="main-svg"></svg></div>'
)


@pytest.fixture
def tab(browser: Any) -> Iterator[Any]:
    """A page of a browser context of its own, closed after the test."""
    context = browser.new_context()
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.mark.parametrize(
    ("inside", "drawn"),
    [
        ("", True),  # a page without charts
        (_PLOT + _PLOT, True),
        # plotly's chunk still loading: the chart is a skeleton, no plot yet (the first page
        # after a login); this passed until the twenty-sixth stop
        (_SKELETON + _SKELETON, False),
        (_PLOT + _SKELETON, False),
        (_PLOT + _WAITING, False),  # plotly.js still loading: no plot yet
        (_PLOT + _REDRAWING, False),  # a year changed: the new figure not drawn yet
        (_PLOT + '<div class="xl-chart"></div>', False),  # never drawn
    ],
)
def test_a_page_is_drawn_once_no_chart_is_still_loading(tab: Any, inside: str, drawn: bool) -> None:
    tab.set_content(f"<body>{_MAIN.format(inside)}</body>")
    assert tab.evaluate(_CHARTS_DRAWN) is drawn


# A page as Streamlit leaves it after a run (its script not running) with one chart, which
# ``draw`` marks as drawing its new figure and then draws; ``finish`` counts a run finished.
_APP = (
    '<div data-testid="stApp" data-test-script-state="notRunning"><div data-testid="stMain">'
    '<div class="xl-chart js-plotly-plot"><svg class="main-svg"></svg></div>'
    '<button id="year">2023</button></div></div>'
)
_LATER = """([finish, draw]) => {
  const chart = document.querySelector('.xl-chart');
  chart.setAttribute('data-xl-drawing', '');
  chart.replaceChildren();
  setTimeout(() => { window.__xlRunsFinished += 1; }, finish);
  setTimeout(() => {
    chart.innerHTML = '<svg class="main-svg"></svg>';
    chart.removeAttribute('data-xl-drawing');
  }, draw);
}"""


@pytest.mark.parametrize(("finish", "draw"), [(300, 150), (100, 400)])
def test_a_year_change_is_timed_by_the_page_from_the_press_until_it_is_drawn(
    tab: Any, finish: int, draw: int
) -> None:
    # what the benchmark's redraw waits for (bench/load.py), from the user's press: the run
    # the press caused, then every chart drawn; the later of the two ends it
    tab.set_content(f"<body>{_APP}</body>")
    tab.evaluate(f"() => {{ {RUN_COUNTER_JS}; {PRESS_JS} }}")
    runs = tab.evaluate("() => [window.__xlRunsStarted, window.__xlRunsFinished]")
    tab.click("#year")
    tab.evaluate(_LATER, [finish, draw])
    ms = tab.evaluate(_REDRAWN_JS, runs)
    assert max(finish, draw) <= ms < max(finish, draw) + 2_000


def test_a_year_change_the_page_saw_no_press_for_has_no_time(tab: Any) -> None:
    tab.set_content(f"<body>{_APP}</body>")
    tab.evaluate(f"() => {{ {RUN_COUNTER_JS}; {PRESS_JS} }}")
    tab.evaluate(_LATER, [50, 50])
    assert tab.evaluate(_REDRAWN_JS, [0, 0]) is None


@pytest.fixture(scope="module")
def signed_url(demo_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app with the login on, as the benchmark serves it, with the demo's accounts."""
    with app_with_login(demo_db_path, tmp_path_factory.mktemp("bench-sessions")) as url:
        yield url


def test_the_many_users_benchmark_times_each_year_change_from_the_press(signed_url: str) -> None:
    # bench/load.py's session on the real app: signed in through the form, then two year
    # changes, each timed by the page from the press (which the page saw) and from
    # Playwright's call, which starts before it. In a thread of its own (``run_alone``).
    from bench.load import run_sessions

    [session] = run_alone(run_sessions(signed_url, 1, 2))
    assert session.errors == [] and session.first_load is not None
    assert len(session.redraws) == 2 and len(session.called) == 2
    for pressed, called in zip(session.redraws, session.called, strict=True):
        assert 0 < pressed < called
